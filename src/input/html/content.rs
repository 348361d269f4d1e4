//! The main content of a page, readability-style: the page is cut into text blocks
//! (paragraphs, headings, list items), furniture subtrees are left out by their tag, role and
//! class (navigation, cookie banners, share bars, captions, related stories, comments...), and
//! the article is the deepest element that holds most of the page's prose. Within it, blocks
//! that are links, labels or furniture by their shape ([`super::super::boilerplate::strong`])
//! are dropped too.

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::document::Dropped;
use crate::input::boilerplate;

/// One block of text, with the element it sits in.
#[derive(Debug, Clone)]
pub struct Block {
    pub text: String,
    /// The innermost block-level element around it.
    pub parent: NodeId,
    pub tag: &'static str,
    /// Characters inside links.
    pub link_chars: usize,
    /// The block is a link of a heading (`<h3><a>Other story</a></h3>`).
    pub heading: Option<u8>,
}

impl Block {
    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars().max(1) as f64
    }

    /// Looks like a sentence or more of prose.
    fn is_prose(&self) -> bool {
        let t = self.text.trim_end();
        self.heading.is_none()
            && self.link_density() < 0.5
            && self.text.split_whitespace().count() >= 6
            && (t.ends_with(['.', '!', '?', '"', '\u{201D}', ':', ')']) || self.chars() >= 120)
    }
}

/// Never text of the article, and not worth reporting.
const SILENT: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video",
    "audio", "select", "option", "button", "input", "textarea", "head", "map", "dialog", "img", "picture",
    "source",
];

/// Page furniture by its tag, with the reason reported.
fn furniture_tag(tag: &str) -> Option<&'static str> {
    Some(match tag {
        "nav" => "navigation",
        "header" => "page or article header",
        "footer" => "footer",
        "aside" => "aside (related stories, promotions)",
        "figure" | "figcaption" => "picture caption or credit",
        "form" => "form",
        _ => return None,
    })
}

/// Page furniture by its ARIA role.
fn furniture_role(role: &str) -> Option<&'static str> {
    Some(match role {
        "navigation" | "menubar" | "menu" | "search" => "navigation",
        "banner" => "page or article header",
        "contentinfo" => "footer",
        "complementary" => "aside (related stories, promotions)",
        "dialog" | "alertdialog" | "alert" => "dialog or banner",
        _ => return None,
    })
}

/// Class and id words of furniture, matched inside the attribute ("c-sharebar", "cookie-notice").
const FURNITURE_WORDS: &[(&str, &str)] = &[
    ("cookie", "cookie notice"),
    ("consent", "cookie notice"),
    ("gdpr", "cookie notice"),
    ("breadcrumb", "navigation"),
    ("navbar", "navigation"),
    ("menu", "navigation"),
    ("share", "share buttons"),
    ("social", "share buttons"),
    ("newsletter", "promotion"),
    ("subscribe", "promotion"),
    ("subscription", "promotion"),
    ("signup", "promotion"),
    ("sign-up", "promotion"),
    ("paywall", "promotion"),
    ("promo", "promotion"),
    ("advert", "advertisement"),
    ("sponsor", "advertisement"),
    ("outbrain", "advertisement"),
    ("taboola", "advertisement"),
    ("related", "related stories"),
    ("recommend", "related stories"),
    ("more-stories", "related stories"),
    ("most-read", "related stories"),
    ("mostread", "related stories"),
    ("most-popular", "related stories"),
    ("trending", "related stories"),
    ("read-more", "related stories"),
    ("readmore", "related stories"),
    ("comment", "comments"),
    ("disqus", "comments"),
    ("sidebar", "aside (related stories, promotions)"),
    ("widget", "aside (related stories, promotions)"),
    ("caption", "picture caption or credit"),
    ("credit", "picture caption or credit"),
    ("byline", "byline"),
    ("author-bio", "byline"),
    ("popup", "dialog or banner"),
    ("modal", "dialog or banner"),
    ("masthead", "page or article header"),
    ("site-header", "page or article header"),
    ("footer", "footer"),
    ("visually-hidden", "hidden"),
    ("sr-only", "hidden"),
    ("screen-reader", "hidden"),
];
/// Whole class or id words of furniture ("ad", "tags").
const FURNITURE_TOKENS: &[(&str, &str)] = &[
    ("ad", "advertisement"),
    ("ads", "advertisement"),
    ("nav", "navigation"),
    ("tags", "tags"),
    ("topics", "tags"),
    ("keywords", "tags"),
    ("hidden", "hidden"),
    ("toolbar", "share buttons"),
    ("tools", "share buttons"),
];
/// Words that make a container a likely article, whatever else its class says.
const ARTICLE_WORDS: &[&str] = &[
    "article-body",
    "articlebody",
    "story-body",
    "post-content",
    "entry-content",
    "article-content",
    "body-text",
];

