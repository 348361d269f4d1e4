//! `newskg serve` speaks the SPARQL 1.1 Protocol (read-only) and the Graph Store Protocol
//! (reads), through the real binary on a free loopback port. The first table follows the W3C
//! SPARQL 1.1 protocol tests that apply to a read-only endpoint (query by GET, POST form and
//! POST direct; dataset parameters; bad queries, multiple queries, updates, wrong media
//! types and methods; content negotiation), with the status codes this server answers.

mod serve_support;

use serve_support::*;

const COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
const ASK: &str = "ASK { ?s ?p ?o }";
const CONSTRUCT: &str = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5";

/// One request of the table and what must come back.
struct Case {
    name: &'static str,
    method: &'static str,
    /// Appended to the server's URL.
    path: String,
    headers: Vec<(&'static str, &'static str)>,
    body: String,
    status: u16,
    /// The answer's Content-Type starts with this (when not empty).
    content_type: &'static str,
    /// The body contains this (when not empty).
    contains: &'static str,
}

fn case(name: &'static str, method: &'static str, path: String, status: u16) -> Case {
    Case {
        name,
        method,
        path,
        headers: vec![],
        body: String::new(),
        status,
        content_type: "",
        contains: "",
    }
}

impl Case {
    fn h(mut self, name: &'static str, value: &'static str) -> Case {
        self.headers.push((name, value));
        self
    }
    fn body(mut self, b: impl Into<String>) -> Case {
        self.body = b.into();
        self
    }
    fn ct(mut self, c: &'static str) -> Case {
        self.content_type = c;
        self
    }
    fn has(mut self, c: &'static str) -> Case {
        self.contains = c;
        self
    }
}

fn q(text: &str) -> String {
    format!("/sparql?query={}", encode(text))
}

