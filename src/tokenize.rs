//! Cutting text into tokens (words, numbers, punctuation with byte spans) and folding them into
//! the keys lexicons are matched against. Below both the lexicons, which key their phrases the
//! same way, and the token stage, which runs it over an article.
//!
//! Possessive `'s` is split off ("Trump's" → "Trump", "'s"); hyphens are tokens of their own
//! with `space_before == false`, so matchers can join "al-Busaidi" or "son-in-law" back; acronyms
//! with periods ("U.S.") and abbreviations ("Mr.", "Jan.") keep their period.

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

pub(crate) fn case_of(s: &str) -> Case {
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