fn furniture_class(el: &scraper::node::Element) -> Option<&'static str> {
    let mut words = String::new();
    if let Some(c) = el.attr("class") {
        words.push_str(c);
    }
    if let Some(i) = el.attr("id") {
        words.push(' ');
        words.push_str(i);
    }
    if words.is_empty() || words.len() > 2000 {
        return None;
    }
    let lower = words.to_ascii_lowercase();
    if ARTICLE_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    for (w, reason) in FURNITURE_WORDS {
        if lower.contains(w) {
            return Some(reason);
        }
    }
    for token in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
        if let Some((_, reason)) = FURNITURE_TOKENS.iter().find(|(t, _)| *t == token) {
            return Some(reason);
        }
    }
    None
}

fn hidden(el: &scraper::node::Element) -> bool {
    el.attr("hidden").is_some()
        || el
            .attr("aria-hidden")
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        || el.attr("style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "address",
    "details",
    "summary",
    "body",
    "html",
    "center",
];

fn block_tag(name: &str) -> Option<&'static str> {
    BLOCK_TAGS.iter().find(|t| **t == name).copied()
}

/// What walking the page gave: its text blocks and the furniture left out.
pub struct Walk {
    pub blocks: Vec<Block>,
    pub dropped: Vec<Dropped>,
    /// The first `<h1>` outside furniture.
    pub h1: Option<String>,
}

