//! A JSON Lines feed of 1,000 articles, some of them broken: every good article is stored with
//! its metadata, every broken line is reported by number, and the run exits 1 with the counts.

mod common;

use common::newskg;

const PEOPLE: [(&str, &str); 6] = [
    ("Prime Minister", "Aldo Verhoeven"),
    ("Foreign Minister", "Sunita Okafor"),
    ("President", "Marek Lindqvist"),
    ("Trade Minister", "Hélène Castellano"),
    ("Defence Minister", "Tomasz Adeyemi"),
    ("Chancellor", "Ingrid Maalouf"),
];
const PLACES: [(&str, &str); 5] = [
    ("French", "Paris"),
    ("Kenyan", "Nairobi"),
    ("Japanese", "Tokyo"),
    ("Brazilian", "Brasília"),
    ("Canadian", "Ottawa"),
];

/// Article `i` of the feed, as a JSON object on one line.
fn article(i: usize) -> String {
    let (title_a, a) = PEOPLE[i % PEOPLE.len()];
    let (title_b, b) = PEOPLE[(i + 1) % PEOPLE.len()];
    let (demonym, city) = PLACES[i % PLACES.len()];
    let text = format!(
        "{demonym} {title_a} {a} will travel to {city} on Tuesday to meet {title_b} {b}. \
         {a} said the talks would focus on trade. Officials said {b} hosted a delegation last month."
    );
    serde_json::json!({
        "id": format!("feed-{i:04}"),
        "title": format!("Talks number {i}"),
        "date": "2026-03-02",
        "url": format!("https://news.example/{i}"),
        "source": "Example Wire",
        "text": text,
    })
    .to_string()
}

#[test]
fn thousand_article_feed_with_broken_lines_reports_each_and_stores_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<Vec<u8>> = (0..1000).map(|i| article(i).into_bytes()).collect();
    // Line numbers are 1-based: index 99 is line 100.
    lines[99].truncate(40); // malformed JSON
    lines[249] = br#"{"id": "no-text", "title": "nothing here"}"#.to_vec();
    lines[399] = br#"{"id": "empty", "text": "   "}"#.to_vec();
    lines[599].extend_from_slice(b" \xff\xfe"); // not UTF-8
    lines[799] = article(799).replace("2026-03-02", "March 2nd").into_bytes();
    let mut feed = lines.join(&b'\n');
    feed.extend_from_slice(b"\n\n"); // a trailing blank line is no article
    std::fs::write(dir.path().join("feed.jsonl"), feed).unwrap();

    let run = newskg(dir.path(), &["--store", "store", "ingest", "-q", "feed.jsonl"]);
    assert_eq!(
        run.code, 1,
        "broken lines make the run fail at the end; stderr:\n{}",
        run.stderr
    );
    assert!(run.stdout.starts_with("995 articles stored"), "{}", run.stdout);
    assert!(run.stdout.contains("5 failed"), "{}", run.stdout);
    for (line, words) in [
        (100, "not a JSON article"),
        (250, "text"),
        (400, "empty"),
        (600, "UTF-8"),
        (800, "YYYY-MM-DD"),
    ] {
        let place = format!("feed.jsonl:{line}:");
        let message = run.stderr.lines().find(|l| l.contains(&place));
        assert!(
            message.is_some_and(|m| m.contains(words)),
            "line {line} should be reported with {words:?}; stderr:\n{}",
            run.stderr
        );
    }

    let count = newskg(
        dir.path(),
        &[
            "--store",
            "store",
            "query",
            "--format",
            "tsv",
            "PREFIX schema: <https://schema.org/>
             SELECT (COUNT(DISTINCT ?a) AS ?n) (COUNT(DISTINCT ?t) AS ?titles) (COUNT(DISTINCT ?u) AS ?urls)
             WHERE { GRAPH ?g { ?a schema:headline ?t ; schema:url ?u ; schema:datePublished ?d } }",
        ],
    );
    count.ok();
    assert_eq!(
        count.stdout.lines().nth(1),
        Some("995\t995\t995"),
        "{}",
        count.stdout
    );

    // The same feed again changes nothing and fails the same way.
    let before = newskg(dir.path(), &["--store", "store", "export", "--format", "nquads"]);
    let again = newskg(dir.path(), &["--store", "store", "ingest", "-q", "feed.jsonl"]);
    assert_eq!(again.code, 1);
    let after = newskg(dir.path(), &["--store", "store", "export", "--format", "nquads"]);
    assert_eq!(before.stdout.len(), after.stdout.len());
}
