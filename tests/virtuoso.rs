//! Round trip through a real triplestore: Virtuoso Open Source on loopback, started by
//! `scripts/test` (which sets NEWSKG_VIRTUOSO_URL). Ignored by a plain `cargo test`;
//! `scripts/test` runs it, or says loudly why it could not.
//! Push the seed article, query it back through Virtuoso's SPARQL endpoint, push again and
//! check that nothing is duplicated; send another article with `ingest --endpoint`.

mod common;

use common::*;

fn url() -> String {
    std::env::var("NEWSKG_VIRTUOSO_URL")
        .expect("NEWSKG_VIRTUOSO_URL is not set: run scripts/test, which starts Virtuoso (scripts/virtuoso start DIR)")
}

/// Triples in `graph` on the Virtuoso server.
fn count(dir: &std::path::Path, graph: &str) -> String {
    let q = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
    let run = newskg(
        dir,
        &[
            "query",
            "--endpoint",
            &format!("{}/sparql", url()),
            "--format",
            "tsv",
            &q,
        ],
    );
    run.ok();
    run.stdout
        .lines()
        .nth(1)
        .unwrap_or_default()
        .split('^')
        .next()
        .unwrap_or_default()
        .trim_matches('"')
        .to_string()
}

#[test]
#[ignore = "needs a Virtuoso server: run scripts/test"]
fn push_query_and_push_again_through_virtuoso() {
    let (dir, store) = seeded();
    let s = store.to_str().unwrap();
    let graph = "https://w3id.org/newskg/article/us-ukraine-talks-florida";
    let gsp = format!("{}/sparql-graph-crud", url());
    let local = newskg(
        dir.path(),
        &[
            "--store",
            s,
            "query",
            "--format",
            "tsv",
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"),
        ],
    );
    local.ok();
    let local_count = local
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .split('^')
        .next()
        .unwrap()
        .trim_matches('"')
        .to_string();

    let first = newskg(dir.path(), &["--store", s, "push", "--endpoint", &gsp]);
    first.ok();
    assert!(first.stdout.contains("1 graph sent"), "{}", first.stdout);
    // The queries of `queries/` read the merged view: it goes with the article graphs.
    assert!(first.stdout.contains("and the merged view"), "{}", first.stdout);
    assert_eq!(
        count(dir.path(), graph),
        local_count,
        "Virtuoso holds the whole graph"
    );

    // The same query files work against the remote endpoint.
    let leads = newskg(
        dir.path(),
        &[
            "query",
            "--endpoint",
            &format!("{}/sparql", url()),
            "-f",
            &format!("{QUERIES}/leads.rq"),
            "--format",
            "tsv",
        ],
    );
    leads.ok();
    assert!(
        leads.stdout.contains("Emmanuel Macron") && leads.stdout.contains("France"),
        "{}",
        leads.stdout
    );

    // Pushing again replaces the graph: nothing is duplicated.
    newskg(dir.path(), &["--store", s, "push", "--endpoint", &gsp]).ok();
    assert_eq!(
        count(dir.path(), graph),
        local_count,
        "a second push must not duplicate anything"
    );

    // ingest --endpoint sends a new article straight to the server.
    let article = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles/lusaka-summit.txt");
    let direct = newskg(dir.path(), &["ingest", "--endpoint", &gsp, article]);
    direct.ok();
    assert_ne!(
        count(dir.path(), "https://w3id.org/newskg/article/lusaka-summit"),
        "0"
    );
    assert!(
        !dir.path().join("newskg-store").exists(),
        "ingest --endpoint keeps no local store"
    );
}

#[test]
#[ignore = "needs a Virtuoso server: run scripts/test"]
fn bad_endpoint_fails_with_the_url_in_the_message() {
    let (dir, store) = seeded();
    let run = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "push",
            "--endpoint",
            &format!("{}/no-such-service", url()),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("no-such-service"), "{}", run.stderr);
}