struct Open {
    /// Text of a furniture subtree, for the report (`None` for silent ones).
    furniture: Option<(&'static str, String)>,
}

/// Cuts the page into blocks of text; `strict` leaves out furniture by class and id too
/// (a second pass without it serves pages whose article sits in a badly named container).
pub fn walk(doc: &Html, strict: bool) -> Walk {
    let mut blocks = Vec::new();
    let mut dropped: Vec<Dropped> = Vec::new();
    let mut h1 = None;
    // Open furniture subtrees: (node, reason, text so far).
    let mut skip: Option<(NodeId, Open)> = None;
    let mut current = String::new();
    let mut link_chars = 0usize;
    let mut in_link = 0usize;
    let mut block_stack: Vec<(NodeId, &'static str)> = Vec::new();
    let mut heading: Option<u8> = None;
    let flush = |current: &mut String,
                 link_chars: &mut usize,
                 block_stack: &[(NodeId, &'static str)],
                 heading: Option<u8>,
                 blocks: &mut Vec<Block>,
                 h1: &mut Option<String>| {
        let text = current.trim();
        if !text.is_empty()
            && let Some(&(parent, tag)) = block_stack.last()
        {
            if tag == "h1" && h1.is_none() {
                *h1 = Some(text.to_string());
            }
            blocks.push(Block {
                text: text.to_string(),
                parent,
                tag,
                link_chars: (*link_chars).min(text.len()),
                heading,
            });
        }
        current.clear();
        *link_chars = 0;
    };
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some((_, open)) = &mut skip {
                    if let (Some((_, text)), Node::Text(t)) = (&mut open.furniture, node.value())
                        && text.len() < 400
                    {
                        // Text nodes of furniture are usually separate links or buttons.
                        if !text.is_empty() && !text.ends_with(' ') {
                            text.push(' ');
                        }
                        push_text(text, t);
                    }
                    continue;
                }
                match node.value() {
                    Node::Text(t) => {
                        let before = current.len();
                        push_text(&mut current, t);
                        if in_link > 0 {
                            link_chars += current.len() - before;
                        }
                    }
                    Node::Element(el) => {
                        let name = el.name();
                        let silent = SILENT.contains(&name) || hidden(el);
                        let reason = if silent {
                            None
                        } else {
                            furniture_tag(name)
                                .or_else(|| {
                                    el.attr("role")
                                        .and_then(|r| furniture_role(&r.to_ascii_lowercase()))
                                })
                                .or_else(|| if strict { furniture_class(el) } else { None })
                                .filter(|_| !matches!(name, "body" | "html" | "main" | "article"))
                        };
                        if silent || reason.is_some() {
                            flush(
                                &mut current,
                                &mut link_chars,
                                &block_stack,
                                heading,
                                &mut blocks,
                                &mut h1,
                            );
                            skip = Some((
                                node.id(),
                                Open {
                                    furniture: reason.map(|r| (r, String::new())),
                                },
                            ));
                            continue;
                        }
                        if name == "a" && el.attr("href").is_some() {
                            in_link += 1;
                        }
                        if let Some(tag) = block_tag(name) {
                            flush(
                                &mut current,
                                &mut link_chars,
                                &block_stack,
                                heading,
                                &mut blocks,
                                &mut h1,
                            );
                            if tag != "br" && tag != "hr" {
                                block_stack.push((node.id(), tag));
                                if let Some(level) = tag.strip_prefix('h').and_then(|l| l.parse::<u8>().ok())
                                {
                                    heading = Some(level);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some((id, open)) = &skip {
                    if *id == node.id() {
                        if let Some((reason, text)) = &open.furniture {
                            let t = text.trim();
                            if !t.is_empty() && dropped.len() < Dropped::MAX_KEPT {
                                dropped.push(Dropped::new(t, reason));
                            }
                        }
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if el.name() == "a" && el.attr("href").is_some() {
                        in_link = in_link.saturating_sub(1);
                    }
                    if block_stack.last().is_some_and(|(id, _)| *id == node.id()) {
                        flush(
                            &mut current,
                            &mut link_chars,
                            &block_stack,
                            heading,
                            &mut blocks,
                            &mut h1,
                        );
                        let (_, tag) = block_stack.pop().unwrap_or((node.id(), "div"));
                        if tag.starts_with('h') && tag.len() == 2 {
                            heading = None;
                        }
                    }
                }
            }
        }
    }
    flush(
        &mut current,
        &mut link_chars,
        &block_stack,
        heading,
        &mut blocks,
        &mut h1,
    );
    Walk { blocks, dropped, h1 }
}

/// Appends text with runs of white space made one space.
fn push_text(out: &mut String, t: &str) {
    let mut space = out.ends_with(' ') || out.is_empty();
    for c in t.chars() {
        if c.is_whitespace() || c == '\u{a0}' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else if !c.is_control() && !matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}') {
            out.push(c);
            space = false;
        }
    }
}

/// The article's blocks: those under the deepest element that holds at least [`SHARE`] of
/// the page's prose, without furniture-shaped ones.
pub struct Content {
    pub blocks: Vec<String>,
    pub dropped: Vec<Dropped>,
    /// Words of prose in the kept blocks.
    pub prose_words: usize,
    /// Headings that are links: many of them with little text between make an index page.
    pub linked_headings: usize,
}

/// Share of the page's prose the article's container must hold.
const SHARE: f64 = 0.7;

pub fn select(doc: &Html, walk: Walk) -> Content {
    let Walk {
        blocks, mut dropped, ..
    } = walk;
    let prose: Vec<usize> = blocks
        .iter()
        .map(|b| if b.is_prose() { b.chars() } else { 0 })
        .collect();
    let total: usize = prose.iter().sum();
    // Prose under each element: each block adds its prose to every ancestor.
    let mut under: rustc_hash::FxHashMap<NodeId, usize> = rustc_hash::FxHashMap::default();
    for (b, &p) in blocks.iter().zip(&prose) {
        if p == 0 {
            continue;
        }
        let mut node = doc.tree.get(b.parent);
        while let Some(n) = node {
            *under.entry(n.id()).or_default() += p;
            node = n.parent();
        }
    }
    // Walk down from the root while one child holds enough.
    let need = (total as f64 * SHARE).ceil() as usize;
    let mut container = doc.tree.root();
    loop {
        let next = container
            .children()
            .find(|c| under.get(&c.id()).copied().unwrap_or(0) >= need.max(1));
        match next {
            Some(c) => container = c,
            None => break,
        }
    }
    let inside = |b: &Block| -> bool {
        let mut node = doc.tree.get(b.parent);
        while let Some(n) = node {
            if n.id() == container.id() {
                return true;
            }
            node = n.parent();
        }
        false
    };
    let mut kept = Vec::new();
    let mut prose_words = 0;
    let mut linked_headings = 0;
    for (b, &p) in blocks.iter().zip(&prose) {
        if b.heading.is_some() && b.link_density() > 0.5 {
            linked_headings += 1;
        }
        let reason = if total > 0 && !inside(b) {
            Some("outside the article")
        } else if b.tag == "h1" {
            Some("headline (kept as the title)")
        } else if let Some(r) = boilerplate::strong(&b.text) {
            Some(r)
        } else if b.link_density() > 0.5 {
            Some("links")
        } else if b.tag == "li" && p == 0 {
            Some("list item (menu or links)")
        } else if p == 0 && b.heading.is_none() && b.text.split_whitespace().count() < 4 {
            Some("label")
        } else {
            None
        };
        match reason {
            Some(r) => {
                if dropped.len() < Dropped::MAX_KEPT {
                    dropped.push(Dropped::new(&b.text, r));
                }
            }
            None => {
                if p > 0 {
                    prose_words += b.text.split_whitespace().count();
                }
                kept.push(b.text.clone());
            }
        }
    }
    Content {
        blocks: kept,
        dropped,
        prose_words,
        linked_headings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "Officials from both countries met on Monday and agreed to meet again in April.";

    fn kept(body: &str) -> Vec<String> {
        let doc = Html::parse_document(&format!("<html><body>{body}</body></html>"));
        select(&doc, walk(&doc, true)).blocks
    }

    #[test]
    fn the_article_without_its_furniture() {
        let p = |t: &str| format!("<p>{t} {PROSE}</p>");
        let cases: Vec<(String, Vec<String>)> = vec![
            // Furniture by tag, role, class; hidden and silent elements.
            (
                format!(
                    "<nav>{}</nav><div role=\"dialog\">{}</div><div class=\"cookie-notice\">{}</div>\
                     <article>{}<figure><figcaption>{}</figcaption></figure>{}</article>\
                     <div hidden>{}</div><script>{}</script><footer>{}</footer>",
                    p("Nav"),
                    p("Dialog"),
                    p("Cookie"),
                    p("One"),
                    p("Caption"),
                    p("Two"),
                    p("Hidden"),
                    p("Script"),
                    p("Footer")
                ),
                vec![format!("One {PROSE}"), format!("Two {PROSE}")],
            ),
            // The article is the container with most of the prose, not the related list.
            (
                format!(
                    "<div id=\"story\">{}{}{}</div><div class=\"other\"><ul><li><a href=\"/a\">Another story about talks</a></li></ul>{}</div>",
                    p("A"),
                    p("B"),
                    p("C"),
                    p("Teaser")
                ),
                vec![format!("A {PROSE}"), format!("B {PROSE}"), format!("C {PROSE}")],
            ),
            // Inside the article: link lists, labels and furniture-shaped blocks go.
            (
                format!(
                    "<article>{}<p><a href=\"/x\">Link one</a> <a href=\"/y\">Link two</a></p><p>Advertisement</p>\
                     <p>Share on FacebookTwitterEmail</p><h2>A heading</h2>{}</article>",
                    p("A"),
                    p("B")
                ),
                vec![format!("A {PROSE}"), "A heading".into(), format!("B {PROSE}")],
            ),
        ];
        for (body, want) in cases {
            assert_eq!(kept(&body), want, "{body}");
        }
    }

    #[test]
    fn white_space_is_collapsed_and_invisible_characters_dropped() {
        let mut s = String::from("a");
        push_text(&mut s, "  b\u{a0}\u{200b}c\n\t d\u{0}");
        assert_eq!(s, "a b c d");
    }
}
