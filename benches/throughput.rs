//! Throughput benchmark: `cargo bench --bench throughput`.
//!
//! Generates a synthetic corpus (benches/synth, fixed seed), then measures
//! - extraction (annotation and RDF mapping) in MB/s and words/s, on one core and on all;
//! - ingest of the corpus into a fresh on-disk store by the release binary: articles/s,
//!   quads/s, wall time and peak resident memory (median of several runs);
//! - the latency of every query in `queries/` on that store, and of a trivial query, end to
//!   end as a user runs them (median of several runs);
//! - ingest of the same articles as a WARC.gz of crawled pages (a request and a response
//!   record each, the page in a news site's furniture) into a fresh store.
//!
//! Settings: NEWSKG_BENCH_ARTICLES (10000), NEWSKG_BENCH_WORDS (700), NEWSKG_BENCH_SEED (42),
//! NEWSKG_BENCH_RUNS (3, ingest runs; queries run 3 times, the trivial one 10).
//! NEWSKG_BENCH_STORE=PATH measures only the queries, on that existing store (read, never
//! written): for working on a query without ingesting the corpus again.

#[path = "synth/mod.rs"]
mod synth;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}

/// Runs a command to completion, returning wall time and peak resident set size (kB), the
/// latter read from /proc while the process runs.
fn timed(cmd: &mut Command) -> (Duration, u64, String) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("command starts");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let stdout = child.stdout.take().expect("piped");
    let reader = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            for line in status.lines() {
                if let Some(v) = line.strip_prefix("VmHWM:") {
                    peak = peak.max(v.trim().trim_end_matches(" kB").trim().parse().unwrap_or(0));
                }
            }
        }
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = reader.join().unwrap_or_default();
    (start.elapsed(), peak, out)
}

fn extraction(articles: &[synth::Article], threads: usize) -> (f64, f64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    let lex = newskg::Lexicons::builtin();
    let pipeline = newskg::Pipeline::new(lex);
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let words: usize = articles.iter().map(|a| synth::count_words(&a.text)).sum();
    let start = Instant::now();
    let quads: usize = pool.install(|| {
        articles
            .par_iter()
            .map(|a| {
                let doc = newskg::Document::new(a.id.clone(), a.text.clone(), newskg::Metadata::default());
                newskg::rdf::to_quads(&pipeline.annotate(&doc)).len()
            })
            .sum()
    });
    std::hint::black_box(quads);
    let s = start.elapsed().as_secs_f64();
    (bytes as f64 / 1e6 / s, words as f64 / s)
}

/// The binary's allocator, so that extraction is measured as the binary runs it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let count = env_or("NEWSKG_BENCH_ARTICLES", 10_000);
    let words = env_or("NEWSKG_BENCH_WORDS", 700);
    let seed = env_or("NEWSKG_BENCH_SEED", 42) as u64;
    let runs = env_or("NEWSKG_BENCH_RUNS", 3).max(1);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_newskg"));
    if let Ok(store) = std::env::var("NEWSKG_BENCH_STORE") {
        println!("queries on the existing store {store}\n");
        queries(&bin, Path::new(&store));
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus.jsonl");
    let articles: Vec<synth::Article> = synth::generate(count, seed, words).collect();
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&corpus).expect("corpus file"));
        for a in &articles {
            writeln!(f, "{}", synth::to_jsonl_line(a)).expect("write corpus");
        }
    }
    let mb: f64 = articles.iter().map(|a| a.text.len()).sum::<usize>() as f64 / 1e6;
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!("corpus: {count} articles, {mb:.1} MB of text, seed {seed}; {cores} cores\n");

    let (one_mb, one_words) = extraction(&articles, 1);
    let (all_mb, all_words) = extraction(&articles, cores);
    println!("| extraction | MB/s | words/s |\n|---|---|---|");
    println!("| 1 core | {one_mb:.1} | {one_words:.0} |");
    println!("| {cores} cores | {all_mb:.1} | {all_words:.0} |\n");

    let store = dir.path().join("store");
    let (wall, peak, quads) = ingest_runs(&bin, &corpus, &store, runs);
    println!("| ingest into a fresh store (median of {runs}) | value |\n|---|---|");
    println!("| wall time | {wall:.1} s |");
    println!("| articles/s | {:.0} |", count as f64 / wall);
    println!("| quads/s | {:.0} ({quads} quads) |", quads as f64 / wall);
    println!("| peak RSS | {:.0} MB |\n", peak / 1024.0);

    queries(&bin, &store);

    // One more article into the full store: extraction, one transaction, and the rebuild of
    // the merged view.
    let extra = dir.path().join("one-more.txt");
    std::fs::write(
        &extra,
        "Lomarian Foreign Minister Ines Tavener met Vessanian President Oskar Brill in Tallinn on Monday.\n",
    )
    .expect("write article");
    let (t, _, _) = timed(
        Command::new(&bin)
            .arg("--store")
            .arg(&store)
            .args(["ingest", "-q"])
            .arg(&extra),
    );
    println!(
        "\n| one more article into that store, end to end | {:.0} ms |",
        t.as_secs_f64() * 1000.0
    );

    // The same articles as crawled pages in a WARC.gz, one gzip member per record.
    let warc = dir.path().join("corpus.warc.gz");
    {
        use flate2::{Compression, write::GzEncoder};
        let mut f = std::io::BufWriter::new(std::fs::File::create(&warc).expect("warc file"));
        for a in &articles {
            for record in synth::warc_records(a) {
                let mut gz = GzEncoder::new(Vec::new(), Compression::default());
                gz.write_all(&record).expect("compress");
                f.write_all(&gz.finish().expect("compress")).expect("write warc");
            }
        }
    }
    let warc_store = dir.path().join("warc-store");
    let (wall, peak, _) = ingest_runs(&bin, &warc, &warc_store, runs);
    println!("\n| ingest of the WARC.gz of pages (median of {runs}) | value |\n|---|---|");
    println!("| wall time | {wall:.1} s |");
    println!("| articles/s | {:.0} |", count as f64 / wall);
    println!("| peak RSS | {:.0} MB |", peak / 1024.0);
}

