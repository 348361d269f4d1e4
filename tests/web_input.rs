//! Web pages, crawler dumps and WARC archives as input: the article's text and facts come
//! through, the page furniture does not, and a bad record costs only itself.

mod common;
#[path = "../benches/synth/mod.rs"]
#[allow(dead_code)]
mod synth;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::newskg;
use serde_json::Value;

const PAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages");
const LAYOUTS: [&str; 4] = ["wire", "newspaper", "blog", "live"];

fn page(name: &str) -> PathBuf {
    Path::new(PAGES).join(name)
}

fn extract_json(dir: &Path, file: &Path) -> Value {
    let run = newskg(dir, &["extract", "--format", "json", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}: {}", file.display(), run.stderr);
    serde_json::from_str(&run.stdout).expect("one JSON report")
}

fn entities(report: &Value) -> BTreeSet<(String, String)> {
    report["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kept"] == true)
        .map(|e| {
            (
                e["label"].as_str().unwrap().to_string(),
                e["type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn relations(report: &Value) -> BTreeSet<String> {
    report["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {} ({})",
                r["subject"], r["predicate"], r["object"], r["status"]
            )
        })
        .collect()
}

fn furniture_names() -> Vec<String> {
    std::fs::read_to_string(page("furniture-names.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// No entity label holds a name that appears only in the furniture.
fn assert_no_furniture_entity(what: &str, labels: impl IntoIterator<Item = String>) {
    let names = furniture_names();
    for label in labels {
        for n in &names {
            assert!(
                !label.contains(n.as_str()),
                "{what}: the entity {label:?} comes from page furniture"
            );
        }
    }
}

#[test]
fn a_page_gives_its_clean_texts_words_and_facts() {
    let dir = tempfile::tempdir().unwrap();
    for layout in LAYOUTS {
        let html = extract_json(dir.path(), &page(&format!("{layout}.html")));
        let text = extract_json(dir.path(), &page(&format!("{layout}.txt")));
        let clean = std::fs::read_to_string(page(&format!("{layout}.txt"))).unwrap();
        assert_eq!(
            html["article"]["text"].as_str().unwrap(),
            clean.trim(),
            "{layout}: extracted text"
        );
        assert_eq!(html["article"]["extracted_from"], "html");
        assert_eq!(entities(&html), entities(&text), "{layout}: entities");
        assert_eq!(relations(&html), relations(&text), "{layout}: relations");
        assert!(!relations(&html).is_empty(), "{layout}: the page has facts");
        assert_no_furniture_entity(layout, entities(&html).into_iter().map(|e| e.0));
        // What was left out is shown, with the reason.
        let left = html["article"]["left_out"].as_array().unwrap();
        assert!(
            left.iter()
                .all(|d| d["reason"].is_string() && d["text"].is_string())
        );
        assert!(!left.is_empty(), "{layout}: furniture reported");
    }
}

#[test]
fn offsets_refer_to_the_extracted_text() {
    let dir = tempfile::tempdir().unwrap();
    let report = extract_json(dir.path(), &page("wire.html"));
    let text: Vec<char> = report["article"]["text"].as_str().unwrap().chars().collect();
    for m in report["mentions"].as_array().unwrap() {
        let (b, e) = (
            m["offsets"][0].as_u64().unwrap() as usize,
            m["offsets"][1].as_u64().unwrap() as usize,
        );
        let got: String = text[b..e].iter().collect();
        assert_eq!(got, m["text"].as_str().unwrap());
    }
}

#[test]
fn a_crawler_dump_keeps_the_article_and_leaves_the_furniture() {
    let dir = tempfile::tempdir().unwrap();
    let dump = extract_json(dir.path(), &page("dump.txt"));
    let wire = extract_json(dir.path(), &page("wire.txt"));
    assert_eq!(dump["article"]["extracted_from"], "text dump");
    assert_no_furniture_entity("dump.txt", entities(&dump).into_iter().map(|e| e.0));
    assert_eq!(relations(&dump), relations(&wire));
    let reasons: BTreeSet<&str> = dump["article"]["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reason"].as_str().unwrap())
        .collect();
    for r in [
        "cookie notice",
        "share buttons",
        "picture caption or credit",
        "teaser",
        "links",
    ] {
        assert!(reasons.contains(r), "{r} in {reasons:?}");
    }
}

#[test]
fn the_page_metadata_goes_onto_the_article_node() {
    let dir = tempfile::tempdir().unwrap();
    let run = newskg(
        dir.path(),
        &[
            "extract",
            "--format",
            "nquads",
            page("wire.html").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let article = "<https://w3id.org/newskg/article/https-wireexample-world-africa-ministers-agree-to-reopen-border-crossings-2026-03-02>";
    for want in [
        "<https://schema.org/url> \"https://wire.example/world/africa/ministers-agree-to-reopen-border-crossings-2026-03-02/\"",
        "<https://schema.org/author> \"Tomas Beller\"",
        "<https://schema.org/author> \"Ines Roth\"",
        "<https://schema.org/publisher> \"Harbour Wire\"",
        "<https://schema.org/datePublished> \"2026-03-02\"",
        "<https://schema.org/headline> \"Lomarian and Vessanian ministers agree to reopen border crossings\"",
        "<https://w3id.org/newskg/ns#extractedFrom> \"html\"",
    ] {
        assert!(
            run.stdout
                .lines()
                .any(|l| l.starts_with(article) && l.contains(want)),
            "missing {want}"
        );
    }
    // A byline is metadata, not an entity.
    assert!(!run.stdout.contains("person/tomas-beller"));
}

#[test]
fn pages_without_an_english_article_are_skipped_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let cases = [
        ("german.html", "not English"),
        ("index.html", "an index page"),
        ("video.html", "a video page"),
    ];
    let mut args = vec!["--store", store.to_str().unwrap(), "ingest"];
    let paths: Vec<String> = cases.iter().map(|(f, _)| page(f).display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    let run = newskg(dir.path(), &args);
    assert_eq!(run.code, 0, "skipping is not failing: {}", run.stderr);
    for (file, reason) in cases {
        assert!(
            run.stderr
                .lines()
                .any(|l| l.contains(file) && l.contains("skipped") && l.contains(reason)),
            "{file}: {reason} in\n{}",
            run.stderr
        );
    }
    assert!(
        run.stdout.contains("0 articles stored") && run.stdout.contains("3 skipped"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_page_on_standard_input_is_read_as_a_page() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read(page("wire.html")).unwrap();
    let run = common::newskg_stdin(dir.path(), &["extract", "--format", "json", "-"], &html);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let clean = std::fs::read_to_string(page("wire.txt")).unwrap();
    assert_eq!(report["article"]["text"].as_str().unwrap(), clean.trim());
    assert_eq!(
        report["article"]["id"],
        "https://wire.example/world/africa/ministers-agree-to-reopen-border-crossings-2026-03-02/"
    );
}

#[test]
fn a_feed_line_may_carry_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let html = std::fs::read_to_string(page("blog.html")).unwrap();
    let feed = dir.path().join("pages.jsonl");
    let line = serde_json::json!({"html": html, "source": "Feed Outlet"});
    std::fs::write(&feed, format!("{line}\n")).unwrap();
    let report = extract_json(dir.path(), &feed);
    let clean = std::fs::read_to_string(page("blog.txt")).unwrap();
    assert_eq!(report["article"]["text"].as_str().unwrap(), clean.trim());
    // The feed's fields win over the page's.
    assert_eq!(report["article"]["publisher"], "Feed Outlet");
    assert_eq!(
        report["article"]["id"],
        "https://tradedesk.example/2026/01/notes-from-brussels/"
    );
}

// ---- WARC archives -------------------------------------------------------------------------

/// One WARC record, uncompressed.
fn record(wtype: &str, uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2026-03-02T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{:08x}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len() ^ 0x5a5a,
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(content_type: &str, status: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// The records of one crawled page: request, response, metadata.
fn crawl(uri: &str, html: &[u8]) -> Vec<Vec<u8>> {
    vec![
        record(
            "request",
            uri,
            "application/http; msgtype=request",
            format!("GET {uri} HTTP/1.1\r\n\r\n").as_bytes(),
        ),
        record(
            "response",
            uri,
            "application/http; msgtype=response",
            &http("text/html", "200 OK", html),
        ),
        record(
            "metadata",
            uri,
            "application/warc-fields",
            b"fetchTimeMs: 120\r\n",
        ),
    ]
}

fn count_articles(dir: &Path, store: &Path) -> usize {
    let run = newskg(
        dir,
        &[
            "--store",
            store.to_str().unwrap(),
            "query",
            "--format",
            "tsv",
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://schema.org/NewsArticle> }",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cell = run.stdout.lines().nth(1).unwrap_or("0");
    cell.split("^^")
        .next()
        .unwrap()
        .trim_matches('"')
        .parse()
        .unwrap()
}

#[test]
fn a_warc_of_the_pages_gives_the_pages_articles_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut members = vec![gz(&record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: test\r\n",
    ))];
    for layout in LAYOUTS {
        let html = std::fs::read(page(&format!("{layout}.html"))).unwrap();
        let uri = format!("https://crawl.example/{layout}");
        members.extend(crawl(&uri, &html).iter().map(|r| gz(r)));
    }
    members.push(gz(&record(
        "response",
        "https://crawl.example/logo.png",
        "application/http; msgtype=response",
        &http("image/png", "200 OK", b"\x89PNG"),
    )));
    members.push(gz(&record(
        "response",
        "https://crawl.example/gone",
        "application/http; msgtype=response",
        &http("text/html", "404 Not Found", b"<html>gone</html>"),
    )));
    members.push(gz(&crawl(
        "https://crawl.example/de",
        &std::fs::read(page("german.html")).unwrap(),
    )[1]));
    let warc = dir.path().join("pages.warc.gz");
    std::fs::write(&warc, members.concat()).unwrap();
    let store = dir.path().join("store");
    let run = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "ingest",
            warc.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("4 articles stored") && run.stdout.contains("1 skipped"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("not English"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("4 request, 1 response (HTTP status 404), 1 response (image/png), 1 warcinfo")
            && run.stderr.contains("4 metadata"),
        "{}",
        run.stderr
    );
    assert_eq!(count_articles(dir.path(), &store), 4);
    // The same articles as from the pages themselves: ingesting the files adds none.
    let files: Vec<String> = LAYOUTS
        .iter()
        .map(|l| page(&format!("{l}.html")).display().to_string())
        .collect();
    let mut args = vec!["--store", store.to_str().unwrap(), "ingest"];
    args.extend(files.iter().map(String::as_str));
    assert_eq!(newskg(dir.path(), &args).code, 0);
    assert_eq!(count_articles(dir.path(), &store), 4);
    // No entity from furniture in the store.
    let labels = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "query",
            "--format",
            "tsv",
            "SELECT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
        ],
    );
    assert_no_furniture_entity("pages.warc.gz", labels.stdout.lines().skip(1).map(str::to_string));
}

#[test]
fn a_corrupt_record_in_a_warc_of_1000_is_reported_by_offset_and_the_999_others_are_stored() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    let mut corrupt_at = 0;
    for (i, a) in synth::generate(1000, 7, 250).enumerate() {
        let [_request, response] = synth::warc_records(&a);
        let mut member = gz(&response);
        if i == 500 {
            // Damage the deflate data in the middle of the member.
            corrupt_at = archive.len();
            let mid = member.len() / 2;
            for b in &mut member[mid..mid + 16] {
                *b ^= 0xa5;
            }
        }
        archive.extend(member);
    }
    let warc = dir.path().join("synth.warc.gz");
    std::fs::write(&warc, &archive).unwrap();
    let store = dir.path().join("store");
    let run = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "ingest",
            "-q",
            warc.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "a bad record is a failure: {}", run.stderr);
    let wanted = format!("synth.warc.gz: record at byte {corrupt_at}: ");
    assert!(run.stderr.contains(&wanted), "{wanted} in\n{}", run.stderr);
    assert_eq!(run.stderr.matches("record at byte").count(), 1, "{}", run.stderr);
    assert!(run.stdout.starts_with("999 articles stored"), "{}", run.stdout);
    assert!(
        run.stdout.contains("by the bulk loader") && run.stdout.contains("1 failed"),
        "{}",
        run.stdout
    );
    assert_eq!(count_articles(dir.path(), &store), 999);
}

#[test]
fn two_corrupt_records_side_by_side_are_both_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    let mut offsets = Vec::new();
    for (i, a) in synth::generate(6, 3, 200).enumerate() {
        let [_, response] = synth::warc_records(&a);
        let mut member = gz(&response);
        if i == 2 || i == 3 {
            offsets.push(archive.len());
            let mid = member.len() / 2;
            member[mid..mid + 8].iter_mut().for_each(|b| *b ^= 0x5a);
        }
        archive.extend(member);
    }
    let warc = dir.path().join("two.warc.gz");
    std::fs::write(&warc, &archive).unwrap();
    let store = dir.path().join("store");
    let run = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "ingest",
            "-q",
            warc.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    for o in offsets {
        assert!(
            run.stderr.contains(&format!("record at byte {o}: ")),
            "{o} in\n{}",
            run.stderr
        );
    }
    assert!(run.stdout.starts_with("4 articles stored"), "{}", run.stdout);
}

#[test]
fn a_truncated_archive_keeps_the_records_before_the_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut archive = Vec::new();
    let mut plain = Vec::new();
    for layout in LAYOUTS {
        let html = std::fs::read(page(&format!("{layout}.html"))).unwrap();
        let r = record(
            "response",
            &format!("https://crawl.example/{layout}"),
            "application/http; msgtype=response",
            &http("text/html", "200 OK", &html),
        );
        archive.extend(gz(&r));
        plain.push(r);
    }
    let cut = archive.len() - 300;
    let warc = dir.path().join("cut.warc.gz");
    std::fs::write(&warc, &archive[..cut]).unwrap();
    let store = dir.path().join("store");
    let run = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "ingest",
            warc.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("cut.warc.gz: record at byte") && run.stderr.contains("truncated"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\n3 articles stored"), "{}", run.stdout);

    // A plain archive whose second record has a wrong Content-Length: the reader finds the
    // next record by its version line.
    let mut bad = plain[1].clone();
    let text = String::from_utf8_lossy(&bad).into_owned();
    let len_line = text
        .lines()
        .find(|l| l.starts_with("Content-Length"))
        .unwrap()
        .to_string();
    let fixed = text.replacen(&len_line, "Content-Length: 99", 1);
    bad = fixed.into_bytes();
    let offset: usize = plain[0].len();
    let warc = dir.path().join("plain.warc");
    std::fs::write(
        &warc,
        [plain[0].clone(), bad, plain[2].clone(), plain[3].clone()].concat(),
    )
    .unwrap();
    let store = dir.path().join("store2");
    let run = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "ingest",
            warc.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains(&format!("plain.warc: record at byte {offset}: ")),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("\n3 articles stored"), "{}", run.stdout);
}

/// The check run on the crawled pages kept outside the repository (they are copyrighted):
/// every entity of a crawler's dump must be named in a line of prose of the original (a
/// sentence of eight words or more), never only in menus, captions, promos or lists.
/// `NEWSKG_CRAWLED_PAGES=DIR cargo test --release --test web_input -- --ignored` runs it on
/// the `.txt` dumps of DIR; without the variable it runs on `tests/pages/dump.txt`.
#[test]
#[ignore = "reads the crawled pages named by NEWSKG_CRAWLED_PAGES"]
fn crawled_dumps_give_no_entity_from_boilerplate() {
    let files: Vec<PathBuf> = match std::env::var("NEWSKG_CRAWLED_PAGES") {
        Ok(dir) => {
            let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
                .collect();
            v.sort();
            v
        }
        Err(_) => vec![page("dump.txt")],
    };
    let dir = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for f in &files {
        let run = newskg(dir.path(), &["extract", "--format", "json", f.to_str().unwrap()]);
        if run.stdout.trim().is_empty() {
            eprintln!("{}: {}", f.display(), run.stderr.trim());
            continue;
        }
        let report: Value = serde_json::from_str(&run.stdout).unwrap();
        let original = std::fs::read_to_string(f).unwrap();
        let prose: Vec<&str> = original
            .lines()
            .filter(|l| {
                l.split_whitespace().count() >= 8
                    && l.trim_end().ends_with(['.', '"', '\u{201D}', '!', '?', ')', ':'])
            })
            .collect();
        for m in report["mentions"].as_array().unwrap() {
            let Some(entity) = m["entity"].as_str() else {
                continue;
            };
            let text = m["text"].as_str().unwrap();
            let kept = report["entities"]
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["label"] == entity && e["kept"] == true);
            if kept && m["kind"] != "pronoun" && !prose.iter().any(|l| l.contains(text)) {
                problems.push(format!(
                    "{}: {entity:?} ({text:?}) is named in no line of prose",
                    f.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