#[test]
fn sparql_protocol_table() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &["--max-body", "1"]);
    let form = "application/x-www-form-urlencoded";
    let direct = "application/sparql-query";
    let big = format!("query={}", "x".repeat(1_100_000));
    let cases = vec![
        // query_get, query_post_form, query_post_direct
        case("GET", "GET", q(COUNT), 200).ct("application/sparql-results+json").has("\"n\""),
        case("POST form", "POST", "/sparql".into(), 200)
            .h("Content-Type", form)
            .body(format!("query={}", encode(COUNT)))
            .ct("application/sparql-results+json"),
        case("POST direct", "POST", "/sparql".into(), 200)
            .h("Content-Type", direct)
            .body(COUNT)
            .ct("application/sparql-results+json"),
        case("POST direct, charset", "POST", "/sparql".into(), 200)
            .h("Content-Type", "application/sparql-query; charset=UTF-8")
            .body(COUNT),
        // query_content_type_select / ask / construct (conneg)
        case("Accept XML", "GET", q(COUNT), 200)
            .h("Accept", "application/sparql-results+xml")
            .ct("application/sparql-results+xml"),
        case("Accept CSV", "GET", q(COUNT), 200).h("Accept", "text/csv").ct("text/csv").has("n\r\n"),
        case("Accept TSV", "GET", q(COUNT), 200)
            .h("Accept", "text/tab-separated-values")
            .ct("text/tab-separated-values")
            .has("?n"),
        case("Accept with q", "GET", q(COUNT), 200)
            .h("Accept", "text/csv;q=0.2, application/sparql-results+xml;q=0.9")
            .ct("application/sparql-results+xml"),
        case("Accept */*", "GET", q(COUNT), 200).h("Accept", "*/*").ct("application/sparql-results+json"),
        case("ASK JSON", "GET", q(ASK), 200).ct("application/sparql-results+json").has("\"boolean\":true"),
        case("ASK XML", "GET", q(ASK), 200)
            .h("Accept", "application/sparql-results+xml")
            .has("<boolean>true</boolean>"),
        case("CONSTRUCT Turtle", "GET", q(CONSTRUCT), 200).h("Accept", "text/turtle").ct("text/turtle"),
        case("CONSTRUCT default", "GET", q(CONSTRUCT), 200).ct("text/turtle"),
        case("CONSTRUCT N-Triples", "GET", q(CONSTRUCT), 200)
            .h("Accept", "application/n-triples")
            .ct("application/n-triples"),
        case("CONSTRUCT RDF/XML", "GET", q(CONSTRUCT), 200)
            .h("Accept", "application/rdf+xml")
            .ct("application/rdf+xml")
            .has("rdf:RDF"),
        case("CONSTRUCT N-Quads", "GET", q(CONSTRUCT), 200)
            .h("Accept", "application/n-quads")
            .ct("application/n-quads"),
        case("SELECT as Turtle: 406", "GET", q(COUNT), 406).h("Accept", "text/turtle"),
        case("CONSTRUCT as SPARQL JSON: 406", "GET", q(CONSTRUCT), 406)
            .h("Accept", "application/sparql-results+json"),
        case("format= overrides Accept", "GET", format!("{}&format=csv", q(COUNT)), 200)
            .h("Accept", "application/sparql-results+xml")
            .ct("text/csv"),
        case("format= Turtle", "GET", format!("{}&format=turtle", q(CONSTRUCT)), 200).ct("text/turtle"),
        case("unknown format", "GET", format!("{}&format=html", q(COUNT)), 400),
        // query_dataset_default_graph(s), query_dataset_named_graphs
        case(
            "default-graph-uri",
            "GET",
            format!(
                "{}&default-graph-uri={}",
                q("ASK { ?a <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/NewsArticle> }"),
                encode(SEED_IRI)
            ),
            200,
        )
        .has("\"boolean\":true"),
        case(
            "named-graph-uri",
            "GET",
            format!(
                "{}&named-graph-uri={}",
                q("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"),
                encode(SEED_IRI)
            ),
            200,
        )
        .h("Accept", "text/csv")
        .has("n\r\n1\r\n"),
        case("default-graph-uri not an IRI", "GET", format!("{}&default-graph-uri=a%20b", q(COUNT)), 400),
        // bad_query_method, bad_multiple_queries, bad_query_wrong_media_type,
        // bad_query_missing_form_type, bad_query_missing_direct_type, bad_query_non_utf8,
        // bad_query_syntax, bad_update_*
        case("PUT", "PUT", "/sparql".into(), 405).h("Content-Type", direct).body(COUNT),
        case("DELETE", "DELETE", "/sparql".into(), 405),
        case("two queries", "GET", format!("{}&query={}", q(COUNT), encode(ASK)), 400),
        case("no query", "GET", "/sparql".into(), 400),
        case("a browser without a query", "GET", "/sparql".into(), 303).h("Accept", "text/html,*/*;q=0.8"),
        case("query in body and URL", "POST", q(COUNT), 400).h("Content-Type", direct).body(COUNT),
        case("wrong media type", "POST", "/sparql".into(), 415)
            .h("Content-Type", "text/plain")
            .body(COUNT),
        case("no media type", "POST", "/sparql".into(), 415).body(COUNT),
        case("syntax error", "GET", q("SELECT ?x WHERE { ?x ?y }"), 400).has("line 1, column"),
        case("bad percent escape", "GET", "/sparql?query=%ZZ".into(), 400),
        case("update in query", "GET", q("INSERT DATA { <a:b> <a:b> <a:b> }"), 403).has("read-only"),
        case("update form", "POST", "/sparql".into(), 403)
            .h("Content-Type", form)
            .body("update=INSERT%20DATA%20%7B%3Ca%3Ab%3E%20%3Ca%3Ab%3E%20%3Ca%3Ab%3E%7D"),
        case("update direct", "POST", "/sparql".into(), 403)
            .h("Content-Type", "application/sparql-update")
            .body("INSERT DATA { <a:b> <a:b> <a:b> }"),
        case("SERVICE is off", "GET", q("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"), 400)
            .has("SERVICE"),
        case("body over --max-body", "POST", "/sparql".into(), 413).h("Content-Type", form).body(big),
    ];
    let mut failures = Vec::new();
    for c in &cases {
        let r = request(
            c.method,
            &format!("{}{}", served.url, c.path),
            &c.headers,
            c.body.as_bytes(),
        );
        let ct = r.header("content-type").unwrap_or("").to_string();
        let ok = r.status == c.status
            && ct.starts_with(c.content_type)
            && (c.contains.is_empty() || r.text().contains(c.contains))
            && r.header("x-content-type-options") == Some("nosniff")
            && r.header("content-security-policy")
                .is_some_and(|p| p.contains("script-src 'self'"));
        if !ok {
            failures.push(format!(
                "{}: got {} {ct} {:?}, want {} {} containing {:?}",
                c.name,
                r.status,
                r.text().chars().take(200).collect::<String>(),
                c.status,
                c.content_type,
                c.contains
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn same_results_as_the_cli() {
    let (_dir, store) = seeded();
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/queries/people-roles.rq")).unwrap();
    let (code, local, err) = newskg(&[
        "--store",
        store.to_str().unwrap(),
        "query",
        "--format",
        "tsv",
        &text,
    ]);
    assert_eq!(code, 0, "{err}");
    let served = Served::start(&store, &[]);
    let r = get(&served.sparql_url(&text), "text/tab-separated-values");
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), local);
    assert!(
        local.lines().count() > 1,
        "the seed article has people with roles"
    );
}

#[test]
fn a_query_that_runs_too_long_is_stopped() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &["--timeout", "1"]);
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    let r = get(&served.sparql_url(slow), "application/sparql-results+json");
    assert_eq!(r.status, 503, "{}", r.text());
    assert!(r.text().contains("longer than 1 s"), "{}", r.text());
    // The server still answers.
    assert_eq!(get(&served.sparql_url(ASK), "").status, 200);
}

