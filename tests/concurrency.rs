//! Concurrent use of one store, through the real binary: while an ingest holds the store, a
//! reader or a second writer stops within about a second with a message naming the store and
//! the process that holds it; readers share the store with each other.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A feed long enough that an ingest is still running a moment later.
fn long_feed(dir: &std::path::Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(SEED).unwrap();
    let mut feed = String::new();
    for i in 0..1500 {
        feed.push_str(&serde_json::json!({ "id": format!("copy-{i}"), "text": text }).to_string());
        feed.push('\n');
    }
    let path = dir.join("feed.jsonl");
    std::fs::write(&path, feed).unwrap();
    path
}

#[test]
fn a_reader_or_second_writer_stops_quickly_while_ingest_runs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    let feed = long_feed(dir.path());
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_newskg"))
        .args(["--store", s, "ingest", "-q", feed.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the writer holds the store.
    let started = Instant::now();
    while !store.join("writer.txt").exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(store.join("writer.txt").exists(), "the ingest did not start");
    for args in [
        vec!["--store", s, "query", "ASK {}"],
        vec!["--store", s, "export", "--format", "nquads"],
        vec!["--store", s, "viz"],
        vec!["--store", s, "stats"],
        vec!["--store", s, "ingest", SEED],
    ] {
        let t = Instant::now();
        let run = newskg(dir.path(), &args);
        let took = t.elapsed();
        if ingest.try_wait().unwrap().is_some() {
            panic!("the ingest finished before the test could check {args:?}; make the feed longer");
        }
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(took < Duration::from_secs(3), "{args:?} took {took:?} to give up");
        for words in ["in use", s, "pid", "newskg ingest", "wait"] {
            assert!(
                run.stderr.contains(words),
                "{args:?}: message lacks {words:?}: {}",
                run.stderr
            );
        }
    }
    let _ = ingest.kill();
    let _ = ingest.wait();
}

#[test]
fn readers_share_the_store() {
    let (dir, store) = seeded();
    let s = store.to_str().unwrap().to_string();
    let readers: Vec<_> = (0..4)
        .map(|_| {
            let s = s.clone();
            let d = dir.path().to_path_buf();
            std::thread::spawn(move || {
                newskg(
                    &d,
                    &[
                        "--store",
                        &s,
                        "query",
                        "--format",
                        "tsv",
                        "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                    ],
                )
            })
        })
        .collect();
    for r in readers {
        let run = r.join().unwrap();
        run.ok();
    }
}
