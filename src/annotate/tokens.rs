//! Token stage: splits each body paragraph (and the headline) into words, numbers and punctuation with byte spans.
//!
//! Consumes the paragraphs found by the layout stage; produces [`Token`]s and their lower-cased
//! keys. Possessive `'s` is split off ("Trump's" → "Trump", "'s"); hyphens are tokens of their own
//! with `space_before == false`, so matchers can join "al-Busaidi" or "son-in-law" back; acronyms
//! with periods ("U.S.") and abbreviations from the lexicon ("Mr.", "Jan.") keep their period.

use serde::Serialize;

use crate::document::Span;
use rustc_hash::FxHashSet as HashSet;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    Word,
    Number,
    Punct,
    /// Emoji and other symbols: kept so offsets stay honest, ignored by matchers.
    Symbol,
}

/// How a word is written, which is most of what a rule-based recogniser has to go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Case {
    Lower,
    /// First letter upper case ("Geneva", "McDonald").
    Title,
    /// Two or more letters, all upper case ("NATO", "U.S.").
    Upper,
    /// No letters.
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    pub case: Case,
    /// Whether white space precedes the token (false inside "al-Busaidi", before "'s").
    pub space_before: bool,
    /// Index of the paragraph (layout block) holding the token.
    pub paragraph: usize,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub fn is_capitalised(&self) -> bool {
        matches!(self.case, Case::Title | Case::Upper)
    }
}

/// Folds typographic apostrophes and quotes to their ASCII forms for matching.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{2019}', '\u{2018}', '\u{02BC}']) {
        text.replace(['\u{2019}', '\u{2018}', '\u{02BC}'], "'").into()
    } else {
        text.into()
    }
}

/// Lower-cased, apostrophe-folded key of a token, the form lexicons are matched against.
pub fn key(text: &str) -> String {
    fold(text).to_lowercase()
}

/// Splits `text[span]` into tokens, appending them to `out`.
pub fn tokenize(
    text: &str,
    span: Span,
    paragraph: usize,
    abbreviations: &HashSet<String>,
    out: &mut Vec<Token>,
) {
    let mut t = Tokenizer {
        text,
        pos: span.start,
        end: span.end,
        space: true,
        paragraph,
        abbreviations,
        out,
    };
    t.run();
}

struct Tokenizer<'a> {
    text: &'a str,
    pos: usize,
    end: usize,
    space: bool,
    paragraph: usize,
    abbreviations: &'a HashSet<String>,
    out: &'a mut Vec<Token>,
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Letters, digits and combining marks: the stuff words are made of.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c as u32, 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

impl Tokenizer<'_> {
    fn peek(&self, at: usize) -> Option<char> {
        if at >= self.end {
            return None;
        }
        self.text[at..self.end].chars().next()
    }

    fn push(&mut self, start: usize, end: usize, kind: TokenKind) {
        let slice = &self.text[start..end];
        let case = case_of(slice);
        self.out.push(Token {
            span: Span::new(start, end),
            kind,
            case,
            space_before: self.space,
            paragraph: self.paragraph,
        });
        self.space = false;
        self.pos = end;
    }

    fn run(&mut self) {
        while let Some(c) = self.peek(self.pos) {
            if c.is_whitespace() || c.is_control() || c == '\u{200B}' || c == '\u{FEFF}' {
                self.pos += c.len_utf8();
                self.space = true;
            } else if is_word_char(c) {
                self.word();
            } else if is_apostrophe(c) && self.possessive_s(self.pos) {
                let end = self.pos + c.len_utf8() + 1;
                self.push(self.pos, end, TokenKind::Word);
            } else {
                self.punct(c);
            }
        }
    }

    /// `'s` followed by a non-letter, after a word: the possessive clitic.
    fn possessive_s(&self, at: usize) -> bool {
        let Some(a) = self.peek(at) else { return false };
        let next = at + a.len_utf8();
        matches!(self.peek(next), Some('s' | 'S'))
            && !self.peek(next + 1).is_some_and(is_word_char)
            && self.out.last().is_some_and(|t| t.span.end == at && t.is_word())
    }

    fn word(&mut self) {
        let start = self.pos;
        let mut end = self.scan_run(start);
        // Acronyms written with periods: "U.S.", "U.S.A.", "a.m.".
        if end - start == 1 && self.peek(end) == Some('.') {
            let mut probe = end + 1;
            let mut acronym_end = None;
            while let Some(c) = self.peek(probe) {
                if !c.is_alphabetic() || self.peek(probe + c.len_utf8()) != Some('.') {
                    break;
                }
                probe += c.len_utf8() + 1;
                acronym_end = Some(probe);
            }
            if let Some(e) = acronym_end {
                self.push(start, e, TokenKind::Word);
                return;
            }
        }
        // Word-internal apostrophes: "didn't", "O'Brien", but not the possessive "'s".
        while let Some(c) = self.peek(end) {
            if is_apostrophe(c) && !self.possessive_after(end) {
                let after = end + c.len_utf8();
                if self.peek(after).is_some_and(is_word_char) {
                    end = self.scan_run(after);
                    continue;
                }
            }
            break;
        }
        if self.peek(end) == Some('.') {
            let with_dot = &self.text[start..end + 1];
            let single_capital = end - start == 1 && with_dot.starts_with(char::is_uppercase);
            if single_capital || self.abbreviations.contains(&key(with_dot)) {
                end += 1;
            }
        }
        let all_digits = self.text[start..end]
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        let kind = if all_digits {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        self.push(start, end, kind);
    }

    fn possessive_after(&self, at: usize) -> bool {
        let Some(a) = self.peek(at) else { return false };
        let next = at + a.len_utf8();
        matches!(self.peek(next), Some('s' | 'S')) && !self.peek(next + 1).is_some_and(is_word_char)
    }

    /// Consumes letters and digits, and `,`/`.` between digits ("1,000", "3.5").
    fn scan_run(&self, mut at: usize) -> usize {
        while let Some(c) = self.peek(at) {
            if is_word_char(c) {
                at += c.len_utf8();
            } else if matches!(c, ',' | '.')
                && self.text[..at].ends_with(|p: char| p.is_ascii_digit())
                && self.peek(at + 1).is_some_and(|n| n.is_ascii_digit())
            {
                at += 1;
            } else {
                break;
            }
        }
        at
    }

    fn punct(&mut self, c: char) {
        let start = self.pos;
        let mut end = start + c.len_utf8();
        // Runs that mean one thing: "...", "--".
        if c == '.' || c == '-' {
            while self.peek(end) == Some(c) {
                end += 1;
            }
        }
        // A trailing apostrophe after a plural ("Iranians'") is punctuation like any other.
        let kind = if c.is_ascii_punctuation() || is_unicode_punct(c) || is_apostrophe(c) {
            TokenKind::Punct
        } else {
            TokenKind::Symbol
        };
        self.push(start, end, kind);
    }
}

fn is_unicode_punct(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{00A1}'..='\u{00BF}' | '\u{3000}'..='\u{303F}')
}

fn case_of(s: &str) -> Case {
    let mut letters = s.chars().filter(|c| c.is_alphabetic());
    let Some(first) = letters.next() else {
        return Case::None;
    };
    if first.is_lowercase() {
        return Case::Lower;
    }
    if !first.is_uppercase() {
        // Scripts without case (Arabic, CJK): treat as lower so they never look like names.
        return Case::Lower;
    }
    let mut rest = letters.peekable();
    if rest.peek().is_some() && rest.all(|c| c.is_uppercase()) {
        Case::Upper
    } else {
        Case::Title
    }
}

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
