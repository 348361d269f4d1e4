//! The view an update gives is the view a full rebuild gives, whatever the order of the
//! articles, on invented articles whose names the rules merge, refuse and leave apart.

use std::collections::BTreeSet;

use oxigraph::model::{GraphName, GraphNameRef, Literal, NamedNode, Quad, Term};
use oxigraph::store::Store;

use super::*;
use crate::rdf::vocab::{NKG, RDF, RDFS, SCHEMA};

/// An invented article: (type, IRI slug, label) of each entity, and (subject, relation,
/// object, status) of each statement, by slug.
struct Article {
    id: &'static str,
    date: &'static str,
    entities: Vec<(&'static str, &'static str, &'static str)>,
    statements: Vec<(&'static str, &'static str, &'static str, &'static str)>,
}

fn iri_of(slug: &str) -> String {
    format!("{BASE}id/{slug}")
}

fn quads(a: &Article) -> (NamedNode, Vec<Quad>) {
    let article = node(&format!("{BASE}article/{}", a.id));
    let g = GraphName::NamedNode(article.clone());
    let mut out = Vec::new();
    let mut q =
        |s: &str, p: (&str, &str), o: Term| out.push(Quad::new(node(s), term(p.0, p.1), o, g.clone()));
    let iri = |v: &str| Term::NamedNode(node(v));
    q(
        article.as_str(),
        (RDF, "type"),
        iri(&format!("{SCHEMA}NewsArticle")),
    );
    q(
        article.as_str(),
        (SCHEMA, "datePublished"),
        Term::Literal(Literal::new_typed_literal(
            a.date,
            oxigraph::model::vocab::xsd::DATE,
        )),
    );
    for (ty, slug, label) in &a.entities {
        q(&iri_of(slug), (RDF, "type"), iri(&format!("{SCHEMA}{ty}")));
        q(
            &iri_of(slug),
            (RDFS, "label"),
            Term::Literal(Literal::new_simple_literal(*label)),
        );
    }
    for (i, (s, p, o, st)) in a.statements.iter().enumerate() {
        let n = format!("{}#rel-{}", article.as_str(), i + 1);
        q(&n, (RDF, "subject"), iri(&iri_of(s)));
        q(&n, (RDF, "predicate"), iri(&format!("{NKG}{p}")));
        q(&n, (RDF, "object"), iri(&iri_of(o)));
        q(&n, (NKG, "status"), iri(&format!("{NKG}{st}")));
    }
    (article, out)
}

/// Writes an article as the store does: its graph, its summary, and the note for the view.
fn put(db: &Store, a: &Article) {
    let (article, qs) = quads(a);
    let t = IndexTerms::new();
    let mut tx = db.start_transaction().unwrap();
    let old: Vec<Quad> = tx
        .quads_for_pattern(Some(article.as_ref().into()), None, None, Some(t.g()))
        .collect::<Result<_, _>>()
        .unwrap();
    let noted = old.iter().any(|q| q.predicate == t.pending);
    let before = old.iter().find_map(|q| match &q.object {
        Term::Literal(l) if q.predicate.as_str().ends_with("#summary") => Some(l.value().to_string()),
        _ => None,
    });
    for q in old.iter().filter(|q| q.predicate != t.pending) {
        tx.remove(q);
    }
    tx.clear_graph(GraphNameRef::NamedNode(article.as_ref())).unwrap();
    if !noted {
        tx.insert(&pending_quad(&article, before.as_deref()));
    }
    tx.insert(&summary_quad(&article, summarize(article.as_str(), &qs)));
    tx.extend(&qs);
    tx.commit().unwrap();
}

/// The default graph and the index graph's records and keys, as sorted lines.
fn dump(db: &Store) -> Vec<String> {
    let t = IndexTerms::new();
    let mut out: BTreeSet<String> = BTreeSet::new();
    for q in db.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph)) {
        out.insert(q.unwrap().to_string());
    }
    for p in [&t.record, &t.key, &t.pending] {
        for q in db.quads_for_pattern(None, Some(p.as_ref()), None, Some(t.g())) {
            out.insert(q.unwrap().to_string());
        }
    }
    out.into_iter().collect()
}