/// Every file of `queries/` on `store`, end to end as a user runs them; then the question
/// about one entity (`entity.rq` for the person with the most facts), end to end and inside
/// this process on an open store, and a trivial query for the cost of starting a process.
fn queries(bin: &Path, store: &Path) {
    println!("| query on that store (median of 3, end to end) | rows | ms |\n|---|---|---|");
    let mut files: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries"))
        .expect("queries folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "rq"))
        .collect();
    files.sort();
    for f in &files {
        let (ms, rows) = query_runs(bin, store, &["-f".as_ref(), f.as_os_str()], 3);
        println!(
            "| {} | {rows} | {ms:.0} |",
            f.file_name().unwrap_or_default().to_string_lossy()
        );
    }
    // A question about one entity, by the same query as queries/entity.rq: for the person
    // who is the subject of the most facts (the longest answer) and for a person in the
    // middle of that ranking (a typical answer).
    let ranking = Command::new(bin)
        .arg("--store")
        .arg(store)
        .args([
            "query",
            "--format",
            "tsv",
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX schema: <https://schema.org/> \
             PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
             SELECT ?name (COUNT(?f) AS ?facts) WHERE { ?f rdf:subject ?p . ?p a schema:Person ; \
             rdfs:label ?name } GROUP BY ?name ORDER BY DESC(?facts) ?name",
        ])
        .output()
        .expect("query runs");
    let ranking: Vec<String> = String::from_utf8_lossy(&ranking.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect();
    if let (Some(top), Some(middle)) = (ranking.first(), ranking.get(ranking.len() / 2)) {
        entity_question(bin, store, top, "the person with the most facts");
        entity_question(
            bin,
            store,
            middle,
            "the person in the middle of the ranking by facts",
        );
    }
    let (ms, _) = query_runs(bin, store, &["ASK {}".as_ref()], 10);
    println!("| trivial query (ASK {{}}, median of 10) | 1 | {ms:.0} |");
}

/// Runs `newskg query --format tsv ARGS` on `store` `runs` times, end to end: the median in
/// milliseconds and the rows of the answer.
fn query_runs(bin: &Path, store: &Path, args: &[&std::ffi::OsStr], runs: usize) -> (f64, usize) {
    let mut rows = 0;
    let times: Vec<f64> = (0..runs)
        .map(|_| {
            let (t, _, out) = timed(
                Command::new(bin)
                    .arg("--store")
                    .arg(store)
                    .args(["query", "--format", "tsv"])
                    .args(args),
            );
            rows = out.lines().count().saturating_sub(1);
            t.as_secs_f64() * 1000.0
        })
        .collect();
    (median(times), rows)
}

/// `entity.rq` for the person named `name` (a TSV cell, quotes included): end to end as a
/// user runs it, then inside this process on a store opened once, as a server or a program
/// using the library asks it (the query's own time, without starting a process).
fn entity_question(bin: &Path, store: &Path, name: &str, who: &str) {
    let entity_query =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("queries/entity.rq"))
            .expect("entity.rq")
            .replace("\"Ana Duarte\"", name);
    let (ms, rows) = query_runs(bin, store, &[entity_query.as_ref()], 10);
    println!("| entity.rq for {name}, {who}, end to end (median of 10) | {rows} | {ms:.0} |");
    let opened = newskg::store::Store::open_reader(store).expect("store opens");
    let opts = newskg::query::QueryOptions {
        format: newskg::query::ResultFormat::Tsv,
        timeout: None,
        max_rows: usize::MAX,
    };
    let times: Vec<f64> = (0..10)
        .map(|_| {
            let mut out = Vec::new();
            let start = Instant::now();
            newskg::query::run(&opened.db, &entity_query, &opts, &mut out).expect("query runs");
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    println!(
        "| the same, in this process on the open store (median of 10) | {rows} | {:.1} |",
        median(times)
    );
}

/// Ingests `input` into a fresh `store` `runs` times: median wall seconds, median peak RSS
/// (KiB) and the quads of the last run.
fn ingest_runs(bin: &Path, input: &Path, store: &Path, runs: usize) -> (f64, f64, u64) {
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    let mut quads = 0u64;
    for _ in 0..runs {
        let _ = std::fs::remove_dir_all(store);
        let (wall, peak, out) = timed(
            Command::new(bin)
                .arg("--store")
                .arg(store)
                .args(["ingest", "-q"])
                .arg(input),
        );
        quads = out
            .split(['(', ',', ')'])
            .find_map(|part| {
                part.trim()
                    .strip_suffix(" quads")
                    .and_then(|n| n.trim().parse().ok())
            })
            .unwrap_or(quads);
        walls.push(wall.as_secs_f64());
        peaks.push(peak as f64);
    }
    (median(walls), median(peaks), quads)
}
