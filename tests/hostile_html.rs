//! Hostile web pages: malformed markup, deep nesting, huge attributes, entity bombs, scripts
//! that hold "</p>", bytes that are not text. No panic, bounded CPU time (of this thread, so a
//! loaded machine does not fail them; the bounds have wide margins), and nothing from a script
//! in the text.

use std::time::{Duration, Instant};

use newskg::input::html;
use newskg::{Document, Lexicons, Metadata, Pipeline};
use proptest::prelude::*;

fn cpu_now() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(Duration::from_nanos(s.split_whitespace().next()?.parse().ok()?))
}

/// Extracts and annotates a page; the CPU time it took.
fn run(page: &[u8]) -> (html::Page, Duration) {
    let (cpu, wall) = (cpu_now(), Instant::now());
    let p = html::extract(page, None);
    let doc = Document::new("hostile", p.text.clone(), Metadata::default());
    let a = Pipeline::new(Lexicons::builtin()).annotate(&doc);
    let _ = newskg::rdf::to_quads(&a);
    let spent = match (cpu, cpu_now()) {
        (Some(a), Some(b)) => b.saturating_sub(a),
        _ => wall.elapsed(),
    };
    (p, spent)
}

const ARTICLE: &str = "<p>Chilean Foreign Minister Ana Duarte met her Zambian counterpart, Joseph Banda, in Lusaka on Monday to discuss the border.</p>";

#[test]
fn hostile_pages_finish_in_bounded_time() {
    let n = 100_000;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "deep nesting",
            format!("{}{ARTICLE}{}", "<div>".repeat(n), "</div>".repeat(n)).into_bytes(),
        ),
        (
            "deep nesting, never closed",
            format!("{}{ARTICLE}", "<div><span>".repeat(n)).into_bytes(),
        ),
        ("open formatting elements", {
            let mut s: String = (0..20_000)
                .map(|i| format!("<b id=x{i}><font color=c{i}>"))
                .collect();
            s.push_str(&ARTICLE.repeat(2_000));
            s.into_bytes()
        }),
        (
            "huge attribute",
            format!("<div title=\"{}\">{ARTICLE}</div>", "x".repeat(10 << 20)).into_bytes(),
        ),
        (
            "unterminated attribute",
            format!("{ARTICLE}<div title=\"{}", "<b>".repeat(n)).into_bytes(),
        ),
        (
            "entity bomb",
            format!(
                "<p>{}</p>{ARTICLE}",
                "&amp;&#x1F600;&#99999999999;&notanentity;".repeat(n)
            )
            .into_bytes(),
        ),
        (
            "nested tables",
            format!("{}{ARTICLE}", "<table><tr><td>".repeat(20_000)).into_bytes(),
        ),
        (
            "comments and doctypes",
            format!("{}{ARTICLE}", "<!-- <div> --><!DOCTYPE x><?pi?>".repeat(n)).into_bytes(),
        ),
        (
            "long JSON-LD",
            format!(
                "<script type=\"application/ld+json\">{}{}</script>{ARTICLE}",
                "[".repeat(n),
                "]".repeat(n)
            )
            .into_bytes(),
        ),
        (
            "NUL and bad bytes",
            [
                b"<p>\x00\xff\xfe Ana\x00 Duarte \xc3\x28 met".as_slice(),
                ARTICLE.as_bytes(),
            ]
            .concat(),
        ),
    ];
    for (what, page) in cases {
        let (_, spent) = run(&page);
        assert!(spent < Duration::from_secs(30), "{what}: {spent:?} of CPU time");
    }
}

#[test]
fn scripts_and_styles_never_reach_the_text() {
    let page = format!(
        "<html><head><script>var a = '</p><p>Gideon Marsh met Pavel Dunn in Reykjavik on Monday to discuss the border.</p>';</script>\
         <style>p::after {{ content: '</p>Helga Brandt'; }}</style></head><body>{}<script>document.write('<p>Marta Quell visited Vilnius.</p>')</script>\
         <noscript><p>Bruno Stahl met Rupert Vance in Tallinn on Monday to discuss the border crossing and trade.</p></noscript></body></html>",
        ARTICLE.repeat(3)
    );
    let (p, _) = run(page.as_bytes());
    for name in ["Gideon", "Helga", "Marta", "Bruno"] {
        assert!(!p.text.contains(name), "{name} in {}", p.text);
    }
    assert!(p.text.contains("Ana Duarte"));
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"share cookie\">".to_string()),
        Just("</div>".to_string()),
        Just("<b>".to_string()),
        Just("<table><td>".to_string()),
        Just("<script>".to_string()),
        Just("</script>".to_string()),
        Just("<!--".to_string()),
        Just("-->".to_string()),
        Just("<h1>".to_string()),
        Just("<a href=x>".to_string()),
        Just("<br/>".to_string()),
        Just("&amp;&#0;&#x110000;".to_string()),
        Just(ARTICLE.to_string()),
        "\\PC{0,40}",
        "[<>/=\"' a-z]{0,20}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("NEWSKG_SOAK_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(64)
    ))]

    #[test]
    fn any_markup_is_safe(parts in proptest::collection::vec(fragment(), 0..60)) {
        let page = parts.concat();
        let (p, _) = run(page.as_bytes());
        // The text is what later stages index into: valid, without markup of a script.
        prop_assert!(!p.text.contains(char::from(0)), "NUL in the text");
        for d in &p.dropped {
            prop_assert!(d.text.chars().count() <= newskg::document::Dropped::MAX_CHARS);
        }
    }
}
