//! The input of every stage: an article's text with its metadata, and the byte spans that all
//! later annotations point into. Character offsets (Unicode scalar values) are derived here,
//! once, for the places where RDF and JSON show positions.

use chrono::NaiveDate;
use serde::Serialize;

/// A byte range into [`Document::text`], always on `char` boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// What is known about an article besides its text.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    /// Title given by the feed; the layout stage falls back to the headline.
    pub title: Option<String>,
    /// Publication date from the feed or the command line; the dateline may supply one.
    pub published: Option<NaiveDate>,
    /// Where the text came from: a file path, `-`, or `feed.jsonl:LINE`.
    pub source: Option<String>,
    pub url: Option<String>,
    /// The outlet or publisher named by a feed or a page.
    pub outlet: Option<String>,
    /// Authors named by a page (JSON-LD, `<meta name=author>`).
    pub authors: Vec<String>,
    /// The URL a WARC record says the page was fetched from, and when (`WARC-Target-URI`,
    /// `WARC-Date`).
    pub crawled_url: Option<String>,
    pub crawled_at: Option<String>,
    /// What the text was extracted from, when it was not clean text: "html", "text dump".
    pub format: Option<String>,
    /// Page furniture left out of the text, with the reason, so that a user can check it.
    pub dropped: Vec<Dropped>,
}

/// A piece of a page or dump that was left out of the article's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// The text, cut to [`Dropped::MAX_CHARS`] characters.
    pub text: String,
    pub reason: &'static str,
}

impl Dropped {
    pub const MAX_CHARS: usize = 160;
    /// Pieces kept per article for the report; the rest are only counted.
    pub const MAX_KEPT: usize = 400;

    pub fn new(text: &str, reason: &'static str) -> Self {
        let text: String = if text.chars().count() > Self::MAX_CHARS {
            let mut t: String = text.chars().take(Self::MAX_CHARS - 1).collect();
            t.push('…');
            t
        } else {
            text.to_string()
        };
        Dropped { text, reason }
    }
}

/// One article: identifier, text and metadata. Every annotation refers to it by [`Span`].
#[derive(Debug, Clone)]
pub struct Document {
    /// Stable identifier, used to mint the article's IRI (see [`crate::rdf::iri`]).
    pub id: String,
    pub text: String,
    pub meta: Metadata,
    /// Number of chars before each 64-byte block, for constant-time byte → char conversion.
    char_blocks: Vec<usize>,
}

const BLOCK: usize = 64;

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>, meta: Metadata) -> Self {
        let text = text.into();
        let mut char_blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        let bytes = text.as_bytes();
        for block in bytes.chunks(BLOCK) {
            char_blocks.push(chars);
            chars += block.iter().filter(|&&b| !is_continuation(b)).count();
        }
        char_blocks.push(chars);
        Document {
            id: id.into(),
            text,
            meta,
            char_blocks,
        }
    }

    /// The text under a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    /// Character offset (Unicode scalar values) of a byte offset on a char boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        let block = byte / BLOCK;
        let start = block * BLOCK;
        let bytes = &self.text.as_bytes()[start..byte];
        self.char_blocks[block] + bytes.iter().filter(|&&b| !is_continuation(b)).count()
    }

    /// Number of characters in the text.
    pub fn char_len(&self) -> usize {
        *self.char_blocks.last().unwrap_or(&0)
    }

    /// Character offsets of a span, as RDF and JSON show them.
    pub fn char_span(&self, span: Span) -> (usize, usize) {
        (self.char_offset(span.start), self.char_offset(span.end))
    }
}

fn is_continuation(b: u8) -> bool {
    (b & 0xC0) == 0x80
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_count_scalar_values_not_bytes() {
        let text = "Chambésy ✈️ Genève — Kyiv".repeat(10);
        let doc = Document::new("t", text.clone(), Metadata::default());
        for (byte, _) in text.char_indices() {
            assert_eq!(doc.char_offset(byte), text[..byte].chars().count());
        }
        assert_eq!(doc.char_offset(text.len()), text.chars().count());
        assert_eq!(doc.char_len(), text.chars().count());
    }

    #[test]
    fn empty_document_has_zero_length() {
        let doc = Document::new("t", "", Metadata::default());
        assert_eq!(doc.char_len(), 0);
        assert_eq!(doc.char_offset(0), 0);
    }
}
