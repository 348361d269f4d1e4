//! Sentence stage: groups the tokens of each body block into sentences.
//!
//! Consumes tokens; produces [`Sentence`]s. A period, question or exclamation mark ends a
//! sentence when a capitalised word, a number or an opening quote follows; closing quotes and
//! brackets stay with the sentence they close. Abbreviations keep their period inside the token,
//! so "Mr. Li" and "Jan. 4" never split, and "the U.S. The" splits only before a common word.

use super::tokens::{Case, TokenKind};
use super::{Annotated, Sentence, Stage};
use crate::document::Span;
use crate::lexicon::Lexicons;

pub struct Sentences;

impl Stage for Sentences {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let n = doc.tokens.len();
        let dateline = doc.dateline.as_ref().map(|d| d.span);
        let mut start = 0;
        let mut i = 0;
        while i < n {
            let in_dateline = dateline.is_some_and(|d| d.contains(doc.tokens[i].span));
            let block_ends = i + 1 == n
                || doc.tokens[i + 1].paragraph != doc.tokens[i].paragraph
                || in_dateline != dateline.is_some_and(|d| d.contains(doc.tokens[i + 1].span));
            let mut end = i + 1;
            let split = if block_ends {
                true
            } else if in_dateline {
                // Each comma- or bracket-separated part of a dateline is its own sentence.
                let gap = &doc.doc.text[doc.tokens[i].span.end..doc.tokens[i + 1].span.start];
                !gap.trim().is_empty()
            } else if let Some(after) = sentence_end(doc, lex, i) {
                end = after;
                true
            } else {
                // A run of text without an end is cut at a pause, and at worst anywhere, so
                // that the per-sentence stages stay linear in the text.
                let length = i + 1 - start;
                (length >= LONG_SENTENCE && matches!(doc.tok(i), "," | ";" | ":" | "\u{2014}" | "--"))
                    || length >= 2 * LONG_SENTENCE
            };
            if split {
                let span = Span::new(doc.tokens[start].span.start, doc.tokens[end - 1].span.end);
                doc.sentences.push(Sentence {
                    span,
                    tokens: start..end,
                    block: doc.tokens[start].paragraph,
                    dateline: in_dateline,
                    agency: doc.dateline.as_ref().and_then(|d| d.agency) == Some(span),
                });
                start = end;
                i = end;
            } else {
                i += 1;
            }
        }
    }
}

/// Tokens after which a sentence without an end is cut at its next pause. News sentences are
/// rarely longer than 80 tokens; text that runs on for hundreds is a list, a table or garbage.
const LONG_SENTENCE: usize = 200;

fn is_closer(s: &str) -> bool {
    matches!(s, "\"" | "\u{201D}" | "'" | "\u{2019}" | ")" | "]" | "\u{BB}")
}

fn is_opener(s: &str) -> bool {
    matches!(s, "\"" | "\u{201C}" | "'" | "\u{2018}" | "(" | "[" | "\u{AB}")
}

