//! The whole tool on the seed article, through the real binary: ingest, every query in
//! `queries/`, export in every format and parse it back, viz rendered by Graphviz.

mod common;

use common::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};

fn query(dir: &std::path::Path, store: &std::path::Path, file: &str) -> Vec<Vec<String>> {
    let path = format!("{QUERIES}/{file}");
    let run = newskg(
        dir,
        &[
            "--store",
            store.to_str().unwrap(),
            "query",
            "-f",
            &path,
            "--format",
            "tsv",
        ],
    );
    run.ok();
    tsv_rows(&run.stdout)
}

fn has(rows: &[Vec<String>], cells: &[&str]) -> bool {
    rows.iter()
        .any(|r| cells.iter().all(|c| r.iter().any(|x| x == c)))
}

#[test]
fn ingest_reports_the_article_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let s = store.to_str().unwrap();
    let first = newskg(dir.path(), &["--store", s, "ingest", SEED]);
    first.ok();
    assert!(
        first.stdout.contains("entities") && first.stdout.contains("relations"),
        "{}",
        first.stdout
    );
    let count = |dir: &std::path::Path| {
        let run = newskg(
            dir,
            &[
                "--store",
                s,
                "query",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                "--format",
                "tsv",
            ],
        );
        run.ok();
        run.stdout.lines().nth(1).unwrap().to_string()
    };
    let before = count(dir.path());
    newskg(dir.path(), &["--store", s, "ingest", SEED]).ok();
    assert_eq!(count(dir.path()), before, "a second ingest must not add anything");
}

#[test]
fn queries_return_people_roles_and_the_four_relations() {
    let (dir, store) = seeded();
    let people = query(dir.path(), &store, "people-roles.rq");
    assert!(
        has(&people, &["Marco Rubio"]) && people.iter().any(|r| r.join(" ").contains("Secretary of State"))
    );
    assert!(
        people
            .iter()
            .any(|r| r.join(" ").contains("Steve Witkoff") && r.join(" ").contains("special envoy"))
    );
    let leads = query(dir.path(), &store, "leads.rq");
    assert!(has(&leads, &["Emmanuel Macron", "France", "actual"]), "{leads:?}");
    assert!(
        has(&leads, &["Rustem Umerov", "Ukrainian delegation"]),
        "{leads:?}"
    );
    let represents = query(dir.path(), &store, "represents.rq");
    assert!(
        has(&represents, &["Marco Rubio", "United States", "actual"]),
        "{represents:?}"
    );
    assert!(
        has(&represents, &["Steve Witkoff", "Donald Trump"]),
        "{represents:?}"
    );
    let travel = query(dir.path(), &store, "travel.rq");
    assert!(
        has(&travel, &["Steve Witkoff", "Moscow", "planned"]),
        "{travel:?}"
    );
    assert!(
        has(&travel, &["Jared Kushner", "Moscow", "possible"]),
        "{travel:?}"
    );
    assert!(
        has(&travel, &["Volodymyr Zelensky", "Paris", "planned", "1"]),
        "{travel:?}"
    );
    let meetings = query(dir.path(), &store, "meetings.rq");
    assert!(
        has(&meetings, &["Marco Rubio", "Ukrainian delegation", "actual"]),
        "{meetings:?}"
    );
    assert!(
        has(&meetings, &["Volodymyr Zelensky", "Emmanuel Macron", "planned"]),
        "{meetings:?}"
    );
    let evidence = query(dir.path(), &store, "evidence.rq");
    assert!(
        evidence.iter().all(|r| r.len() == 10),
        "every relation has its evidence columns"
    );
    assert!(
        evidence
            .iter()
            .any(|r| r.join(" ").contains("slated to travel to Paris")),
        "{evidence:?}"
    );
    let events = query(dir.path(), &store, "events.rq");
    assert!(events.iter().any(|r| r.join(" ").contains("042")), "{events:?}");
    let quotes = query(dir.path(), &store, "quotes.rq");
    assert!(has(&quotes, &["Rustem Umerov"]), "{quotes:?}");
}

#[test]
fn every_query_file_runs() {
    let (dir, store) = seeded();
    for entry in std::fs::read_dir(QUERIES).unwrap() {
        let path = entry.unwrap().path();
        let run = newskg(
            dir.path(),
            &[
                "--store",
                store.to_str().unwrap(),
                "query",
                "-f",
                path.to_str().unwrap(),
                "--format",
                "json",
            ],
        );
        run.ok();
        assert!(
            !run.stdout.trim().is_empty(),
            "{} printed nothing",
            path.display()
        );
    }
}

