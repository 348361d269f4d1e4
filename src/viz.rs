//! Drawing the graph for Graphviz: entities as nodes (label, shape and colour by type), the
//! relations as labelled edges. Planned and possible relations are dashed, former ones
//! dotted, negated ones left out unless asked for. A CONSTRUCT query can choose the subgraph:
//! its `rdf:Statement` nodes and plain `nkg:` relation triples become edges.

use std::collections::HashMap;

use oxigraph::model::{Term, Triple};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::error::QueryError;
use crate::rdf::vocab::{NKG, RDF, RDFS};

#[derive(Debug, Clone)]
pub struct VizOptions {
    /// A CONSTRUCT query choosing what to draw; all relations when absent.
    pub construct: Option<String>,
    pub show_negated: bool,
    /// Refuse to draw more nodes than this.
    pub max_nodes: usize,
}

/// The default drawing: every relation statement.
pub const DEFAULT_CONSTRUCT: &str = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX nkg: <https://w3id.org/newskg/ns#>
CONSTRUCT { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; nkg:status ?status }
WHERE { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; nkg:status ?status }";

#[derive(Debug, Clone)]
struct Node {
    label: String,
    kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Edge {
    predicate: String,
    status: String,
}

// Labels are written by the attribute getters; petgraph's own label output is switched off.
impl std::fmt::Display for Node {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.label)
    }
}

impl std::fmt::Display for Edge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.predicate)
    }
}

/// Errors of `viz` that are not query errors.
#[derive(Debug, thiserror::Error)]
pub enum VizError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(
        "the drawing would have {nodes} nodes, more than the limit of {max}; pass --max-nodes {nodes} to draw it anyway, or choose a subgraph with -f CONSTRUCT.rq"
    )]
    TooLarge { nodes: usize, max: usize },
    #[error("the query given with -f must be a CONSTRUCT query")]
    NotConstruct,
}

fn local(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn run_construct(db: &oxigraph::store::Store, text: &str) -> Result<Vec<Triple>, VizError> {
    let prepared = SparqlEvaluator::new()
        .parse_query(text)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    match prepared
        .on_store(db)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.to_string()))?
    {
        QueryResults::Graph(triples) => Ok(triples
            .collect::<Result<_, _>>()
            .map_err(|e| QueryError::Evaluation(e.to_string()))?),
        _ => Err(VizError::NotConstruct),
    }
}

/// Labels and types of the entities, from the store.
fn describe(db: &oxigraph::store::Store, nodes: &[&str]) -> Result<HashMap<String, Node>, VizError> {
    if nodes.is_empty() {
        return Ok(HashMap::new());
    }
    let values: String = nodes.iter().map(|n| format!("<{n}> ")).collect();
    // From the merged view, where each entity has one label.
    let q = format!(
        "SELECT DISTINCT ?e ?label ?t WHERE {{ VALUES ?e {{ {values}}} ?e <{RDFS}label> ?label . OPTIONAL {{ ?e <{RDF}type> ?t }} }}"
    );
    let prepared = SparqlEvaluator::new()
        .parse_query(&q)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    let mut out: HashMap<String, Node> = HashMap::new();
    if let QueryResults::Solutions(rows) = prepared
        .on_store(db)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.to_string()))?
    {
        for row in rows {
            let row = row.map_err(|e| QueryError::Evaluation(e.to_string()))?;
            let (Some(Term::NamedNode(e)), Some(Term::Literal(l))) = (row.get("e"), row.get("label")) else {
                continue;
            };
            let kind = match row.get("t") {
                Some(Term::NamedNode(t)) => local(t.as_str()).to_string(),
                _ => String::new(),
            };
            let node = out.entry(e.as_str().to_string()).or_insert(Node {
                label: l.value().to_string(),
                kind: String::new(),
            });
            // The most specific type wins: Delegation over Organization.
            if node.kind.is_empty() || kind == "Delegation" {
                node.kind = kind;
            }
        }
    }
    Ok(out)
}

