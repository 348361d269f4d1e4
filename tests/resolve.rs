//! Identity across articles, through the real binary: the merged view holds each entity and
//! each fact once, merges spellings, family names and initials, keeps namesakes apart, does not
//! depend on the order of ingest, and keeps the user's corrections across re-ingests.
//! Every person, organisation and text here is invented.

mod common;

use common::*;
use std::path::Path;

/// Six short articles about the same invented people, spelt as different outlets spell them.
const ARTICLES: &[(&str, &str)] = &[
    (
        "a.txt",
        "VELMORA, March 3 (Harbour Wire) - Ukrainian Foreign Minister Taras Zelinskyy met Polish \
President Marek Dombrowski in Velmora on Monday. Zelinskyy said the talks on grain transit \
were useful.\n",
    ),
    (
        "b.txt",
        "WARSAW, March 5 (Harbour Wire) - Ukrainian Foreign Minister Taras Zelinsky will travel to \
Warsaw on Friday to meet Polish Prime Minister Ewa Nowicka.\n",
    ),
    (
        "c.txt",
        "WARSAW, March 6 (Harbour Wire) - Polish President Dombrowski met Polish Prime Minister \
Ewa Nowicka in Warsaw on Thursday.\n",
    ),
    (
        "d.txt",
        "VELMORA, March 7 (Harbour Wire) - Ukrainian Foreign Minister Taras Zelinskiy met Polish \
President Marek Dombrowski in Velmora on Friday. Selma Dombrowski, a Polish novelist, \
attended the dinner.\n",
    ),
    (
        "e.txt",
        "OSTRAVA, March 8 (Harbour Wire) - Czech President Lukas Brandl met Czech Prime Minister \
Irena Brandl in Ostrava on Saturday. Brandl said the meeting was useful.\n",
    ),
    (
        "f.txt",
        "PRAGUE, March 9 (Harbour Wire) - Polish Prime Minister Ewa Nowicka met Brandl in Prague \
on Sunday, her office said.\n",
    ),
];

fn write_articles(dir: &Path) {
    for (name, text) in ARTICLES {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn ingest(dir: &Path, store: &str, files: &[&str]) {
    // The datelines give month and day; the year comes from here.
    let mut args = vec!["--store", store, "ingest", "-q", "--published", "2026-03-10"];
    args.extend_from_slice(files);
    newskg(dir, &args).ok();
}

fn rows(dir: &Path, store: &str, sparql: &str) -> Vec<Vec<String>> {
    let run = newskg(dir, &["--store", store, "query", "--format", "tsv", sparql]);
    run.ok();
    tsv_rows(&run.stdout)
}

const PREFIXES: &str = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX nkg: <https://w3id.org/newskg/ns#>
";

/// The labels of the people of the merged view, with their other names.
fn people(dir: &Path, store: &str) -> Vec<(String, String)> {
    rows(
        dir,
        store,
        &format!(
            "{PREFIXES}SELECT ?name (GROUP_CONCAT(?alt; separator=\"|\") AS ?alts) WHERE {{ \
             ?p a schema:Person ; rdfs:label ?name . OPTIONAL {{ ?p schema:alternateName ?alt }} }} \
             GROUP BY ?p ?name ORDER BY ?name"
        ),
    )
    .into_iter()
    .map(|r| {
        (
            r[0].trim_matches('"').to_string(),
            r.get(1).cloned().unwrap_or_default(),
        )
    })
    .collect()
}

#[test]
fn one_node_per_person_whatever_the_spelling_or_order() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_articles(d);
    let files: Vec<&str> = ARTICLES.iter().map(|(n, _)| *n).collect();
    let mut reversed = files.clone();
    reversed.reverse();

    // One batch in one order, one batch in the other, and one article at a time.
    ingest(d, "forward", &files);
    ingest(d, "backward", &reversed);
    for f in &files {
        ingest(d, "one-by-one", &[f]);
    }
    let forward = dump(d, "forward");
    assert_eq!(
        forward,
        dump(d, "backward"),
        "the order of ingest changed the graph"
    );
    assert_eq!(
        forward,
        dump(d, "one-by-one"),
        "one by one is not the same as one batch"
    );
    // The store built one article at a time went through the incremental rebuild after each;
    // a rebuild over all its articles finds nothing to change.
    newskg(d, &["--store", "one-by-one", "entities", "--rebuild"]).ok();
    assert_eq!(
        forward,
        dump(d, "one-by-one"),
        "a full rebuild is not the same as the incremental ones"
    );

    // Re-ingesting changes nothing.
    ingest(d, "forward", &files);
    assert_eq!(forward, dump(d, "forward"), "re-ingest changed the graph");

    let people = people(d, "forward");
    let names: Vec<&str> = people.iter().map(|(n, _)| n.as_str()).collect();
    // Three spellings of one minister are one person; the family name alone joins the
    // president, whose title it shares, and not the novelist of the same name.
    let zelinsky: Vec<&(String, String)> = people
        .iter()
        .filter(|(n, a)| n.contains("Zelinsk") || a.contains("Zelinsk"))
        .collect();
    assert_eq!(zelinsky.len(), 1, "{people:?}");
    for spelling in ["Zelinskyy", "Zelinsky", "Zelinskiy"] {
        assert!(
            zelinsky[0].0.contains(spelling) || zelinsky[0].1.contains(spelling),
            "{spelling} missing from {:?}",
            zelinsky[0]
        );
    }
    assert!(names.contains(&"Marek Dombrowski"), "{names:?}");
    assert!(
        names.contains(&"Selma Dombrowski"),
        "namesakes stay apart: {names:?}"
    );
    assert!(
        !names.contains(&"Dombrowski"),
        "the president's family name joins him: {names:?}"
    );
    // Two people of one family name and the same country: "Brandl" alone joins neither.
    assert!(
        names.contains(&"Lukas Brandl") && names.contains(&"Irena Brandl"),
        "{names:?}"
    );

    // Each entity and each fact once in the default graph.
    let persons = rows(
        d,
        "forward",
        &format!("{PREFIXES}SELECT ?p WHERE {{ ?p a schema:Person }}"),
    );
    let mut distinct = persons.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(persons.len(), distinct.len(), "a person is listed twice");
    let met = rows(
        d,
        "forward",
        &format!(
            "{PREFIXES}SELECT ?n ?first ?last WHERE {{ ?f rdf:predicate nkg:metWith ; rdf:subject ?a ; rdf:object ?b ; \
             nkg:status nkg:Actual ; nkg:supportCount ?n ; nkg:firstDate ?first ; nkg:lastDate ?last . \
             ?a rdfs:label ?x . ?b rdfs:label ?y . FILTER(CONTAINS(?x, \"Zelinsk\") && ?y = \"Marek Dombrowski\") }}"
        ),
    );
    assert_eq!(
        met.len(),
        1,
        "one fact for the meeting two articles report: {met:?}"
    );
    assert_eq!(met[0][0], "2", "{met:?}");
    assert_ne!(met[0][1], met[0][2], "first and last dates differ: {met:?}");
    // The ontology is not in the default graph.
    let ontology = rows(
        d,
        "forward",
        &format!("{PREFIXES}SELECT ?c WHERE {{ ?c a <http://www.w3.org/2002/07/owl#Class> }}"),
    );
    assert!(ontology.is_empty(), "{ontology:?}");
}

#[test]
fn entities_explains_merges_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_articles(d);
    let files: Vec<&str> = ARTICLES.iter().map(|(n, _)| *n).collect();
    ingest(d, "store", &files);
    let all = newskg(d, &["--store", "store", "entities"]);
    all.ok();
    assert!(all.stdout.contains("Marek Dombrowski"), "{}", all.stdout);
    let one = newskg(d, &["--store", "store", "entities", "zelinsk"]);
    one.ok();
    assert!(one.stdout.contains("merged from:"), "{}", one.stdout);
    assert!(one.stdout.contains("transliteration"), "{}", one.stdout);
    let dombrowski = newskg(d, &["--store", "store", "entities", "Dombrowski"]);
    dombrowski.ok();
    assert!(
        dombrowski
            .stdout
            .contains("only \"Marek Dombrowski\" has the same job title"),
        "{}",
        dombrowski.stdout
    );
    let brandl = newskg(d, &["--store", "store", "entities", "Brandl"]);
    brandl.ok();
    assert!(brandl.stdout.contains("not merged:"), "{}", brandl.stdout);
    let none = newskg(d, &["--store", "store", "entities", "Nobody Atall"]);
    none.ok();
    assert!(none.stdout.contains("no entity"), "{}", none.stdout);
}

