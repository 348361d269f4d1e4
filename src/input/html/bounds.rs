//! Bounds on a page's markup before it reaches the HTML5 parser.
//!
//! The tree builder checks scopes by walking the stack of open elements, so its time grows
//! with the square of the nesting depth (measured: 10,000 nested `<div>` take 0.4 s,
//! 100,000 take 55 s), and unclosed formatting elements (`<b>`, `<font>`...) are cloned
//! again into every later paragraph. Browsers bound the depth of the tree (Chromium at 512);
//! here start tags deeper than [`MAX_DEPTH`], or beyond [`MAX_FORMATTING`] open formatting
//! elements, are dropped before parsing. Their text stays. Real pages are far below both.

use std::borrow::Cow;

/// Deepest element kept.
pub const MAX_DEPTH: usize = 400;
/// Formatting elements open at once.
pub const MAX_FORMATTING: usize = 24;

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr", "keygen", "basefont", "bgsound", "frame",
];
/// Elements whose content is text, not markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];
const FORMATTING: &[&str] = &[
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];
/// Start tags that close an open element of the same name (`<p>`, `<li>` left unclosed).
const SELF_CLOSING_SIBLINGS: &[&str] = &["p", "li", "dt", "dd", "option", "tr", "td", "th"];

struct Tag {
    name: String,
    end: bool,
    self_closing: bool,
    /// Byte just after the tag's `>`.
    after: usize,
}

/// Reads the tag starting at `at` (a `<` followed by a letter or `/`); `Err(false)` when the
/// markup there is not a tag, `Err(true)` when the tag runs to the end of the input.
fn read_tag(s: &str, at: usize) -> Result<Tag, bool> {
    let b = s.as_bytes();
    let mut i = at + 1;
    let end = b.get(i) == Some(&b'/');
    if end {
        i += 1;
    }
    if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return Err(false);
    }
    let name_start = i;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    // Attributes: quoted values may hold '>'.
    let mut self_closing = false;
    while i < b.len() {
        match b[i] {
            b'>' => {
                return Ok(Tag {
                    name,
                    end,
                    self_closing,
                    after: i + 1,
                });
            }
            b'"' | b'\'' => {
                let q = b[i];
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                i += 1;
            }
            b'/' => {
                self_closing = b.get(i + 1) == Some(&b'>');
                i += 1;
            }
            _ => {
                self_closing = false;
                i += 1;
            }
        }
    }
    Err(true)
}

/// The markup with start tags beyond the bounds removed; borrowed when nothing was removed.
pub fn bound(html: &str) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut formatting = 0usize;
    let mut out: Option<String> = None;
    let mut copied = 0usize; // bytes of `html` already handled into `out`
    let mut i = 0usize;
    while let Some(k) = memchr_lt(&b[i..]) {
        let at = i + k;
        i = at + 1;
        if html[at..].starts_with("<!--") {
            i = html[at + 4..].find("-->").map_or(b.len(), |e| at + 4 + e + 3);
            continue;
        }
        if b.get(at + 1).is_some_and(|&c| c == b'!' || c == b'?') {
            i = html[at..].find('>').map_or(b.len(), |e| at + e + 1);
            continue;
        }
        let tag = match read_tag(html, at) {
            Ok(tag) => tag,
            Err(false) => continue,
            Err(true) => break, // an unterminated tag: the parser drops the rest too
        };
        i = tag.after;
        if tag.end {
            if let Some(pos) = stack.iter().rposition(|n| *n == tag.name) {
                for n in stack.drain(pos..) {
                    if FORMATTING.contains(&n.as_str()) {
                        formatting -= 1;
                    }
                }
            }
            continue;
        }
        if RAW_TEXT.contains(&tag.name.as_str()) {
            // Skip to the matching end tag: "</p>" inside a script is not markup.
            let close = format!("</{}", tag.name);
            i = find_ci(html, tag.after, &close).unwrap_or(b.len());
            continue;
        }
        if VOID.contains(&tag.name.as_str()) || tag.self_closing {
            continue;
        }
        if SELF_CLOSING_SIBLINGS.contains(&tag.name.as_str())
            && let Some(pos) = stack.iter().rposition(|n| *n == tag.name)
            && stack.len() - pos <= 4
        {
            for n in stack.drain(pos..) {
                if FORMATTING.contains(&n.as_str()) {
                    formatting -= 1;
                }
            }
        }
        let is_formatting = FORMATTING.contains(&tag.name.as_str());
        if stack.len() >= MAX_DEPTH || (is_formatting && formatting >= MAX_FORMATTING) {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            o.push_str(&html[copied..at]);
            copied = tag.after;
            continue;
        }
        if is_formatting {
            formatting += 1;
        }
        stack.push(tag.name);
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut o) => {
            o.push_str(&html[copied..]);
            Cow::Owned(o)
        }
    }
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

/// Position of `needle` (ASCII) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (from..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_unchanged() {
        let page = "<html><body><div><p>One<p>Two <b>bold</b><ul><li>a<li>b</ul></div>\
                    <script>var s = '<div><div><div>';</script><!-- <div> --></body></html>";
        assert!(matches!(bound(page), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_and_open_formatting_are_cut() {
        let deep = format!("{}text{}", "<div>".repeat(5000), "</div>".repeat(5000));
        let cut = bound(&deep);
        assert_eq!(cut.matches("<div>").count(), MAX_DEPTH);
        assert!(cut.contains("text"));
        let fmt: String = (0..1000).map(|i| format!("<b id=x{i}>")).collect::<String>() + "<p>t</p>";
        assert_eq!(bound(&fmt).matches("<b ").count(), MAX_FORMATTING);
    }

    #[test]
    fn quoted_attributes_may_hold_angle_brackets() {
        let page = format!("<div title=\"a > b\">{}</div>", "<span>".repeat(10));
        assert!(matches!(bound(&page), Cow::Borrowed(_)));
    }
}
