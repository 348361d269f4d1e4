//! A bounded load test of `newskg serve` on loopback: 16 client threads send the queries of
//! `queries/` (and the entity API) for 30 s while 1,000 synthetic articles are POSTed in
//! batches of 100. No request may fail and none may be refused; latency percentiles are
//! printed. Ignored by default (it takes a minute or two); `scripts/test` runs it:
//!
//! ```text
//! cargo test --release --test serve_load -- --ignored --nocapture
//! ```
//!
//! `NEWSKG_LOAD_CLIENTS`, `NEWSKG_LOAD_SECONDS` and `NEWSKG_LOAD_ARTICLES` change the sizes.

mod serve_support;

#[path = "../benches/synth/mod.rs"]
#[allow(dead_code)]
mod synth;

use std::time::{Duration, Instant};

use serve_support::*;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[test]
#[ignore = "a load test of a minute or two; run by scripts/test"]
fn mixed_queries_during_a_large_ingest() {
    let clients = env("NEWSKG_LOAD_CLIENTS", 16);
    let seconds = env("NEWSKG_LOAD_SECONDS", 30) as u64;
    let articles = env("NEWSKG_LOAD_ARTICLES", 1000);
    let (_dir, store) = seeded();
    let served = Served::start(&store, &[]);
    let mut urls: Vec<(String, String)> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/queries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rq"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, served.sparql_url(&text))
        })
        .collect();
    urls.sort();
    // A person of the seed article, for the entity page's API.
    let r = get(
        &served.sparql_url("SELECT ?p WHERE { ?p a <https://schema.org/Person> } ORDER BY ?p LIMIT 1"),
        "text/tab-separated-values",
    );
    let person = r
        .text()
        .lines()
        .nth(1)
        .expect("a person")
        .trim()
        .trim_matches(['<', '>'])
        .to_string();
    urls.push((
        "api/entity".into(),
        format!("{}/api/entity?iri={}", served.url, encode(&person)),
    ));
    urls.push((
        "api/neighbours".into(),
        format!("{}/api/neighbours?iri={}", served.url, encode(&person)),
    ));

    let lines: Vec<String> = synth::generate(articles, 7, 700)
        .map(|a| synth::to_jsonl_line(&a))
        .collect();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let (latencies, failures, ingest) = std::thread::scope(|s| {
        let ingester = s.spawn(|| {
            let t = Instant::now();
            let mut stored = 0;
            for batch in lines.chunks(100) {
                let body = batch.join("\n");
                let r = ingest(&served, "application/x-ndjson", "", body.as_bytes());
                assert_eq!(r.status, 200, "ingest: {}", r.text());
                stored += r.json()["stored"].as_u64().unwrap() as usize;
            }
            (stored, t.elapsed())
        });
        let workers: Vec<_> = (0..clients)
            .map(|c| {
                let urls = &urls;
                s.spawn(move || {
                    let mut lat: Vec<(usize, Duration)> = Vec::new();
                    let mut failed = Vec::new();
                    let mut i = c;
                    while Instant::now() < deadline {
                        let which = i % urls.len();
                        let (name, url) = &urls[which];
                        i += 1;
                        let t = Instant::now();
                        let r = get(
                            url,
                            "application/sparql-results+json, application/json, text/turtle;q=0.8",
                        );
                        lat.push((which, t.elapsed()));
                        if r.status != 200 {
                            failed.push(format!("{name}: {} {}", r.status, r.text()));
                        }
                    }
                    (lat, failed)
                })
            })
            .collect();
        let mut latencies = Vec::new();
        let mut failures = Vec::new();
        for w in workers {
            let (l, f) = w.join().unwrap();
            latencies.extend(l);
            failures.extend(f);
        }
        (latencies, failures, ingester.join().unwrap())
    });
    let mut sorted: Vec<Duration> = latencies.iter().map(|(_, d)| *d).collect();
    sorted.sort();
    for (which, (name, _)) in urls.iter().enumerate() {
        let mut mine: Vec<Duration> = latencies
            .iter()
            .filter(|(w, _)| *w == which)
            .map(|(_, d)| *d)
            .collect();
        mine.sort();
        println!(
            "load:   {name:<16} {:>5} requests, p50 {:>7.1} ms, p95 {:>7.1} ms",
            mine.len(),
            percentile(&mine, 0.5),
            percentile(&mine, 0.95)
        );
    }
    println!(
        "load: {clients} clients x {seconds} s: {} requests ({:.0}/s), {} failed; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        sorted.len(),
        sorted.len() as f64 / seconds as f64,
        failures.len(),
        percentile(&sorted, 0.50),
        percentile(&sorted, 0.95),
        percentile(&sorted, 0.99),
        percentile(&sorted, 1.0),
    );
    println!(
        "load: {} articles ingested over HTTP in {:.1} s ({:.1} articles/s) during the queries",
        ingest.0,
        ingest.1.as_secs_f64(),
        ingest.0 as f64 / ingest.1.as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} failed or refused requests:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(ingest.0, articles);
    assert_eq!(article_count(&served), articles + 1);
}
