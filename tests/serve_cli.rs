//! The CLI on a store that `newskg serve` holds: `query`, `export`, `viz`, `stats` and
//! `ingest` go through the server (found in the store folder's server.json) and print what
//! they print on a store of their own; a server.json left by a server that is gone changes
//! nothing; a clean stop removes it.

mod serve_support;

use serve_support::*;

#[test]
fn read_commands_print_the_same_through_the_server() {
    let (dir, store) = seeded();
    let s = store.to_str().unwrap();
    let construct = dir.path().join("sub.rq");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/queries/viz-subgraph.rq"),
        &construct,
    )
    .unwrap();
    let people =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/queries/people-roles.rq")).unwrap();
    let commands: Vec<Vec<&str>> = vec![
        vec!["stats"],
        vec!["query", "--format", "tsv", &people],
        vec!["query", "--format", "table", &people],
        vec!["query", "--format", "json", "ASK { ?s ?p ?o }"],
        vec![
            "query",
            "--format",
            "ntriples",
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 7",
        ],
        vec!["export"],
        vec!["export", "--format", "nquads"],
        vec!["export", "--format", "trig", "--graph", SEED_IRI],
        vec!["viz"],
        vec!["viz", "--show-negated", "-f", construct.to_str().unwrap()],
    ];
    let run = |args: &[&str]| {
        let mut all = vec!["--store", s];
        all.extend_from_slice(args);
        newskg(&all)
    };
    let local: Vec<_> = commands.iter().map(|c| run(c)).collect();
    for (c, (code, out, err)) in commands.iter().zip(&local) {
        assert_eq!(*code, 0, "{c:?}: {err}");
        assert!(!out.is_empty(), "{c:?}");
    }
    let served = Served::start(&store, &[]);
    for (c, (_, want, _)) in commands.iter().zip(&local) {
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{c:?} through the server: {err}");
        assert_eq!(&out, want, "{c:?}: the output through the server differs");
    }
    // Errors read the same too.
    let (code, _, err) = run(&["export", "--graph", "https://w3id.org/newskg/article/none"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("has no graph <https://w3id.org/newskg/article/none>"),
        "{err}"
    );
    let (code, _, err) = run(&["viz", "--max-nodes", "2"]);
    assert_eq!(code, 1);
    assert!(err.contains("more than the limit of 2"), "{err}");
    // Commands that write the corrections file still need the store to themselves.
    let (code, _, err) = run(&["entities"]);
    assert_eq!(code, 1);
    assert!(err.contains("newskg serve"), "{err}");
    drop(served);
}

#[test]
fn ingest_goes_through_the_server_and_a_clean_stop_tidies_up() {
    let (dir, store) = seeded();
    let s = store.to_str().unwrap();
    let articles = dir.path().join("articles");
    std::fs::create_dir(&articles).unwrap();
    for n in 0..3 {
        std::fs::write(articles.join(format!("trip-{n}.txt")), invented(n)).unwrap();
    }
    // The same articles into a private copy of the store, for the expected output.
    let copy = dir.path().join("copy");
    let status = std::process::Command::new("cp")
        .args(["-a", s, copy.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let (code, want, err) = newskg(&[
        "--store",
        copy.to_str().unwrap(),
        "ingest",
        articles.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");

    let served = Served::start(&store, &[]);
    let (code, out, err) = newskg(&["--store", s, "ingest", articles.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("go through the server"), "{err}");
    let lines = |t: &str| {
        t.lines()
            .filter(|l| l.contains(" -> <"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(lines(&out), lines(&want), "the same line per article");
    assert!(out.contains("3 articles stored in"), "{out}");
    assert_eq!(article_count(&served), 4);
    // The merged view was rebuilt: the same as the private copy's.
    let q = "SELECT ?p ?o WHERE { ?p a <https://schema.org/Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?o } ORDER BY ?p ?o";
    let (_, through, _) = newskg(&["--store", s, "query", "--format", "tsv", q]);
    let (_, own, _) = newskg(&["--store", copy.to_str().unwrap(), "query", "--format", "tsv", q]);
    assert_eq!(through, own);
    assert!(through.contains("Alma Vetrova1"), "{through}");

    // A second server on the same store is refused.
    let (code, _, err) = newskg(&["--store", s, "serve", "--bind", "127.0.0.1:0"]);
    assert_eq!(code, 1);
    assert!(err.contains("in use"), "{err}");

    let (code, err) = served.stop();
    assert_eq!(code, 0, "{err}");
    assert!(
        !store.join("server.json").exists(),
        "a clean stop removes server.json"
    );
    let (code, _, err) = newskg(&["--store", s, "entities"]);
    assert_eq!(code, 0, "the store is free again: {err}");
}

#[test]
fn a_stale_server_file_is_ignored() {
    let (_dir, store) = seeded();
    let s = store.to_str().unwrap();
    // A process that has exited, and an address where nothing listens.
    let mut gone = std::process::Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    let stale = serde_json::json!({"url": "http://127.0.0.1:9", "pid": pid, "token": "x"});
    std::fs::write(store.join("server.json"), stale.to_string()).unwrap();
    let (code, out, err) = newskg(&["--store", s, "query", "--format", "tsv", "ASK { ?s ?p ?o }"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("true"));
    // A live process that is not a server of this store: its address does not answer.
    let stale = serde_json::json!({"url": "http://127.0.0.1:9", "pid": std::process::id(), "token": "x"});
    std::fs::write(store.join("server.json"), stale.to_string()).unwrap();
    let (code, _, err) = newskg(&["--store", s, "stats"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = newskg(&["--store", s, "ingest", SEED]);
    assert_eq!(code, 0, "{err}");
    // A server started over the stale file replaces it.
    let served = Served::start(&store, &[]);
    let info: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(store.join("server.json")).unwrap()).unwrap();
    assert_eq!(info["pid"], served.child.id());
}

#[test]
fn beyond_loopback_the_server_warns() {
    let (_dir, store) = seeded();
    let mut child = std::process::Command::new(bin())
        .args(["--store", store.to_str().unwrap(), "serve", "--bind", "0.0.0.0:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::BufRead;
    let mut err = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.starts_with("WARNING: listening on 0.0.0.0:"), "{line}");
    assert!(line.contains("anyone who can reach"), "{line}");
}

/// Regression: when the process ran out of file descriptors, the listening thread stopped
/// for good and the server went on running without answering anyone (it takes a stop of the
/// listening thread by an error or by a panic). It now stops cleanly
/// (exit 1, message, server.json removed) so that a supervisor can restart it.
#[test]
fn a_server_out_of_file_descriptors_stops_cleanly_instead_of_hanging() {
    use std::io::{BufRead, Read};
    let (_dir, store) = seeded();
    let script = format!(
        "ulimit -n 200 && exec '{}' --store '{}' serve --bind 127.0.0.1:0",
        bin().display(),
        store.display()
    );
    let mut child = std::process::Command::new("bash")
        .args(["-c", &script])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string();
    assert!(!addr.is_empty(), "the server did not start");
    // More connections than the server may hold open: it runs out of descriptors.
    let mut held = Vec::new();
    for _ in 0..400 {
        match std::net::TcpStream::connect(&addr) {
            Ok(s) => held.push(s),
            Err(_) => break,
        }
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server hangs instead of stopping"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    drop(held);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("stopped accepting connections"), "{err}");
    assert!(!store.join("server.json").exists(), "{err}");
    let (code, _, err) = newskg(&["--store", store.to_str().unwrap(), "stats"]);
    assert_eq!(code, 0, "{err}");
}
