//! What a page says about itself: JSON-LD (`NewsArticle` and its kin), OpenGraph and other
//! `<meta>` tags, `<time>`, `<link rel=canonical>`, `<title>` and `<html lang>`. The first
//! source that gives a field wins, in that order.

use chrono::NaiveDate;
use scraper::{Html, Node};
use serde_json::Value;

/// The metadata of a page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageMeta {
    /// JSON-LD `headline`, else `og:title`.
    pub headline: Option<String>,
    /// The `<title>` element, which often carries the site's name too.
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    /// Absolute http(s) URL from `<link rel=canonical>`, `og:url` or JSON-LD `url`.
    pub canonical: Option<String>,
    /// `<html lang>`, as written.
    pub lang: Option<String>,
    /// The page's own word for what it is: JSON-LD `@type` or `og:type`.
    pub kind: Option<String>,
    /// Whether the page declares itself an article (JSON-LD `*Article`, `*Posting`, or
    /// `og:type` article).
    pub declares_article: bool,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "Report",
];

fn date(value: &str) -> Option<NaiveDate> {
    super::super::parse_date(value).ok()
}

fn absolute(url: &str) -> Option<String> {
    let u = url.trim();
    let web = u.starts_with("http://") || u.starts_with("https://");
    (web && !u.contains(char::is_whitespace) && u.len() <= 2048).then(|| u.to_string())
}

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(collapse(s)),
        Value::Object(o) => o.get("name").and_then(text_of),
        Value::Array(a) => a.iter().find_map(text_of),
        _ => None,
    }
}

fn names(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(text_of).collect(),
        other => text_of(other).into_iter().collect(),
    }
}

fn types(o: &serde_json::Map<String, Value>) -> Vec<String> {
    match o.get("@type") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|t| t.as_str().map(str::to_string)).collect(),
        _ => Vec::new(),
    }
}

