//! An article's summary: the few quads of its graph that the merged view reads, kept as one
//! literal in the index graph beside the article (written in the same commit), so that the view
//! reads one value per article instead of decoding every quad of the store; and what one
//! article contributes to the view, read back from that summary.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use super::{node, term};
use crate::rdf::vocab::{BASE, INDEX_GRAPH, NKG, OWL, RDF, RDFS, SCHEMA};

/// The predicates the view reads from the article graphs, in the order of their codes in a
/// summary.
const PREDICATES: [(&str, &str); 13] = [
    (RDF, "type"),
    (RDFS, "label"),
    (SCHEMA, "alternateName"),
    (SCHEMA, "jobTitle"),
    (OWL, "sameAs"),
    (NKG, "country"),
    (SCHEMA, "datePublished"),
    (RDF, "subject"),
    (RDF, "predicate"),
    (RDF, "object"),
    (NKG, "status"),
    (NKG, "date"),
    (SCHEMA, "headline"),
];

/// Whether the objects of a predicate (by code) are IRIs, which a summary shortens.
fn object_is_iri(code: usize) -> bool {
    matches!(code, 0 | 4 | 5 | 7 | 8 | 9 | 10)
}

/// An IRI made short for a summary: the article's own IRIs start with `@`, newskg's with `~`.
fn shorten(iri: &str, article: &str) -> String {
    if let Some(rest) = iri.strip_prefix(article) {
        format!("@{rest}")
    } else if let Some(rest) = iri.strip_prefix(BASE) {
        format!("~{rest}")
    } else {
        iri.to_string()
    }
}

fn lengthen(short: &str, article: &str) -> String {
    if let Some(rest) = short.strip_prefix('@') {
        format!("{article}{rest}")
    } else if let Some(rest) = short.strip_prefix('~') {
        format!("{BASE}{rest}")
    } else {
        short.to_string()
    }
}

/// What the view needs of one article, from its quads: the quads with the predicates above,
/// as `[code, subject, object]` in JSON, IRIs shortened.
pub fn summarize(article: &str, quads: &[Quad]) -> String {
    let codes: HashMap<String, usize> = PREDICATES
        .iter()
        .enumerate()
        .map(|(i, (ns, l))| (format!("{ns}{l}"), i))
        .collect();
    let mut rows: Vec<(usize, String, String)> = Vec::new();
    for q in quads {
        let Some(&code) = codes.get(q.predicate.as_str()) else {
            continue;
        };
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        let o = match (&q.object, code) {
            (Term::Literal(l), 11) if l.datatype() != xsd::DATE => continue,
            (Term::Literal(l), _) => l.value().to_string(),
            (Term::NamedNode(n), c) if object_is_iri(c) => shorten(n.as_str(), article),
            _ => continue,
        };
        rows.push((code, shorten(s.as_str(), article), o));
    }
    rows.sort();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_string())
}

/// The quad that keeps an article's summary in the index graph.
pub fn summary_quad(article: &NamedNode, summary: String) -> Quad {
    Quad::new(
        article.clone(),
        term(NKG, "summary"),
        Literal::new_simple_literal(summary),
        node(INDEX_GRAPH),
    )
}

/// What one article says about one entity IRI.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Part {
    pub types: BTreeSet<String>,
    pub labels: BTreeSet<String>,
    pub alternates: BTreeSet<String>,
    pub titles: BTreeSet<String>,
    pub same_as: BTreeSet<String>,
    pub countries: BTreeSet<String>,
    /// Countries the entity represents in an actual statement of this article.
    pub represented: BTreeSet<String>,
}

/// One statement of an article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Statement {
    pub graph: String,
    pub subject: Option<String>,
    pub predicate: Option<String>,
    pub object: Option<String>,
    pub status: Option<String>,
    pub date: Option<String>,
}

impl Statement {
    /// Subject, relation, object and status, when the statement has all four.
    pub fn key(&self) -> Option<(String, String, String, String)> {
        match (&self.subject, &self.predicate, &self.object, &self.status) {
            (Some(s), Some(p), Some(o), Some(st)) => Some((s.clone(), p.clone(), o.clone(), st.clone())),
            _ => None,
        }
    }
}

/// What one article contributes to the view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contribution {
    pub article: String,
    /// Whether the article node is typed as a news article.
    pub is_article: bool,
    pub headline: Option<String>,
    /// The article's date of publication.
    pub published: Option<String>,
    /// The date a statement without a day of its own is dated by.
    pub fallback_date: Option<String>,
    pub entities: BTreeMap<String, Part>,
    pub statements: BTreeMap<String, Statement>,
}