fn articles() -> Vec<Article> {
    vec![
        Article {
            id: "a1",
            date: "2031-03-01",
            entities: vec![
                ("Person", "person/ana-duarte", "Ana Duarte"),
                ("Country", "place/lomaria", "Lomaria"),
                (
                    "Organization",
                    "org/union-of-coastal-states",
                    "Union of Coastal States",
                ),
                ("Person", "person/piet-halloran", "Piet Halloran"),
            ],
            statements: vec![
                ("person/ana-duarte", "represents", "place/lomaria", "Actual"),
                ("person/ana-duarte", "metWith", "person/piet-halloran", "Actual"),
                (
                    "person/piet-halloran",
                    "leads",
                    "org/union-of-coastal-states",
                    "Actual",
                ),
            ],
        },
        Article {
            id: "a2",
            date: "2031-03-04",
            entities: vec![
                ("Person", "person/duarte", "Duarte"),
                ("Person", "person/piet-halloran", "Piet Halloran"),
                ("Organization", "org/ucs", "UCS"),
            ],
            statements: vec![
                ("person/duarte", "metWith", "person/piet-halloran", "Actual"),
                ("person/duarte", "metWith", "person/piet-halloran", "Planned"),
                ("person/piet-halloran", "leads", "org/ucs", "Actual"),
            ],
        },
        Article {
            id: "a3",
            date: "2031-03-09",
            entities: vec![
                ("Person", "person/anna-duarte", "Anna Duarte"),
                ("Person", "person/marek-duarte", "Marek Duarte"),
                ("Country", "place/vessania", "Vessania"),
            ],
            statements: vec![
                ("person/marek-duarte", "represents", "place/vessania", "Actual"),
                ("person/anna-duarte", "travelsTo", "place/vessania", "Planned"),
            ],
        },
        Article {
            id: "a4",
            date: "2031-03-11",
            entities: vec![
                ("Person", "person/duarte", "Duarte"),
                ("Person", "person/halloran", "Halloran"),
                ("Country", "place/lomaria", "Lomaria"),
            ],
            statements: vec![
                ("person/duarte", "travelsTo", "place/lomaria", "Actual"),
                ("person/halloran", "metWith", "person/duarte", "Actual"),
            ],
        },
    ]
}

fn rebuilt(list: &[Article]) -> Vec<String> {
    let db = Store::new().unwrap();
    for a in list {
        put(&db, a);
    }
    rebuild(&db, ResolveRules::builtin(), &Corrections::default()).unwrap();
    dump(&db)
}

#[test]
fn updates_one_article_at_a_time_give_the_rebuilt_view() {
    let list = articles();
    let want = rebuilt(&list);
    assert!(
        want.iter().any(|l| l.contains("mergedWith")),
        "the case merges nothing"
    );
    let orders: [[usize; 4]; 4] = [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]];
    for order in orders {
        let db = Store::new().unwrap();
        for (n, &i) in order.iter().enumerate() {
            put(&db, &list[i]);
            let done = update(&db, ResolveRules::builtin(), &Corrections::default()).unwrap();
            // The first article makes the view; each one after it is followed.
            assert_eq!(n == 0, matches!(done, Updated::Rebuilt(_)), "{done:?}");
        }
        assert_eq!(dump(&db), want, "order {order:?}");
    }
}

#[test]
fn an_article_changed_or_written_again_updates_like_a_rebuild() {
    let mut list = articles();
    let db = Store::new().unwrap();
    for a in &list {
        put(&db, a);
        update(&db, ResolveRules::builtin(), &Corrections::default()).unwrap();
    }
    // The same article again changes nothing.
    let before = dump(&db);
    put(&db, &list[1]);
    update(&db, ResolveRules::builtin(), &Corrections::default()).unwrap();
    assert_eq!(dump(&db), before);
    // An article that now names another person: the family name alone is refused.
    list[2]
        .entities
        .push(("Person", "person/ivo-duarte", "Ivo Duarte"));
    put(&db, &list[2]);
    update(&db, ResolveRules::builtin(), &Corrections::default()).unwrap();
    assert_eq!(dump(&db), rebuilt(&list));
    // And one that loses its statements.
    list[0].statements.clear();
    put(&db, &list[0]);
    let done = update(&db, ResolveRules::builtin(), &Corrections::default()).unwrap();
    assert!(matches!(done, Updated::Followed { .. }), "{done:?}");
    assert_eq!(dump(&db), rebuilt(&list));
}
