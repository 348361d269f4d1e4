//! Quote stage: finds quotations and attributes each to its speaker.
//!
//! Consumes tokens, mentions and entities; produces [`Quote`]s. A quotation is the text between
//! matching quotation marks in a paragraph (to the paragraph's end when it stays open). Its
//! speaker is found, in order: a speech verb right after it (`," Rubio asserted`, `," he
//! said`), a speech verb right before it (`he added, "…"`, `saying: "…"`, whose subject
//! speaks), "according to X" in its sentence, or the speaker of the quotation just before it
//! in the paragraph. Relations are not mined inside quotations.

use super::relations::view::{Arg, View};
use super::{Annotated, EntityType, Quote, Stage};
use crate::document::Span;
use crate::lexicon::Lexicons;

pub struct Quotes;

fn opens(s: &str) -> bool {
    matches!(s, "\u{201C}" | "\"" | "\u{AB}")
}

fn closes(s: &str) -> bool {
    matches!(s, "\u{201D}" | "\"" | "\u{BB}")
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let n = doc.tokens.len();
        let mut j = 0;
        let mut found: Vec<(usize, usize)> = Vec::new(); // (open, close) token indices
        while j < n {
            if opens(doc.tok(j)) {
                let para = doc.tokens[j].paragraph;
                let mut k = j + 1;
                while k < n && doc.tokens[k].paragraph == para && !closes(doc.tok(k)) {
                    k += 1;
                }
                if k > j + 1 {
                    found.push((j, k));
                }
                j = k + 1;
            } else {
                j += 1;
            }
        }
        let mut previous: Option<(usize, Option<usize>)> = None; // (paragraph, speaker)
        for (open, close) in found {
            let Some(sentence) = doc.sentence_of(open) else {
                continue;
            };
            let start = doc.tokens[open].span.end;
            let end = if close < n && doc.tokens[close].paragraph == doc.tokens[open].paragraph {
                doc.tokens[close].span.start
            } else {
                doc.tokens[close - 1].span.end
            };
            let para = doc.tokens[open].paragraph;
            let mut attribution = after(doc, lex, close, sentence)
                .or_else(|| before(doc, lex, open, sentence))
                .or_else(|| according_to(doc, lex, sentence));
            if attribution.is_none()
                && let Some((p, Some(speaker))) = previous
                && p == para
            {
                attribution = Some((speaker, None));
            }
            let (speaker, cue) = match attribution {
                Some((s, c)) => (Some(s), c),
                None => (None, None),
            };
            previous = Some((para, speaker));
            doc.quotes.push(Quote {
                span: Span::new(start, end.max(start)),
                speaker,
                cue,
                sentence,
            });
            if let Some(e) = speaker {
                doc.entities[e].keep = true;
            }
        }
    }
}

fn speaker_fits(a: &Arg) -> bool {
    matches!(
        a.etype,
        EntityType::Person | EntityType::Organization | EntityType::Delegation
    )
}

/// `," Rubio asserted`, `," said the minister`, `." He powerfully reiterated`.
fn after(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    close: usize,
    sentence: usize,
) -> Option<(usize, Option<Span>)> {
    let s = doc.sentence_of(close + 1).unwrap_or(sentence);
    let view = View::new(doc, s);
    let limit = view.range.end.min(close + 7);
    for v in close + 1..limit {
        if opens(doc.tok(v)) {
            break;
        }
        let Some((len, _)) = lex.quotes.speech_verbs.longest_at(&doc.keys, v) else {
            continue;
        };
        // The speaker before the verb, after the quotation; or right after the verb.
        let before_verb = (close + 1..v)
            .rev()
            .find_map(|k| view.arg_at(k).filter(|a| speaker_fits(a)).cloned());
        let after_verb = view.arg_at(v + len).filter(|a| speaker_fits(a)).cloned();
        if let Some(a) = before_verb.or(after_verb) {
            let cue = doc.span_of(&(a.tokens.start.min(v)..(a.tokens.end).max(v + len)));
            return Some((a.entity, Some(cue)));
        }
        return None;
    }
    None
}

/// `he added, "…"`, `saying: "…"`, `labeling the discussions "productive"`.
fn before(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    open: usize,
    sentence: usize,
) -> Option<(usize, Option<Span>)> {
    let view = View::new(doc, sentence);
    let from = open.saturating_sub(5).max(view.range.start);
    for v in (from..open).rev() {
        let Some((len, _)) = lex.quotes.speech_verbs.longest_at(&doc.keys, v) else {
            continue;
        };
        let subject = view.subject(v, speaker_fits);
        let (a, _) = subject.first()?;
        let cue = doc.span_of(&(a.tokens.start..v + len));
        return Some((a.entity, Some(cue)));
    }
    None
}

/// "according to X" anywhere in the sentence.
fn according_to(doc: &Annotated<'_>, lex: &Lexicons, sentence: usize) -> Option<(usize, Option<Span>)> {
    let view = View::new(doc, sentence);
    for k in view.range.clone() {
        if let Some((len, _)) = lex.quotes.according_to.longest_at(&doc.keys, k) {
            let (a, _) = view.objects(k + len, 8, &[], speaker_fits).into_iter().next()?;
            return Some((a.entity, Some(doc.span_of(&(k..a.tokens.end)))));
        }
    }
    None
}