/// If token `i` ends a sentence, the index just past the sentence (after closing quotes).
fn sentence_end(doc: &Annotated<'_>, lex: &Lexicons, i: usize) -> Option<usize> {
    let t = doc.tok(i);
    let terminal = matches!(t, "." | "!" | "?" | "?!" | "!?");
    let abbreviation = !terminal && t.ends_with('.') && doc.tokens[i].is_word() && t.len() > 1;
    if !terminal && !abbreviation {
        return None;
    }
    let mut end = i + 1;
    while end < doc.tokens.len() && !doc.tokens[end].space_before && is_closer(doc.tok(end)) {
        end += 1;
    }
    let next = doc.tokens.get(end)?;
    if next.paragraph != doc.tokens[i].paragraph {
        return Some(end);
    }
    let next_text = doc.tok(end);
    let starts_sentence = next.case == Case::Title
        || next.case == Case::Upper
        || next.kind == TokenKind::Number
        || next.kind == TokenKind::Symbol
        || is_opener(next_text);
    if !starts_sentence {
        return None;
    }
    if abbreviation {
        // "Mr.", "Jan.", "J." never end a sentence; "U.S." does before "The", "He", "It".
        let is_title = lex.honorifics.contains_key(&doc.keys[i]);
        let initial = t.chars().count() == 2 && t.starts_with(char::is_uppercase);
        let month = lex.calendar.contains_key(&doc.keys[i]);
        if is_title || initial || month {
            return None;
        }
        let common = lex.common_words.contains(&doc.keys[end]);
        return common.then_some(end);
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::{layout::Layout, tokens::Tokens};
    use crate::document::{Document, Metadata};

    fn split(text: &str) -> Vec<String> {
        let doc = Box::leak(Box::new(Document::new("t", text, Metadata::default())));
        let lex = Lexicons::builtin();
        let mut a = Annotated::new(doc);
        Layout.run(&mut a, lex);
        Tokens.run(&mut a, lex);
        Sentences.run(&mut a, lex);
        a.sentences
            .iter()
            .map(|s| text[s.span.start..s.span.end].to_string())
            .collect()
    }

    #[test]
    fn table() {
        let cases: Vec<(&str, Vec<&str>)> = vec![
            (
                "Mr. Li met Dr. Sato. They talked.",
                vec!["Mr. Li met Dr. Sato.", "They talked."],
            ),
            (
                "The U.S. envoy left. He flew home.",
                vec!["The U.S. envoy left.", "He flew home."],
            ),
            (
                "Aid came from the U.S. The talks ended.",
                vec!["Aid came from the U.S.", "The talks ended."],
            ),
            (
                "Talks began on Jan. 4 in Seoul. They ended.",
                vec!["Talks began on Jan. 4 in Seoul.", "They ended."],
            ),
            (
                "Donald J. Trump spoke. Then he left.",
                vec!["Donald J. Trump spoke.", "Then he left."],
            ),
            (
                "\"We agreed. It is done.\" She left.",
                vec!["\"We agreed.", "It is done.\"", "She left."],
            ),
            (
                "\u{201C}Is it over?\u{201D} he asked. No.",
                vec!["\u{201C}Is it over?\u{201D} he asked.", "No."],
            ),
            (
                "They met at St. Petersburg. Then Oslo.",
                vec!["They met at St. Petersburg.", "Then Oslo."],
            ),
            (
                "Prices rose 3.5 percent. Talks stalled...",
                vec!["Prices rose 3.5 percent.", "Talks stalled..."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(split(text), want, "splitting {text:?}");
        }
    }

    #[test]
    fn a_sentence_without_end_is_cut_at_a_pause() {
        let clause = "Ana Reyes met Tomas Oduya in Lima, ";
        let text = clause.repeat(300);
        let got = split(&text);
        assert!(got.len() > 1, "one sentence of {} bytes", text.len());
        for s in &got {
            assert!(
                s.split_whitespace().count() <= 2 * LONG_SENTENCE,
                "{} words",
                s.split_whitespace().count()
            );
        }
        assert!(
            got[..got.len() - 1].iter().all(|s| s.ends_with(',')),
            "cut at a comma"
        );
        let words = text.split(' ').filter(|w| !w.is_empty()).count();
        assert_eq!(
            got.iter().map(|s| s.split_whitespace().count()).sum::<usize>(),
            words
        );
        // Without any pause, at twice the length.
        let text = "word ".repeat(1000);
        assert_eq!(split(&text).len(), 3);
    }

    #[test]
    fn dateline_place_and_agency_are_sentences_of_their_own() {
        let got = split("GENEVA, Feb. 5 (AFP) - Envoys arrived. They met.");
        assert_eq!(got, vec!["GENEVA", "AFP", "Envoys arrived.", "They met."]);
    }
}
