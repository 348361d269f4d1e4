//! Concurrent use of one store, through the real binary: while an ingest holds the store, a
//! reader or a second writer stops within about a second with a message naming the store and
//! the process that holds it; readers share the store with each other.
//!
//! The ingest reads its article from standard input through a pipe that this test holds open,
//! so it holds the store for exactly as long as the test needs, on a fast machine as on a
//! loaded one; closing the pipe lets it finish, and the article must then be stored whole.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// Bound on how long a refused command may take: it waits one second for the lock, so this
/// only says that it does not wait for the ingest (which, holding the pipe, never ends alone).
const GIVES_UP_WITHIN: Duration = Duration::from_secs(15);

#[test]
fn a_reader_or_second_writer_stops_quickly_while_ingest_runs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    let text = std::fs::read_to_string(SEED).unwrap();
    let (first, rest) = text.split_at(text.len() / 2);
    let mut ingest = Command::new(env!("CARGO_BIN_EXE_newskg"))
        .args(["--store", s, "ingest", "--id", "piped", "-"])
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = ingest.stdin.take().unwrap();
    pipe.write_all(first.as_bytes()).unwrap();
    pipe.flush().unwrap();
    // The writer holds the store from its start; wait for its note (a hang guard, not a timing).
    let started = Instant::now();
    while !store.join("writer.txt").exists() {
        assert!(
            ingest.try_wait().unwrap().is_none(),
            "the ingest ended before the test closed its input"
        );
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the ingest did not open the store"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
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
        assert!(
            ingest.try_wait().unwrap().is_none(),
            "the ingest ended while its input was open"
        );
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(took < GIVES_UP_WITHIN, "{args:?} took {took:?} to give up");
        for words in ["in use", s, "pid", "newskg ingest", "wait"] {
            assert!(
                run.stderr.contains(words),
                "{args:?}: message lacks {words:?}: {}",
                run.stderr
            );
        }
    }
    // Closing the input lets the ingest finish: the whole article is stored, and the store,
    // free again, answers readers.
    pipe.write_all(rest.as_bytes()).unwrap();
    drop(pipe);
    let out = ingest.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 article stored"));
    let run = newskg(
        dir.path(),
        &[
            "--store",
            s,
            "query",
            "--format",
            "tsv",
            "SELECT ?c { GRAPH <https://w3id.org/newskg/article/piped> { ?a <https://w3id.org/newskg/ns#characterCount> ?c } }",
        ],
    );
    run.ok();
    let rows = tsv_rows(&run.stdout);
    assert_eq!(rows.len(), 1, "{}", run.stdout);
    assert!(
        rows[0][0].starts_with(&text.chars().count().to_string()),
        "the stored article is the whole text ({} characters): {}",
        text.chars().count(),
        run.stdout
    );
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