#[test]
fn corrections_survive_reingest_and_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_articles(d);
    let files: Vec<&str> = ARTICLES.iter().map(|(n, _)| *n).collect();
    ingest(d, "store", &files);

    // The analyst knows that "Brandl" in f.txt is the president, and that the family name
    // alone in c.txt is not. "Brandl" alone names two entities (the name of f.txt, and another
    // name of Irena Brandl): the IRI says which.
    let ambiguous = newskg(d, &["--store", "store", "merge", "Brandl", "Lukas Brandl"]);
    assert_eq!(ambiguous.code, 1);
    assert!(ambiguous.stderr.contains("give the IRI"), "{}", ambiguous.stderr);
    newskg(d, &["--store", "store", "merge", "person:brandl", "Lukas Brandl"]).ok();
    newskg(d, &["--store", "store", "split", "Dombrowski"]).ok();
    let check = |what: &str| {
        let names: Vec<String> = people(d, "store").into_iter().map(|(n, _)| n).collect();
        assert!(!names.contains(&"Brandl".to_string()), "{what}: {names:?}");
        let lukas = newskg(d, &["--store", "store", "entities", "Lukas Brandl"]);
        assert!(
            lukas.stdout.contains("merged by hand"),
            "{what}: {}",
            lukas.stdout
        );
        assert!(names.contains(&"Dombrowski".to_string()), "{what}: {names:?}");
    };
    check("after the corrections");
    ingest(d, "store", &files);
    check("after re-ingest");
    newskg(d, &["--store", "store", "entities", "--rebuild"]).ok();
    check("after a rebuild");

    // Bad corrections are refused with a message and exit 1.
    let bad = newskg(d, &["--store", "store", "merge", "Nobody Atall", "Lukas Brandl"]);
    assert_eq!(bad.code, 1, "{}", bad.stderr);
    assert!(bad.stderr.contains("no entity is named"), "{}", bad.stderr);
    std::fs::write(d.join("store/corrections.tsv"), "join\ta\tb\n").unwrap();
    let broken = newskg(d, &["--store", "store", "entities", "--rebuild"]);
    assert_eq!(broken.code, 1);
    assert!(broken.stderr.contains("corrections.tsv:1"), "{}", broken.stderr);
}