#[test]
fn export_parses_back_in_every_format() {
    let (dir, store) = seeded();
    let formats = [
        ("turtle", RdfFormat::Turtle),
        ("ntriples", RdfFormat::NTriples),
        ("nquads", RdfFormat::NQuads),
        ("trig", RdfFormat::TriG),
        ("rdfxml", RdfFormat::RdfXml),
        (
            "jsonld",
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        ),
        ("n3", RdfFormat::N3),
    ];
    for (name, format) in formats {
        let out = dir.path().join(format!("out.{name}"));
        newskg(
            dir.path(),
            &[
                "--store",
                store.to_str().unwrap(),
                "export",
                "--format",
                name,
                "-o",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        let bytes = std::fs::read(&out).unwrap();
        let parsed: Result<Vec<_>, _> = RdfParser::from_format(format).for_slice(&bytes).collect();
        let quads = parsed.unwrap_or_else(|e| panic!("{name} export does not parse: {e}"));
        assert!(quads.len() > 100, "{name}: only {} statements", quads.len());
    }
    // One graph only.
    let graph = "https://w3id.org/newskg/article/us-ukraine-talks-florida";
    let run = newskg(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "export",
            "--format",
            "nquads",
            "--graph",
            graph,
        ],
    );
    run.ok();
    assert!(
        run.stdout
            .lines()
            .all(|l| l.trim_end().ends_with(&format!("<{graph}> .")))
    );
}

#[test]
fn viz_writes_dot_that_graphviz_renders() {
    let (dir, store) = seeded();
    let s = store.to_str().unwrap();
    let full = newskg(dir.path(), &["--store", s, "viz"]);
    full.ok();
    assert!(
        full.stdout.contains("Marco Rubio") && full.stdout.contains("style = \"dashed\""),
        "{}",
        full.stdout
    );
    let sub = newskg(
        dir.path(),
        &["--store", s, "viz", "-f", &format!("{QUERIES}/viz-subgraph.rq")],
    );
    sub.ok();
    assert!(
        sub.stdout.contains("Steve Witkoff") && !sub.stdout.contains("Emmanuel Macron"),
        "{}",
        sub.stdout
    );
    for dot in [&full.stdout, &sub.stdout] {
        let rendered = render(dot);
        assert!(rendered.contains("<svg"), "dot did not render an SVG");
    }
}

/// Renders DOT with Graphviz; fails loudly when Graphviz is missing (scripts/setup installs it).
pub fn render(dot: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is needed for this test: run scripts/setup");
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dot rejected the graph: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn stats_counts_articles_entities_and_relations() {
    let (dir, store) = seeded();
    let run = newskg(dir.path(), &["--store", store.to_str().unwrap(), "stats"]);
    run.ok();
    for want in [
        "articles: 1",
        "Person",
        "Delegation",
        "travelsTo",
        "planned",
        "metWith",
    ] {
        assert!(run.stdout.contains(want), "stats lacks {want:?}:\n{}", run.stdout);
    }
}

#[test]
fn extract_prints_every_stage_without_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let run = newskg(dir.path(), &["extract", "--format", "json", SEED]);
    run.ok();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for stage in [
        "sentences",
        "mentions",
        "roles",
        "entities",
        "relations",
        "quotes",
        "events",
    ] {
        assert!(v[stage].as_array().is_some_and(|a| !a.is_empty()), "no {stage}");
    }
    assert!(
        !dir.path().join("newskg-store").exists(),
        "extract must not create a store"
    );
    let ttl = newskg(dir.path(), &["extract", SEED]);
    ttl.ok();
    let parsed: Result<Vec<_>, _> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(ttl.stdout.as_bytes())
        .collect();
    assert!(parsed.unwrap().len() > 100);
}

#[test]
fn default_store_is_a_folder_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    newskg(dir.path(), &["ingest", SEED]).ok();
    assert!(dir.path().join("newskg-store").is_dir());
    newskg(dir.path(), &["stats"]).ok();
}