/// Every object of a JSON-LD value, `@graph` members included, depth-first, to a bounded
/// depth (hostile pages nest deeply).
fn objects<'a>(v: &'a Value, depth: usize, out: &mut Vec<&'a serde_json::Map<String, Value>>) {
    if depth > 8 || out.len() > 200 {
        return;
    }
    match v {
        Value::Object(o) => {
            out.push(o);
            if let Some(g) = o.get("@graph") {
                objects(g, depth + 1, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| objects(x, depth + 1, out)),
        _ => {}
    }
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn read_json_ld(text: &str, m: &mut PageMeta) {
    // serde_json stops at 128 levels of nesting, so a hostile script cannot exhaust the stack.
    let Ok(v) = serde_json::from_str::<Value>(text.trim()) else {
        return;
    };
    let mut all = Vec::new();
    objects(&v, 0, &mut all);
    for o in all {
        let t = types(o);
        let is_article = t.iter().any(|x| ARTICLE_TYPES.contains(&x.as_str()));
        if m.kind.is_none()
            && let Some(first) = t.first()
        {
            m.kind = Some(first.clone());
        }
        if !is_article {
            continue;
        }
        m.declares_article = true;
        m.kind = t.first().cloned();
        if m.headline.is_none() {
            m.headline = o.get("headline").and_then(text_of);
        }
        if m.published.is_none() {
            m.published = o.get("datePublished").and_then(Value::as_str).and_then(date);
        }
        if m.authors.is_empty() {
            m.authors = o.get("author").map(names).unwrap_or_default();
        }
        if m.publisher.is_none() {
            m.publisher = o.get("publisher").and_then(text_of);
        }
        if m.canonical.is_none() {
            m.canonical = o
                .get("url")
                .and_then(Value::as_str)
                .or_else(|| {
                    o.get("mainEntityOfPage")
                        .and_then(|p| p.get("@id").or(Some(p)))
                        .and_then(Value::as_str)
                })
                .and_then(absolute);
        }
    }
}

/// Reads the metadata of a parsed page.
pub fn read(doc: &Html) -> PageMeta {
    let mut m = PageMeta::default();
    let mut og = PageMeta::default();
    let mut title = None;
    let mut time = None;
    let mut canonical_link = None;
    let mut meta_date = None;
    let mut meta_authors = Vec::new();
    for node in doc.tree.root().descendants() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "html" if m.lang.is_none() => m.lang = el.attr("lang").map(str::to_string),
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                read_json_ld(&text, &mut m);
            }
            "title" if title.is_none() => {
                let t: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                    .collect();
                title = Some(collapse(&t)).filter(|t| !t.is_empty());
            }
            "link"
                if canonical_link.is_none()
                    && el.attr("rel").is_some_and(|r| {
                        r.split_whitespace().any(|x| x.eq_ignore_ascii_case("canonical"))
                    }) =>
            {
                canonical_link = el.attr("href").and_then(absolute);
            }
            "time" if time.is_none() => time = el.attr("datetime").and_then(date),
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(content) = el.attr("content").map(collapse).filter(|c| !c.is_empty()) else {
                    continue;
                };
                match key.as_str() {
                    "og:title" => og.headline = og.headline.take().or(Some(content)),
                    "og:site_name" => og.publisher = og.publisher.take().or(Some(content)),
                    "og:url" => og.canonical = og.canonical.take().or_else(|| absolute(&content)),
                    "og:type" => {
                        og.declares_article |= content.eq_ignore_ascii_case("article");
                        og.kind = og.kind.take().or(Some(content));
                    }
                    "article:published_time"
                    | "datepublished"
                    | "date"
                    | "pubdate"
                    | "publish-date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "dcterms.date"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "og:published_time" => {
                        meta_date = meta_date.or_else(|| date(&content));
                    }
                    "author" | "article:author" | "dc.creator" | "parsely-author" | "sailthru.author"
                        if !content.starts_with("http") && !meta_authors.contains(&content) =>
                    {
                        meta_authors.push(content);
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    // JSON-LD first, then OpenGraph and <meta>, then the page's own elements.
    m.headline = m.headline.or(og.headline);
    m.title = title;
    m.publisher = m.publisher.or(og.publisher);
    m.canonical = canonical_link.or(m.canonical).or(og.canonical);
    m.published = m.published.or(meta_date).or(time);
    if m.authors.is_empty() {
        m.authors = meta_authors;
    }
    m.declares_article |= og.declares_article;
    if !m.declares_article {
        m.kind = og.kind.or(m.kind);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_wins_then_opengraph_then_the_page() {
        let page = r#"<html lang="en-GB"><head><title>Talks end | The Courier</title>
            <link rel="canonical" href="https://courier.example/world/talks-end">
            <meta property="og:title" content="Talks end (og)">
            <meta property="og:site_name" content="The Courier">
            <meta property="og:type" content="article">
            <meta name="author" content="Lena Ortiz">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"The Courier"},
              {"@type":"NewsArticle","headline":"Talks end in Lusaka","datePublished":"2026-03-02T09:15:00+01:00",
               "author":[{"@type":"Person","name":"Tomas Beller"},{"@type":"Person","name":"Ines Roth"}],
               "publisher":{"@type":"Organization","name":"Courier Media"}}]}</script>
            </head><body><time datetime="2026-03-01">yesterday</time></body></html>"#;
        let m = read(&Html::parse_document(page));
        assert_eq!(m.headline.as_deref(), Some("Talks end in Lusaka"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(m.authors, vec!["Tomas Beller", "Ines Roth"]);
        assert_eq!(m.publisher.as_deref(), Some("Courier Media"));
        assert_eq!(
            m.canonical.as_deref(),
            Some("https://courier.example/world/talks-end")
        );
        assert_eq!(m.lang.as_deref(), Some("en-GB"));
        assert!(m.declares_article);
    }

    #[test]
    fn without_json_ld() {
        let page = r#"<html><head><title>Video: the summit</title>
            <meta property="og:type" content="video.other"><meta property="og:url" content="https://x.example/v/1">
            <meta name="author" content="https://x.example/people/a"></head>
            <body><time datetime="2026-03-01T10:00">March 1</time><script type="application/ld+json">{not json</script></body></html>"#;
        let m = read(&Html::parse_document(page));
        assert_eq!(m.headline, None);
        assert_eq!(m.title.as_deref(), Some("Video: the summit"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2026, 3, 1));
        assert_eq!(m.kind.as_deref(), Some("video.other"));
        assert_eq!(m.canonical.as_deref(), Some("https://x.example/v/1"));
        assert!(m.authors.is_empty() && !m.declares_article);
    }
}
