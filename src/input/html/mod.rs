//! Web pages: bytes → text of the article, its metadata, and what was left out.
//!
//! The page is decoded (HTTP charset, byte-order mark, `<meta charset>`, else UTF-8, else
//! windows-1252, as browsers do), its markup bounded ([`bounds`]), parsed by html5ever (the
//! HTML5 parser of Servo, through `scraper`'s arena tree), and its main content found
//! ([`content`]). The text is the headline, a blank line, then one paragraph per block with
//! blank lines between: the shape of a clean article, so that a page and its clean text give
//! the same facts.

mod bounds;
pub mod content;
pub mod meta;

use encoding_rs::Encoding;
use scraper::Html;

use crate::document::{Dropped, Metadata};

pub use meta::PageMeta;

/// Words of prose under which a page holds no article.
pub const MIN_ARTICLE_WORDS: usize = 40;

/// The article of a page.
#[derive(Debug, Default)]
pub struct Page {
    /// Headline, blank line, paragraphs separated by blank lines.
    pub text: String,
    pub meta: PageMeta,
    pub dropped: Vec<Dropped>,
    /// Why the page holds no article, when it does not.
    pub not_article: Option<String>,
}

impl Page {
    /// Fills the fields of `meta` that the feed or archive left empty.
    pub fn merge_into(&self, meta: &mut Metadata) {
        let m = &self.meta;
        if meta.title.is_none() {
            meta.title = m.headline.clone();
        }
        if meta.published.is_none() {
            meta.published = m.published;
        }
        if meta.url.is_none() {
            meta.url = m.canonical.clone();
        }
        if meta.outlet.is_none() {
            meta.outlet = m.publisher.clone();
        }
        if meta.authors.is_empty() {
            meta.authors = m.authors.clone();
        }
    }
}

/// Whether bytes are an HTML page rather than text (for standard input).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || (head.starts_with("<?xml") || head.starts_with("<!--")) && head.contains("<html")
}

/// The charset named by `<meta charset>` or `<meta http-equiv=Content-Type>` in the first
/// kilobytes of a page.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let label: String = head[at..]
        .trim_start_matches(['"', '\''])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    Encoding::for_label(label.as_bytes())
}

/// Text of a page's bytes, as a browser would decode them.
pub fn decode(bytes: &[u8], charset: Option<&str>) -> String {
    let from_header = charset.and_then(|c| Encoding::for_label(c.trim().as_bytes()));
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let enc = from_header
        .or_else(|| meta_charset(bytes))
        .or_else(|| std::str::from_utf8(bytes).is_ok().then_some(encoding_rs::UTF_8));
    let enc = enc.unwrap_or(encoding_rs::WINDOWS_1252);
    // A page that says UTF-16 in a <meta> is in fact ASCII-compatible (the HTML standard).
    let enc = if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        enc
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

/// The article of a page: text, metadata, what was left out, or why there is no article.
pub fn extract(bytes: &[u8], charset: Option<&str>) -> Page {
    let source = decode(bytes, charset);
    let bounded = bounds::bound(&source);
    let doc = Html::parse_document(&bounded);
    let meta = meta::read(&doc);
    let walk = content::walk(&doc, true);
    let h1 = walk.h1.clone();
    let mut found = content::select(&doc, walk);
    if found.prose_words < MIN_ARTICLE_WORDS {
        // The article may sit in a container whose class looks like furniture.
        let loose = content::select(&doc, content::walk(&doc, false));
        if loose.prose_words > found.prose_words * 2 && loose.prose_words >= MIN_ARTICLE_WORDS {
            found = loose;
        }
    }
    let headline = meta.headline.clone().or(h1).or_else(|| meta.title.clone());
    let headline = headline.map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "));
    let not_article = not_an_article(&meta, &found);
    let mut text = String::new();
    if let Some(h) = &headline {
        text.push_str(h);
    }
    for b in &found.blocks {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(b);
    }
    Page {
        text,
        meta: PageMeta { headline, ..meta },
        dropped: found.dropped,
        not_article,
    }
}

/// Why a page holds no article: a video page, an index of other stories, or too little prose.
fn not_an_article(meta: &PageMeta, c: &content::Content) -> Option<String> {
    let kind = meta.kind.as_deref().unwrap_or("").to_ascii_lowercase();
    if !meta.declares_article && (kind.starts_with("video") || kind == "videoobject") && c.prose_words < 150 {
        return Some(format!(
            "a video page ({}), with {} words of text",
            meta.kind.as_deref().unwrap_or("video"),
            c.prose_words
        ));
    }
    if c.linked_headings >= 5 && c.prose_words / (c.linked_headings + 1) < 60 && !meta.declares_article {
        return Some(format!(
            "an index page: {} linked headlines with {} words of text in all",
            c.linked_headings, c.prose_words
        ));
    }
    if c.prose_words < MIN_ARTICLE_WORDS {
        return Some(format!(
            "no article: {} words of prose in the page's main content (at least {MIN_ARTICLE_WORDS} needed); an index, video or gallery page?",
            c.prose_words
        ));
    }
    None
}
