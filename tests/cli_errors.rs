//! Bad input through the real binary: each case gives a clear message that names the file or
//! position, a non-zero exit code (1 for runtime errors, 2 for usage errors), and no panic.

mod common;

use common::*;

/// (arguments, standard input, exit code, words the message must contain)
type Case<'a> = (Vec<&'a str>, Option<&'a [u8]>, i32, Vec<&'a str>);

#[test]
fn table_of_bad_inputs() {
    let (dir, store) = seeded();
    let d = dir.path();
    std::fs::write(d.join("empty.txt"), "").unwrap();
    std::fs::write(d.join("blank.txt"), "  \n\n ").unwrap();
    std::fs::write(d.join("latin1.txt"), b"Caf\xe9 talks in Gen\xe8ve.").unwrap();
    std::fs::create_dir(d.join("nothing")).unwrap();
    std::fs::write(d.join("nothing/readme.pdf"), "x").unwrap();
    std::fs::write(d.join("bad.rq"), "SELECT ?s WHERE {\n  ?s ?p \n").unwrap();
    std::fs::write(
        d.join("bad-lexicon.tsv"),
        "# mine\nGrand Fenwick\tCountry\tGrand Fenwick\nOops\tPlanet\tOops\n",
    )
    .unwrap();
    // A store whose database files were overwritten.
    std::fs::create_dir(d.join("corrupt")).unwrap();
    for entry in std::fs::read_dir(&store).unwrap() {
        let name = entry.unwrap().file_name();
        if name != "oxigraph" {
            std::fs::copy(store.join(&name), d.join("corrupt").join(&name)).unwrap();
        }
    }
    std::fs::create_dir(d.join("corrupt/oxigraph")).unwrap();
    std::fs::write(d.join("corrupt/oxigraph/CURRENT"), "garbage\n").unwrap();
    let s = store.to_str().unwrap();
    let cases: Vec<Case> = vec![
        (
            vec!["--store", s, "ingest", "missing.txt"],
            None,
            1,
            vec!["missing.txt", "no such file"],
        ),
        (
            vec!["--store", s, "ingest", "nothing"],
            None,
            1,
            vec!["nothing", "no articles"],
        ),
        (
            vec!["--store", s, "ingest", "empty.txt"],
            None,
            1,
            vec!["empty.txt", "empty"],
        ),
        (
            vec!["--store", s, "ingest", "blank.txt"],
            None,
            1,
            vec!["blank.txt", "empty"],
        ),
        (
            vec!["--store", s, "ingest", "latin1.txt"],
            None,
            1,
            vec!["latin1.txt", "UTF-8", "offset 3"],
        ),
        (
            vec!["--store", s, "ingest", "-"],
            Some(b"\xff\xfe"),
            1,
            vec!["standard input", "UTF-8"],
        ),
        (
            vec!["--store", s, "query", "SELECT WHERE {"],
            None,
            1,
            vec!["syntax error", "line 1, column"],
        ),
        (
            vec!["--store", s, "query", "-f", "bad.rq"],
            None,
            1,
            vec!["bad.rq", "line 3, column 1"],
        ),
        (
            vec!["--store", s, "query", "INSERT DATA { <a:a> <a:b> <a:c> }"],
            None,
            1,
            vec!["update", "only reads"],
        ),
        (
            vec!["--store", s, "query", "-f", "nope.rq"],
            None,
            1,
            vec!["nope.rq"],
        ),
        (
            vec!["--store", s, "query", "--format", "yaml", "SELECT * {}"],
            None,
            2,
            vec!["yaml", "possible values"],
        ),
        (
            vec!["--store", s, "export", "--format", "excel"],
            None,
            2,
            vec!["excel"],
        ),
        (
            vec!["--store", "no-store-here", "query", "SELECT * {}"],
            None,
            1,
            vec!["no-store-here", "no store"],
        ),
        (
            vec!["--store", "no-store-here", "stats"],
            None,
            1,
            vec!["no store"],
        ),
        (
            vec!["--store", "no-store-here", "export"],
            None,
            1,
            vec!["no store"],
        ),
        (vec!["--store", "no-store-here", "viz"], None, 1, vec!["no store"]),
        (
            vec!["--store", s, "export", "--graph", "not an iri"],
            None,
            1,
            vec!["--graph", "IRI"],
        ),
        (
            vec!["--store", s, "export", "-o", "no/such/dir/out.ttl"],
            None,
            1,
            vec!["no/such/dir/out.ttl"],
        ),
        (
            vec!["--store", s, "ingest", "--published", "yesterday", SEED],
            None,
            1,
            vec!["--published", "YYYY-MM-DD"],
        ),
        (
            vec![
                "--store",
                s,
                "query",
                "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            ],
            None,
            1,
            vec!["SERVICE", "--endpoint"],
        ),
        (
            vec![
                "--store",
                s,
                "query",
                "--timeout",
                "1",
                "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }",
            ],
            None,
            1,
            vec!["longer than 1 s", "--timeout"],
        ),
        (
            vec!["--store", s, "viz", "--max-nodes", "3"],
            None,
            1,
            vec!["nodes", "--max-nodes"],
        ),
        (
            vec!["--store", s, "viz", "-o", "no/such/dir/graph.dot"],
            None,
            1,
            vec!["no/such/dir/graph.dot"],
        ),
        (
            vec!["--store", s, "--lexicon", "bad-lexicon.tsv", "ingest", SEED],
            None,
            1,
            vec!["bad-lexicon.tsv:3", "Planet"],
        ),
        (
            vec!["--lexicon", "no-such-lexicon.tsv", "extract", SEED],
            None,
            1,
            vec!["no-such-lexicon.tsv"],
        ),
        (vec!["extract", "--format", "yaml", SEED], None, 2, vec!["yaml"]),
        (
            vec!["--store", "corrupt", "stats"],
            None,
            1,
            vec!["corrupt", "database"],
        ),
        (vec!["ingest"], None, 2, vec!["FILE"]),
        (vec!["frobnicate"], None, 2, vec!["frobnicate"]),
        (
            vec!["--store", "empty.txt", "ingest", SEED],
            None,
            1,
            vec!["empty.txt"],
        ),
    ];
    for (args, stdin, code, words) in cases {
        let run = match stdin {
            Some(bytes) => newskg_stdin(d, &args, bytes),
            None => newskg(d, &args),
        };
        assert_eq!(
            run.code, code,
            "{args:?}: expected exit {code}, got {}; stderr: {}",
            run.code, run.stderr
        );
        for w in words {
            assert!(
                run.stderr.contains(w),
                "{args:?}: message lacks {w:?}:\n{}",
                run.stderr
            );
        }
        assert!(
            !run.stderr.contains("panicked"),
            "{args:?} panicked: {}",
            run.stderr
        );
    }
    assert!(
        !d.join("no-store-here").exists(),
        "a read-only command created a store"
    );
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let run = newskg(dir.path(), &["--store", "s", "ingest", "empty.txt", SEED]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("1 article stored") && run.stdout.contains("1 failed"),
        "{}",
        run.stdout
    );
}