pub(super) fn is_entity(iri: &str) -> bool {
    iri.strip_prefix(BASE).is_some_and(|r| r.starts_with("id/"))
}

/// Reads an article's contribution back from its summary (an unreadable summary contributes
/// nothing).
pub fn contribution(article: &str, summary: &str) -> Contribution {
    let mut c = Contribution {
        article: article.to_string(),
        ..Contribution::default()
    };
    let rows: Vec<(usize, String, String)> = serde_json::from_str(summary).unwrap_or_default();
    let news_article = format!("{SCHEMA}NewsArticle");
    for (code, s, o) in rows {
        let s = lengthen(&s, article);
        let o = if object_is_iri(code) {
            lengthen(&o, article)
        } else {
            o
        };
        match code {
            0 if s == article && o == news_article => c.is_article = true,
            12 => {
                if s == article {
                    c.headline = Some(o);
                }
            }
            0..=5 => {
                if !is_entity(&s) {
                    continue;
                }
                let p = c.entities.entry(s).or_default();
                let set = match code {
                    0 => &mut p.types,
                    1 => &mut p.labels,
                    2 => &mut p.alternates,
                    3 => &mut p.titles,
                    4 => &mut p.same_as,
                    _ => &mut p.countries,
                };
                set.insert(o);
            }
            6 => {
                if s == article {
                    c.published = Some(o.clone());
                }
                c.fallback_date = Some(o);
            }
            _ => {
                // Statements: only the article's own (`<article>#rel-N`).
                if !s.starts_with(article) {
                    continue;
                }
                let st = c.statements.entry(s).or_insert_with(|| Statement {
                    graph: article.to_string(),
                    ..Statement::default()
                });
                let field = match code {
                    7 => &mut st.subject,
                    8 => &mut st.predicate,
                    9 => &mut st.object,
                    10 => &mut st.status,
                    _ => &mut st.date,
                };
                *field = Some(o);
            }
        }
    }
    // Countries people represent help tell namesakes apart.
    let (represents, actual, country) = (
        format!("{NKG}represents"),
        format!("{NKG}Actual"),
        format!("{SCHEMA}Country"),
    );
    let mut represented: Vec<(String, String)> = Vec::new();
    for st in c.statements.values() {
        if let (Some(s), Some(p), Some(o), Some(status)) =
            (&st.subject, &st.predicate, &st.object, &st.status)
            && *p == represents
            && *status == actual
            && is_entity(s)
            && c.entities.get(o).is_some_and(|e| e.types.contains(&country))
        {
            represented.push((s.clone(), o.clone()));
        }
    }
    for (s, o) in represented {
        c.entities.entry(s).or_default().represented.insert(o);
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::GraphName;

    /// A summary read back gives what the article's quads said, with its IRIs whole again.
    #[test]
    fn contribution_reads_back_the_summary() {
        let a = format!("{BASE}article/a1");
        let g = GraphName::NamedNode(node(&a));
        let p = format!("{BASE}id/person/ana-duarte");
        let c = format!("{BASE}id/place/lomaria");
        let st = format!("{a}#rel-1");
        let q = |s: &str, pr: (&str, &str), o: Term| Quad::new(node(s), term(pr.0, pr.1), o, g.clone());
        let lit = |v: &str| Term::Literal(Literal::new_simple_literal(v));
        let iri = |v: &str| Term::NamedNode(node(v));
        let quads = vec![
            q(&a, (RDF, "type"), iri(&format!("{SCHEMA}NewsArticle"))),
            q(&a, (SCHEMA, "headline"), lit("Talks")),
            q(&p, (RDF, "type"), iri(&format!("{SCHEMA}Person"))),
            q(&p, (RDFS, "label"), lit("Ana Duarte")),
            q(&c, (RDF, "type"), iri(&format!("{SCHEMA}Country"))),
            q(&st, (RDF, "subject"), iri(&p)),
            q(&st, (RDF, "predicate"), iri(&format!("{NKG}represents"))),
            q(&st, (RDF, "object"), iri(&c)),
            q(&st, (NKG, "status"), iri(&format!("{NKG}Actual"))),
        ];
        let got = contribution(&a, &summarize(&a, &quads));
        assert!(got.is_article);
        assert_eq!(got.headline.as_deref(), Some("Talks"));
        assert_eq!(
            got.entities[&p].labels,
            BTreeSet::from(["Ana Duarte".to_string()])
        );
        assert_eq!(got.entities[&p].represented, BTreeSet::from([c.clone()]));
        assert_eq!(got.statements[&st].object.as_deref(), Some(c.as_str()));
        assert_eq!(got.statements[&st].graph, a);
    }
}
