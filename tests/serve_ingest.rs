//! Ingest over HTTP (`POST /ingest`): the write token, the body formats, refusals with line
//! numbers, queries that keep being answered while an ingest writes, and a server killed in
//! the middle of an ingest, which must leave a store that the CLI opens and completes.

mod serve_support;

use serve_support::*;

#[test]
fn writes_need_the_token() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &[]);
    let url = format!("{}/ingest", served.url);
    let text = invented(1);
    let r = request("POST", &url, &[("Content-Type", "text/plain")], text.as_bytes());
    assert_eq!(r.status, 401);
    assert!(
        r.header("www-authenticate")
            .is_some_and(|h| h.starts_with("Bearer"))
    );
    let r = request(
        "POST",
        &url,
        &[("Content-Type", "text/plain"), ("Authorization", "Bearer 0000")],
        text.as_bytes(),
    );
    assert_eq!(r.status, 403);
    let r = request(
        "POST",
        &url,
        &[
            ("Content-Type", "text/plain"),
            ("Authorization", &format!("Basic {}", served.token)),
        ],
        text.as_bytes(),
    );
    assert_eq!(r.status, 401, "only a bearer token counts");
    assert_eq!(request("GET", &url, &[], b"").status, 405);
    assert_eq!(article_count(&served), 1, "nothing was written");
    // The token is long and random, and the file that holds it is the owner's only.
    assert_eq!(served.token.len(), 64);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(store.join("server.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn text_and_json_lines_are_stored_and_reported() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &[]);
    let r = ingest(
        &served,
        "text/plain; charset=utf-8",
        "?id=vetrova-trip&published=2025-03-04",
        invented(1).as_bytes(),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["stored"], 1);
    assert_eq!(j["view"], "updated");
    let a = &j["articles"][0];
    assert_eq!(a["iri"], "https://w3id.org/newskg/article/vetrova-trip");
    assert!(a["entities"].as_u64().unwrap() >= 2, "{j}");
    assert!(a["relations"].as_u64().unwrap() >= 1, "{j}");
    assert_eq!(article_count(&served), 2);
    // The merged view has the new person at once.
    let r = get(
        &served.sparql_url("ASK { ?p <http://www.w3.org/2000/01/rdf-schema#label> \"Alma Vetrova1\" }"),
        "",
    );
    assert!(r.text().contains("true"), "{}", r.text());

    let r = ingest(&served, "application/x-ndjson", "", feed("feed", 3).as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let j = r.json();
    assert_eq!(j["stored"], 3);
    assert_eq!(j["articles"][2]["line"], 3);
    assert_eq!(article_count(&served), 5);

    // A web page: its article is read out of the page furniture, named by its canonical URL.
    let page = format!(
        "<!doctype html><html><head><title>Vetrova to visit Berlin</title>\
         <link rel=\"canonical\" href=\"https://news.example/vetrova-berlin\"></head><body>\
         <nav>Home | World | Sport</nav><article><h1>Vetrova to visit Berlin</h1><p>{}</p>\
         <p>The ministry confirmed the visit in a statement on Wednesday, adding that the two \
         ministers would also discuss the work of the joint commission.</p></article>\
         <footer>Copyright</footer></body></html>",
        invented(7)
    );
    let r = ingest(&served, "text/html; charset=utf-8", "", page.as_bytes());
    assert_eq!(r.status, 200, "{}", r.text());
    let a = &r.json()["articles"][0];
    assert_eq!(
        a["iri"], "https://w3id.org/newskg/article/https-newsexample-vetrova-berlin",
        "{a}"
    );
    assert!(a["relations"].as_u64().unwrap() >= 1, "{a}");
    assert_eq!(article_count(&served), 6);

    // Sending the same articles again replaces them.
    let r = ingest(&served, "application/x-ndjson", "", feed("feed", 3).as_bytes());
    assert_eq!(r.json()["stored"], 3);
    assert_eq!(article_count(&served), 6);
}

#[test]
fn bad_requests_store_nothing_and_say_where() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &["--max-body", "1"]);
    let lines = feed("bad", 4);
    let mut broken: Vec<&str> = lines.lines().collect();
    broken[2] = "{\"text\": \"unterminated";
    let body = broken.join("\n");
    /// Name, media type, URL query, body, status, text in the answer.
    type Case<'a> = (&'a str, &'a str, &'a str, Vec<u8>, u16, &'a str);
    let cases: Vec<Case> = vec![
        (
            "bad JSON line",
            "application/x-ndjson",
            "",
            body.into_bytes(),
            400,
            "request:3",
        ),
        (
            "line without text",
            "application/x-ndjson",
            "",
            b"{\"id\": \"x\"}\n".to_vec(),
            400,
            "request:1",
        ),
        (
            "bad UTF-8 text",
            "text/plain",
            "",
            b"Minister \xff\xfe said".to_vec(),
            400,
            "offset 9",
        ),
        (
            "bad UTF-8 line",
            "application/x-ndjson",
            "",
            b"{\"text\": \"a \xff\"}\n".to_vec(),
            400,
            "request:1",
        ),
        ("empty text", "text/plain", "", b"   \n".to_vec(), 400, "empty"),
        (
            "empty feed",
            "application/x-ndjson",
            "",
            b"\n\n".to_vec(),
            400,
            "no article",
        ),
        (
            "bad date",
            "text/plain",
            "?published=yesterday",
            invented(2).into_bytes(),
            400,
            "YYYY-MM-DD",
        ),
        (
            "bad date in feed",
            "application/x-ndjson",
            "",
            b"{\"text\": \"Minister Alma Vetrova said so.\", \"date\": \"soon\"}\n".to_vec(),
            400,
            "request:1",
        ),
        (
            "unknown media type",
            "application/pdf",
            "",
            b"%PDF".to_vec(),
            415,
            "text/plain",
        ),
        ("huge body", "text/plain", "", vec![b'a'; 2 << 20], 413, "limit"),
        (
            "N-Quads outside article graphs",
            "application/n-quads",
            "",
            b"<a:s> <a:p> <a:o> <https://w3id.org/newskg/ontology> .\n".to_vec(),
            400,
            "not an article graph",
        ),
        (
            "N-Quads in the default graph",
            "application/n-quads",
            "",
            b"<a:s> <a:p> <a:o> .\n".to_vec(),
            400,
            "outside the article graphs",
        ),
    ];
    let mut failures = Vec::new();
    for (name, ct, query, body, status, contains) in &cases {
        let r = ingest(&served, ct, query, body);
        if r.status != *status || !r.text().contains(contains) {
            failures.push(format!(
                "{name}: got {} {:?}, want {status} with {contains:?}",
                r.status,
                r.text()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(
        article_count(&served),
        1,
        "nothing of a refused request is stored"
    );
}

#[test]
fn queries_are_answered_while_an_ingest_writes() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &[]);
    let big = feed("load", 300);
    std::thread::scope(|s| {
        let writer = s.spawn(|| ingest(&served, "application/x-ndjson", "", big.as_bytes()));
        let mut answered = 0;
        let mut during = 0;
        // At least one query, and as many as fit while the ingest runs.
        loop {
            let running = !writer.is_finished();
            let r = get(
                &served.sparql_url("SELECT ?p ?name WHERE { ?p <http://www.w3.org/2000/01/rdf-schema#label> ?name } LIMIT 20"),
                "application/sparql-results+json",
            );
            assert_eq!(r.status, 200, "{}", r.text());
            answered += 1;
            if running && !writer.is_finished() {
                during += 1;
            }
            if !running {
                break;
            }
        }
        let r = writer.join().unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["stored"], 300);
        assert_eq!(
            r.json()["bulk"],
            300,
            "a batch of 300 new articles goes through the bulk loader"
        );
        eprintln!("{answered} queries answered, {during} of them while the ingest ran");
    });
    assert_eq!(article_count(&served), 301);
}

/// Article graphs whose IRI starts with the article namespace and `prefix`.
fn graphs_with_prefix(store: &str, prefix: &str) -> usize {
    let q = format!(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <https://schema.org/NewsArticle> }} \
         FILTER(STRSTARTS(STR(?g), \"https://w3id.org/newskg/article/{prefix}\")) }}"
    );
    let (code, out, err) = newskg(&["--store", store, "query", "--format", "tsv", &q]);
    assert_eq!(code, 0, "{err}");
    out.lines().nth(1).unwrap().trim().parse().unwrap()
}

#[test]
fn a_server_killed_during_an_ingest_leaves_a_store_the_cli_opens_and_completes() {
    let (dir, store) = seeded();
    let s = store.to_str().unwrap();
    // How long a whole request takes here: the kills fall at fractions of it (extraction,
    // then the bulk load and the view rebuild at the end), whatever the machine's speed.
    let whole = {
        let served = Served::start(&store, &[]);
        let t = std::time::Instant::now();
        let r = ingest(&served, "application/x-ndjson", "", feed("whole", 200).as_bytes());
        assert_eq!(r.status, 200, "{}", r.text());
        let whole = t.elapsed();
        let (code, err) = served.stop();
        assert_eq!(code, 0, "{err}");
        whole
    };
    let mut feeds = Vec::new();
    for (round, fraction) in [0.3, 0.7, 0.95].into_iter().enumerate() {
        let prefix = format!("crash{round}-");
        let body = feed(&format!("crash{round}"), 200);
        let jsonl = dir.path().join(format!("crash{round}.jsonl"));
        std::fs::write(&jsonl, &body).unwrap();
        feeds.push(jsonl);
        let served = Served::start(&store, &[]);
        let url = served.url.clone();
        let token = served.token.clone();
        // The request is sent in full, then the server is killed while it extracts or writes.
        let sender = std::thread::spawn(move || {
            let addr = url.trim_start_matches("http://").to_string();
            let mut req = format!(
                "POST /ingest HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            req.extend_from_slice(body.as_bytes());
            raw(&url, &req)
        });
        std::thread::sleep(whole.mul_f64(fraction));
        served.crash();
        let _ = sender.join();
        // The stale server.json names a dead process: the CLI ignores it and opens the store.
        assert!(
            store.join("server.json").exists(),
            "a killed server leaves its file"
        );
        let (code, out, err) = newskg(&["--store", s, "stats"]);
        assert_eq!(code, 0, "round {round}: {err}");
        assert!(out.contains("articles"), "{out}");
        let n = graphs_with_prefix(s, &prefix);
        assert!(
            n == 0 || n == 200,
            "round {round}: the bulk load is all or nothing, found {n} articles"
        );
        eprintln!("killed at {fraction} of a whole request: {n} of 200 articles stored");
    }
    assert_eq!(
        graphs_with_prefix(s, "whole-"),
        200,
        "what was stored before stays"
    );
    // A server started after the kills follows in the merged view what they left out: the
    // view is then what a full rebuild makes.
    let (code, err) = Served::start(&store, &[]).stop();
    assert_eq!(code, 0, "{err}");
    let view = || {
        let q = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";
        let (code, out, err) = newskg(&["--store", s, "query", "--format", "ntriples", q]);
        assert_eq!(code, 0, "{err}");
        let mut lines: Vec<String> = out.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let followed = view();
    let (code, _, err) = newskg(&["--store", s, "entities", "--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        followed == view(),
        "the merged view after the restart differs from a full rebuild"
    );
    // The same feeds, ingested by the CLI, complete the store.
    let mut args = vec!["--store", s, "ingest", "-q"];
    args.extend(feeds.iter().map(|f| f.to_str().unwrap()));
    let (code, _, err) = newskg(&args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(graphs_with_prefix(s, "crash"), 600);
    assert_eq!(graphs_with_prefix(s, ""), 801);
}
