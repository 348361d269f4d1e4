//! Quote stage: finds quotations and attributes each to its speaker.
//!
//! Consumes tokens, mentions and entities; produces [`Quote`]s. A quotation is the text between
//! matching quotation marks in a paragraph (to the paragraph's end when it stays open). Its
//! speaker is found, in order: a speech verb right after it (`," Rubio asserted`, `," he
//! said`), a speech verb right before it (`he added, "…"`, `saying: "…"`, whose subject
//! speaks), "according to X" in its sentence, or the speaker of the quotation just before it
//! in the paragraph. Relations are not mined inside quotations.

use rustc_hash::FxHashMap as HashMap;

use super::relations::view::{Arg, SentenceIndex, View};
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
                // A quotation left open ends with its paragraph; the next one starts there.
                let closed = k < n && doc.tokens[k].paragraph == para;
                j = if closed { k + 1 } else { k.max(j + 1) };
            } else {
                j += 1;
            }
        }
        let index = SentenceIndex::new(doc);
        let mut views = Views {
            doc,
            index: &index,
            cache: HashMap::default(),
        };
        let mut quotes = Vec::new();
        let mut previous: Option<(usize, Option<usize>)> = None; // (paragraph, speaker)
        for (open, close) in found {
            let Some(sentence) = doc.sentence_of(open) else {
                continue;
            };
            let start = doc.tokens[open].span.end;
            let closed = close < n && doc.tokens[close].paragraph == doc.tokens[open].paragraph;
            let end = if closed {
                doc.tokens[close].span.start
            } else {
                doc.tokens[close - 1].span.end
            };
            let para = doc.tokens[open].paragraph;
            let mut attribution = after(&mut views, lex, close, sentence)
                .or_else(|| before(&mut views, lex, open, sentence))
                .or_else(|| according_to(&mut views, lex, sentence, open));
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
            quotes.push(Quote {
                span: Span::new(start, end.max(start)),
                speaker,
                cue,
                sentence,
            });
        }
        drop(views);
        for q in &quotes {
            if let Some(e) = q.speaker {
                doc.entities[e].keep = true;
            }
        }
        doc.quotes = quotes;
    }
}

/// Views of sentences, each built once.
struct Views<'a, 'd> {
    doc: &'a Annotated<'d>,
    index: &'a SentenceIndex,
    cache: HashMap<usize, View<'a, 'd>>,
}

impl<'a, 'd> Views<'a, 'd> {
    fn of(&mut self, sentence: usize) -> &View<'a, 'd> {
        let (doc, index) = (self.doc, self.index);
        self.cache
            .entry(sentence)
            .or_insert_with(|| View::new(doc, sentence, index))
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
    views: &mut Views<'_, '_>,
    lex: &Lexicons,
    close: usize,
    sentence: usize,
) -> Option<(usize, Option<Span>)> {
    let doc = views.doc;
    let s = doc.sentence_of(close + 1).unwrap_or(sentence);
    let view = views.of(s);
    let limit = view.range.end.min(close + 7);
    for v in close + 1..limit {
        if opens(doc.tok(v)) {
            break;
        }
        let Some((len, _)) = lex.quotes.speech_verbs.longest_at(doc.sentence_keys(v), v) else {
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
    views: &mut Views<'_, '_>,
    lex: &Lexicons,
    open: usize,
    sentence: usize,
) -> Option<(usize, Option<Span>)> {
    let doc = views.doc;
    let view = views.of(sentence);
    let from = open.saturating_sub(5).max(view.range.start);
    for v in (from..open).rev() {
        let Some((len, _)) = lex.quotes.speech_verbs.longest_at(doc.sentence_keys(v), v) else {
            continue;
        };
        let subject = view.subject(v, speaker_fits);
        let (a, _) = subject.first()?;
        let cue = doc.span_of(&(a.tokens.start..v + len));
        return Some((a.entity, Some(cue)));
    }
    None
}

/// "according to X" in the sentence, near the quotation.
fn according_to(
    views: &mut Views<'_, '_>,
    lex: &Lexicons,
    sentence: usize,
    open: usize,
) -> Option<(usize, Option<Span>)> {
    let doc = views.doc;
    let view = views.of(sentence);
    let near = open.saturating_sub(40).max(view.range.start)..(open + 40).min(view.range.end);
    for k in near {
        if let Some((len, _)) = lex.quotes.according_to.longest_at(doc.sentence_keys(k), k) {
            let (a, _) = view.objects(k + len, 8, &[], speaker_fits).into_iter().next()?;
            return Some((a.entity, Some(doc.span_of(&(k..a.tokens.end)))));
        }
    }
    None
}
