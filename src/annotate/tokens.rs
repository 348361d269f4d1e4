//! Token stage: splits each body paragraph (and the headline) into words, numbers and
//! punctuation with byte spans, with the abbreviations of the lexicons.
//!
//! Consumes the paragraphs found by the layout stage; produces [`Token`]s and their lower-cased
//! keys (the cutting itself is in [`crate::tokenize`]).

pub use crate::tokenize::{Case, Token, TokenKind, fold, key, tokenize};

/// The token stage over every body block (and the dateline's place).
pub struct Tokens;

impl super::Stage for Tokens {
    fn name(&self) -> &'static str {
        "tokens"
    }

    fn run(&self, doc: &mut super::Annotated<'_>, lex: &crate::lexicon::Lexicons) {
        let text = &doc.doc.text;
        let mut out = Vec::new();
        for (i, block) in doc.blocks.iter().enumerate() {
            // Headlines state facts too ("X departs for Beijing"); headings and furniture not.
            if !matches!(block.kind, super::BlockKind::Body | super::BlockKind::Headline) {
                continue;
            }
            let mut span = block.span;
            if let Some(d) = &doc.dateline
                && block.span.contains(d.span)
            {
                for place in d.places.iter().chain(&d.agency) {
                    tokenize(text, *place, i, &lex.abbreviations, &mut out);
                }
                span.start = d.span.end;
            }
            tokenize(text, span, i, &lex.abbreviations, &mut out);
        }
        doc.keys = out.iter().map(|t| key(&text[t.span.start..t.span.end])).collect();
        doc.tokens = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::tokenize::case_of;

    fn run(text: &str) -> Vec<(&str, (usize, usize))> {
        let lex = crate::lexicon::Lexicons::builtin();
        let mut out = Vec::new();
        tokenize(text, Span::new(0, text.len()), 0, &lex.abbreviations, &mut out);
        out.iter()
            .map(|t| (&text[t.span.start..t.span.end], (t.span.start, t.span.end)))
            .collect()
    }

    #[test]
    fn table() {
        type Case<'a> = (&'a str, Vec<(&'a str, (usize, usize))>);
        let cases: Vec<Case> = vec![
            (
                "Mr. Li's trip.",
                vec![
                    ("Mr.", (0, 3)),
                    ("Li", (4, 6)),
                    ("'s", (6, 8)),
                    ("trip", (9, 13)),
                    (".", (13, 14)),
                ],
            ),
            (
                "the U.S. side",
                vec![("the", (0, 3)), ("U.S.", (4, 8)), ("side", (9, 13))],
            ),
            (
                "al-Busaidi",
                vec![("al", (0, 2)), ("-", (2, 3)), ("Busaidi", (3, 10))],
            ),
            ("didn't go", vec![("didn't", (0, 6)), ("go", (7, 9))]),
            (
                "Iran’s 1,000 km",
                vec![
                    ("Iran", (0, 4)),
                    ("’s", (4, 8)),
                    ("1,000", (9, 14)),
                    ("km", (15, 17)),
                ],
            ),
            (
                "Donald J. Trump",
                vec![("Donald", (0, 6)), ("J.", (7, 9)), ("Trump", (10, 15))],
            ),
            (
                "wait... “Go”",
                vec![
                    ("wait", (0, 4)),
                    ("...", (4, 7)),
                    ("“", (8, 11)),
                    ("Go", (11, 13)),
                    ("”", (13, 16)),
                ],
            ),
            ("G20 Chambésy", vec![("G20", (0, 3)), ("Chambésy", (4, 13))]),
            ("Jan. 4", vec![("Jan.", (0, 4)), ("4", (5, 6))]),
            (
                "Iranians' plan",
                vec![("Iranians", (0, 8)), ("'", (8, 9)), ("plan", (10, 14))],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(run(text), want, "tokenizing {text:?}");
        }
    }

    #[test]
    fn hyphen_has_no_space_before() {
        let lex = crate::lexicon::Lexicons::builtin();
        let mut out = Vec::new();
        let text = "son-in-law Kushner";
        tokenize(text, Span::new(0, text.len()), 0, &lex.abbreviations, &mut out);
        assert!(!out[1].space_before && !out[2].space_before);
        assert!(out[5].space_before);
        assert_eq!(out[5].case, Case::Title);
    }

    #[test]
    fn case_classes() {
        assert_eq!(case_of("NATO"), Case::Upper);
        assert_eq!(case_of("U.S."), Case::Upper);
        assert_eq!(case_of("Geneva"), Case::Title);
        assert_eq!(case_of("talks"), Case::Lower);
        assert_eq!(case_of("2022"), Case::None);
        assert_eq!(case_of("A"), Case::Title);
    }
}