/// The DOT text of the drawing.
pub fn viz(db: &oxigraph::store::Store, opts: &VizOptions) -> Result<String, VizError> {
    let triples = run_construct(db, opts.construct.as_deref().unwrap_or(DEFAULT_CONSTRUCT))?;
    let mut known: HashMap<String, Node> = HashMap::new();
    // Statements: subject, predicate, object, status by statement node.
    let mut statements: HashMap<String, [Option<String>; 4]> = HashMap::new();
    let mut edges: Vec<(String, String, Edge)> = Vec::new();
    for t in &triples {
        let p = t.predicate.as_str();
        let s = t.subject.to_string();
        let o = match &t.object {
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        };
        let slot = match p {
            _ if p == format!("{RDF}subject") => Some(0),
            _ if p == format!("{RDF}predicate") => Some(1),
            _ if p == format!("{RDF}object") => Some(2),
            _ if p == format!("{NKG}status") => Some(3),
            _ => None,
        };
        if let (Some(i), Some(o)) = (slot, o.clone()) {
            statements.entry(s).or_default()[i] = Some(o);
        } else if p.starts_with(NKG) && matches!(local(p), "leads" | "represents" | "travelsTo" | "metWith") {
            if let (oxigraph::model::NamedOrBlankNode::NamedNode(sn), Some(o)) = (&t.subject, o) {
                edges.push((
                    sn.as_str().to_string(),
                    o,
                    Edge {
                        predicate: local(p).to_string(),
                        status: "Actual".into(),
                    },
                ));
            }
        } else if p == format!("{RDFS}label")
            && let (oxigraph::model::NamedOrBlankNode::NamedNode(sn), Term::Literal(l)) =
                (&t.subject, &t.object)
        {
            known
                .entry(sn.as_str().to_string())
                .or_insert(Node {
                    label: String::new(),
                    kind: String::new(),
                })
                .label = l.value().to_string();
        }
    }
    for [s, p, o, status] in statements.into_values() {
        if let (Some(s), Some(p), Some(o)) = (s, p, o) {
            let status = status
                .map(|x| local(&x).to_string())
                .unwrap_or_else(|| "Actual".into());
            edges.push((
                s,
                o,
                Edge {
                    predicate: local(&p).to_string(),
                    status,
                },
            ));
        }
    }
    edges.retain(|(_, _, e)| opts.show_negated || e.status != "Negated");
    // One edge per fact; a symmetric relation in one direction only.
    let mut unique: Vec<(String, String, Edge)> = Vec::new();
    for (s, o, e) in edges {
        let same = |(s2, o2, e2): &(String, String, Edge)| {
            e2 == &e && ((s2 == &s && o2 == &o) || (e.predicate == "metWith" && s2 == &o && o2 == &s))
        };
        if !unique.iter().any(same) {
            unique.push((s, o, e));
        }
    }
    unique.sort_by(|a, b| {
        (&a.0, &a.1, &a.2.predicate, &a.2.status).cmp(&(&b.0, &b.1, &b.2.predicate, &b.2.status))
    });
    // Refuse a drawing too large to read before looking anything up.
    let mut nodes: Vec<&str> = unique
        .iter()
        .flat_map(|(s, o, _)| [s.as_str(), o.as_str()])
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    if nodes.len() > opts.max_nodes {
        return Err(VizError::TooLarge {
            nodes: nodes.len(),
            max: opts.max_nodes,
        });
    }
    for (iri, node) in describe(db, &nodes)? {
        let entry = known.entry(iri).or_insert(Node {
            label: String::new(),
            kind: String::new(),
        });
        if entry.label.is_empty() {
            entry.label = node.label;
        }
        if entry.kind.is_empty() || node.kind == "Delegation" {
            entry.kind = node.kind;
        }
    }
    let mut graph: DiGraph<Node, Edge> = DiGraph::new();
    let mut index: HashMap<String, NodeIndex> = HashMap::new();
    let mut node_of = |iri: &str, graph: &mut DiGraph<Node, Edge>| -> NodeIndex {
        *index.entry(iri.to_string()).or_insert_with(|| {
            let n = known.get(iri).cloned().unwrap_or(Node {
                label: String::new(),
                kind: String::new(),
            });
            let label = if n.label.is_empty() {
                local(iri).to_string()
            } else {
                n.label
            };
            graph.add_node(Node { label, kind: n.kind })
        })
    };
    for (s, o, e) in unique {
        let a = node_of(&s, &mut graph);
        let b = node_of(&o, &mut graph);
        graph.add_edge(a, b, e);
    }
    let node_attrs = |_: &DiGraph<Node, Edge>, (_, n): (NodeIndex, &Node)| {
        let (shape, colour) = match n.kind.as_str() {
            "Person" => ("ellipse", "#cfe2ff"),
            "Delegation" => ("box", "#fff3cd"),
            "Organization" => ("box", "#d1e7dd"),
            "Country" => ("hexagon", "#f8d7da"),
            "City" => ("house", "#e2d9f3"),
            "State" | "Place" | "Continent" => ("octagon", "#e2e3e5"),
            _ => ("plaintext", "#ffffff"),
        };
        format!(
            "label = \"{}\", shape = {shape}, style = \"filled\", fillcolor = \"{colour}\"",
            escape(&n.label)
        )
    };
    let edge_attrs = |_: &DiGraph<Node, Edge>, e: petgraph::graph::EdgeReference<'_, Edge>| {
        let e = e.weight();
        let style = match e.status.as_str() {
            "Planned" | "Possible" => "dashed",
            "Former" => "dotted",
            "Negated" => "dashed\", color = \"red",
            _ => "solid",
        };
        let label = if e.status == "Actual" {
            e.predicate.clone()
        } else {
            format!("{} ({})", e.predicate, e.status.to_lowercase())
        };
        let dir = if e.predicate == "metWith" {
            ", dir = \"both\""
        } else {
            ""
        };
        format!("label = \"{}\", style = \"{style}\"{dir}", escape(&label))
    };
    let dot = Dot::with_attr_getters(
        &graph,
        &[Config::NodeNoLabel, Config::EdgeNoLabel, Config::GraphContentOnly],
        &edge_attrs,
        &node_attrs,
    );
    Ok(format!(
        "digraph newskg {{\n    graph [rankdir = \"LR\", charset = \"UTF-8\", fontname = \"Helvetica\"];\n    node [fontname = \"Helvetica\"];\n    edge [fontname = \"Helvetica\", fontsize = 10];\n{dot}}}\n"
    ))
}

/// Escapes a label for a double-quoted DOT string; control characters become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_keeps_dot_strings_closed() {
        let cases = [
            ("a\"b", "a\\\"b"),
            ("back\\slash", "back\\\\slash"),
            ("two\nlines", "two\\nlines"),
            ("<html> & ü", "<html> & ü"),
            ("bell\u{7}", "bell "),
        ];
        for (input, want) in cases {
            assert_eq!(escape(input), want);
        }
    }
}