#[test]
fn graph_store_reads() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &[]);
    let graph = |query: &str, accept: &str| get(&format!("{}/store{query}", served.url), accept);
    let seed = format!("?graph={}", encode(SEED_IRI));
    let r = graph(&seed, "text/turtle");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/turtle"));
    assert!(r.text().contains("schema:NewsArticle"), "{}", r.text());
    let r = graph(&seed, "application/n-triples");
    assert_eq!(r.header("content-type"), Some("application/n-triples"));
    assert!(r.text().lines().count() > 100);
    assert_eq!(graph(&seed, "application/rdf+xml").status, 200);
    assert_eq!(graph(&seed, "application/trig").status, 200);
    assert_eq!(graph(&seed, "image/png").status, 406);
    let r = graph(
        "?graph=https%3A%2F%2Fw3id.org%2Fnewskg%2Farticle%2Fnone",
        "text/turtle",
    );
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(graph("?graph=not%20an%20iri", "").status, 400);
    assert_eq!(graph(&format!("{seed}&default"), "").status, 400);
    let r = graph("?default", "application/n-triples");
    assert_eq!(r.status, 200);
    assert!(
        r.text().contains("supportCount"),
        "the default graph is the merged view"
    );
    let r = graph("", "");
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("application/n-quads"),
        "the whole store keeps its graphs"
    );
    let head = request("HEAD", &format!("{}/store{seed}", served.url), &[], b"");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    for method in ["PUT", "POST", "DELETE"] {
        let r = request(
            method,
            &format!("{}/store{seed}", served.url),
            &[("Content-Type", "text/turtle")],
            b"",
        );
        assert_eq!(r.status, 405, "{method}");
        assert!(r.text().contains("/ingest"), "{method}: {}", r.text());
    }
}

#[test]
fn security_headers_hosts_and_hostile_requests() {
    let (_dir, store) = seeded();
    let served = Served::start(&store, &["--max-body", "1"]);
    let r = get(&format!("{}/no/such/page", served.url), "");
    assert_eq!(r.status, 404);
    for name in [
        "x-content-type-options",
        "content-security-policy",
        "x-frame-options",
        "referrer-policy",
    ] {
        assert!(r.header(name).is_some(), "{name} on a 404");
    }
    assert!(
        r.header("content-security-policy")
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
    // DNS rebinding: another host name pointing at loopback is refused.
    let addr = served.url.trim_start_matches("http://");
    let (code, _) = raw(
        &served.url,
        format!(
            "GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: evil.example:{}\r\nConnection: close\r\n\r\n",
            addr.rsplit(':').next().unwrap()
        )
        .as_bytes(),
    );
    assert_eq!(code, 421);
    let (code, _) = raw(
        &served.url,
        format!("GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
            .as_bytes(),
    );
    assert_eq!(code, 200);
    // A declared body over the limit is refused before it is read.
    let (code, _) = raw(
        &served.url,
        format!(
            "POST /sparql HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/sparql-query\r\nContent-Length: 999999999\r\nConnection: close\r\n\r\nASK{{}}"
        )
        .as_bytes(),
    );
    assert_eq!(code, 413);
    // Bytes that are not UTF-8, in a direct query and in a form.
    let mut body = b"ASK { ?s ?p \"".to_vec();
    body.extend_from_slice(&[0xff, 0xfe]);
    body.extend_from_slice(b"\" }");
    let r = request(
        "POST",
        &format!("{}/sparql", served.url),
        &[("Content-Type", "application/sparql-query")],
        &body,
    );
    assert_eq!(r.status, 400);
    assert!(r.text().contains("UTF-8"), "{}", r.text());
    assert_eq!(
        get(&format!("{}/sparql?query=%FF%FE", served.url), "").status,
        400
    );
    // The server is still well.
    assert_eq!(get(&served.sparql_url(ASK), "").status, 200);
}