#[test]
fn user_lexicon_adds_people_titles_and_same_as() {
    let dir = tempfile::tempdir().unwrap();
    let lexicon = dir.path().join("mine.tsv");
    std::fs::write(
        &lexicon,
        "# people and titles of my articles\n\
         Ana Duarte\tPerson\tAna Duarte\thttps://example.org/people/ana-duarte\n\
         Duarte\tPerson\tAna Duarte\thttps://example.org/people/ana-duarte\n\
         grand vizier\tTitle\thead_of_government\n",
    )
    .unwrap();
    let article = dir.path().join("a.txt");
    std::fs::write(
        &article,
        "The grand vizier Omar Tal met Duarte in Tiraspol on Monday.\n",
    )
    .unwrap();
    let l = lexicon.to_str().unwrap();
    newskg(dir.path(), &["--lexicon", l, "ingest", article.to_str().unwrap()]).ok();
    let run = newskg(dir.path(), &["export", "--format", "ntriples"]);
    run.ok();
    assert!(
        run.stdout.contains("<https://example.org/people/ana-duarte>"),
        "sameAs missing"
    );
    assert!(
        run.stdout.contains("\"Ana Duarte\""),
        "the lexicon's canonical name is the label"
    );
    assert!(
        run.stdout.contains("\"grand vizier\""),
        "the user's title is a job title"
    );
}

/// The answers of an ordered listing come in the order Oxigraph gives them: newskg sorts
/// the answers itself when it can (see `query::order`), and a `LIMIT` keeps the sort inside
/// Oxigraph, so the two must print the same lines. Each key list ends with keys that make
/// every answer distinct, so there are no ties to order either way.
#[test]
fn ordered_answers_match_oxigraphs_own_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let articles = format!("{}/tests/articles", env!("CARGO_MANIFEST_DIR"));
    newskg(dir.path(), &["--store", store, "ingest", "-q", &articles]).ok();
    let prefixes = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> \
        PREFIX schema: <https://schema.org/> PREFIX nkg: <https://w3id.org/newskg/ns#>";
    let listings = [
        // Numbers descending, then names, dates and IRIs.
        "SELECT ?f ?s ?o ?n ?first WHERE { ?f rdf:subject ?s ; rdf:object ?o ; \
         nkg:supportCount ?n OPTIONAL { ?f nkg:firstDate ?first } } \
         ORDER BY DESC(?n) ?first ?s ?o ?f",
        // Values of every kind in one column: IRIs, names, numbers, dates, unbound.
        "SELECT ?x ?s ?p WHERE { ?s a schema:Person OPTIONAL { ?s ?p ?x } } ORDER BY ?x ?s ?p",
        "SELECT DISTINCT ?name ?s WHERE { ?s rdfs:label ?name } ORDER BY DESC(?name) ?s",
        "SELECT ?s (COUNT(?f) AS ?n) WHERE { ?f rdf:subject ?s } GROUP BY ?s ORDER BY DESC(?n) ?s",
    ];
    for listing in listings {
        let ours = format!("{prefixes} {listing}");
        let oxigraphs = format!("{ours} LIMIT 1000000");
        let run = |q: &str| {
            let run = newskg(dir.path(), &["--store", store, "query", "--format", "tsv", q]);
            run.ok();
            run.stdout
        };
        let (a, b) = (run(&ours), run(&oxigraphs));
        assert!(
            a.lines().count() > 10,
            "too few answers to compare: {listing}\n{a}"
        );
        assert_eq!(a, b, "{listing}");
    }
}

/// The files of `queries/` put each property in a subquery of its own so that Oxigraph reads
/// it once for the whole store (see their headers). Each must answer exactly what the plain
/// form of the same question answers: the same rows, with the lists inside a cell (from
/// `GROUP_CONCAT`, whose order SPARQL leaves open) compared as sets.
#[test]
fn shaped_list_queries_answer_as_their_plain_forms() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let articles = format!("{}/tests/articles", env!("CARGO_MANIFEST_DIR"));
    newskg(dir.path(), &["--store", store, "ingest", "-q", &articles]).ok();
    let prefixes = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> \
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> \
        PREFIX schema: <https://schema.org/> PREFIX nkg: <https://w3id.org/newskg/ns#> \
        PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>";
    let fact = |a: &str, b: &str, kind: &str, dates: bool| {
        let (cols, opt) = if dates {
            (
                " ?first ?last",
                "OPTIONAL { ?f nkg:firstDate ?first } OPTIONAL { ?f nkg:lastDate ?last }",
            )
        } else {
            ("", "")
        };
        format!(
            "SELECT ?{a} ?{b} ?status ?articles{cols} WHERE {{ ?f rdf:predicate nkg:{kind} ; \
             rdf:subject ?s ; rdf:object ?o ; nkg:status ?st ; nkg:supportCount ?articles . \
             ?s rdfs:label ?{a} . ?o rdfs:label ?{b} . {opt} \
             BIND(LCASE(STRAFTER(STR(?st), \"#\")) AS ?status) }}"
        )
    };
    // (file, plain form, the column holding a list, the fewest rows that make a comparison)
    let cases = [
        ("leads.rq", fact("leader", "led", "leads", true), None, 10),
        ("meetings.rq", fact("one", "other", "metWith", true), None, 10),
        (
            "travel.rq",
            fact("traveller", "destination", "travelsTo", true),
            None,
            5,
        ),
        ("represents.rq", fact("who", "for", "represents", false), None, 10),
        (
            "people-roles.rq",
            "SELECT ?person ?name (GROUP_CONCAT(?title; separator=\", \") AS ?titles) ?articles \
             WHERE { ?person a schema:Person ; rdfs:label ?name ; nkg:articleCount ?articles . \
             OPTIONAL { ?person schema:jobTitle ?title } } GROUP BY ?person ?name ?articles"
                .to_string(),
            Some(2),
            10,
        ),
        (
            "quotes.rq",
            "SELECT ?speaker ?quote ?begin ?article WHERE { GRAPH ?article { ?q schema:text ?quote ; \
             nif:beginIndex ?begin . OPTIONAL { ?q nkg:speaker ?s . ?s rdfs:label ?speaker } } }"
                .to_string(),
            None,
            3,
        ),
        (
            "events.rq",
            "SELECT ?event ?cameo ?status ?place \
             (GROUP_CONCAT(DISTINCT ?who; separator=\", \") AS ?attendees) WHERE { GRAPH ?article { \
             ?e nkg:cameoCode ?cameo ; rdfs:label ?event ; nkg:status ?st ; schema:attendee ?a . \
             ?a rdfs:label ?who . OPTIONAL { ?e schema:location ?l . ?l rdfs:label ?place } } \
             BIND(LCASE(STRAFTER(STR(?st), \"#\")) AS ?status) } GROUP BY ?e ?event ?cameo ?status ?place"
                .to_string(),
            Some(4),
            10,
        ),
        (
            "evidence.rq",
            "SELECT ?subject ?relation ?object ?status ?confidence ?rule ?begin ?end ?sentence ?article \
             WHERE { GRAPH ?article { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; \
             nkg:status ?st_status ; nkg:confidence ?confidence ; nkg:rule ?rule ; \
             nkg:evidenceText ?sentence ; nif:beginIndex ?begin ; nif:endIndex ?end . \
             ?s rdfs:label ?subject . ?o rdfs:label ?object } \
             BIND(STRAFTER(STR(?p), \"#\") AS ?relation) \
             BIND(LCASE(STRAFTER(STR(?st_status), \"#\")) AS ?status) }"
                .to_string(),
            None,
            20,
        ),
    ];
    let rows = |out: &str, list: Option<usize>| {
        let mut rows: Vec<String> = out
            .lines()
            .map(|line| {
                let mut cells: Vec<String> = line.split('\t').map(str::to_string).collect();
                if let Some(cell) = list.and_then(|i| cells.get_mut(i)) {
                    let mut items: Vec<&str> = cell.trim_matches('"').split(", ").collect();
                    items.sort_unstable();
                    *cell = items.join(", ");
                }
                cells.join("\t")
            })
            .collect();
        rows.sort();
        rows
    };
    for (file, plain, list, fewest) in cases {
        let shaped = newskg(
            dir.path(),
            &[
                "--store",
                store,
                "query",
                "--format",
                "tsv",
                "-f",
                &format!("{QUERIES}/{file}"),
            ],
        );
        shaped.ok();
        let plain = newskg(
            dir.path(),
            &[
                "--store",
                store,
                "query",
                "--format",
                "tsv",
                &format!("{prefixes} {plain}"),
            ],
        );
        plain.ok();
        let (a, b) = (rows(&shaped.stdout, list), rows(&plain.stdout, list));
        assert!(
            a.len() > fewest,
            "too few answers to compare for {file}:\n{}",
            shaped.stdout
        );
        assert_eq!(a, b, "{file} and its plain form differ");
    }
}
