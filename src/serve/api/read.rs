//! Small readers over the store for the web app's JSON: quad patterns by IRI, in the merged view
//! (the default graph), in one article graph, or in any graph.

use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, TermRef};
use oxigraph::store::{StorageError, Store};

use crate::rdf::vocab::{BASE, NKG, RDF, RDFS, SCHEMA};

/// Which graphs a pattern reads.
#[derive(Clone, Copy)]
pub enum In<'a> {
    /// The merged view.
    View,
    /// One article's graph.
    Graph(NamedNodeRef<'a>),
    /// Every graph.
    Any,
}

impl<'a> In<'a> {
    fn name(self) -> Option<GraphNameRef<'a>> {
        match self {
            In::View => Some(GraphNameRef::DefaultGraph),
            In::Graph(g) => Some(GraphNameRef::NamedNode(g)),
            In::Any => None,
        }
    }
}

/// `ns` + `local` as an IRI (only called with vocabulary constants).
pub fn iri(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

/// The value of a term: an IRI's string or a literal's lexical form.
pub fn value(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// Whether an IRI names an entity (`…/id/…`).
pub fn is_entity(iri: &str) -> bool {
    iri.strip_prefix(BASE).is_some_and(|r| r.starts_with("id/"))
}

/// Every quad whose subject is `s`, in `g`.
pub fn about(store: &Store, s: NamedNodeRef<'_>, g: In<'_>) -> Result<Vec<Quad>, StorageError> {
    store
        .quads_for_pattern(Some(s.into()), None, None, g.name())
        .collect()
}

/// The first object's value of `s p ?o` in `g`.
pub fn first(
    store: &Store,
    s: NamedNodeRef<'_>,
    p: &NamedNode,
    g: In<'_>,
) -> Result<Option<String>, StorageError> {
    match store
        .quads_for_pattern(Some(s.into()), Some(p.as_ref()), None, g.name())
        .next()
    {
        Some(q) => Ok(Some(value(&q?.object))),
        None => Ok(None),
    }
}

/// The named subjects of `?s p o` in `g`, with the graph each was found in.
pub fn subjects<'a>(
    store: &Store,
    p: &NamedNode,
    o: impl Into<TermRef<'a>>,
    g: In<'_>,
) -> Result<Vec<(NamedNode, Option<NamedNode>)>, StorageError> {
    let mut out = Vec::new();
    for q in store.quads_for_pattern(None, Some(p.as_ref()), Some(o.into()), g.name()) {
        let q = q?;
        if let NamedOrBlankNode::NamedNode(s) = q.subject {
            let graph = match q.graph_name {
                oxigraph::model::GraphName::NamedNode(n) => Some(n),
                _ => None,
            };
            out.push((s, graph));
        }
    }
    Ok(out)
}

/// The entity of the merged view that an IRI (an article's name for it, or the entity itself)
/// resolves to.
pub fn resolve(store: &Store, name: NamedNodeRef<'_>) -> Result<NamedNode, StorageError> {
    Ok(first(store, name, &iri(NKG, "resolvesTo"), In::View)?
        .map(NamedNode::new_unchecked)
        .unwrap_or_else(|| name.into_owned()))
}

/// The most specific kind of an entity, from its `rdf:type`s: "Delegation", "Person",
/// "Country", "City", "State", "Continent", "Organization", "Place" or "Thing".
pub fn kind<'t>(types: impl IntoIterator<Item = &'t str>) -> &'static str {
    const ORDER: [(&str, &str, &str); 8] = [
        (NKG, "Delegation", "Delegation"),
        (SCHEMA, "Person", "Person"),
        (SCHEMA, "Country", "Country"),
        (SCHEMA, "City", "City"),
        (SCHEMA, "State", "State"),
        (SCHEMA, "Continent", "Continent"),
        (SCHEMA, "Organization", "Organization"),
        (SCHEMA, "Place", "Place"),
    ];
    let types: Vec<&str> = types.into_iter().collect();
    ORDER
        .iter()
        .find(|(ns, local, _)| {
            types
                .iter()
                .any(|t| t.strip_prefix(ns).is_some_and(|l| l == *local))
        })
        .map_or("Thing", |(_, _, k)| k)
}

/// An entity's label and kind in `g` (the view, or an article graph).
pub fn label_and_kind(
    store: &Store,
    e: NamedNodeRef<'_>,
    g: In<'_>,
) -> Result<(String, &'static str), StorageError> {
    let mut label = None;
    let mut types = Vec::new();
    for q in about(store, e, g)? {
        if q.predicate.as_str() == format!("{RDFS}label") && label.is_none() {
            label = Some(value(&q.object));
        } else if q.predicate.as_str() == format!("{RDF}type") {
            types.push(value(&q.object));
        }
    }
    let kind = kind(types.iter().map(String::as_str));
    Ok((label.unwrap_or_else(|| short(e.as_str())), kind))
}

/// The local part of an IRI after its last `/` or `#`: a readable fallback label.
pub fn short(iri: &str) -> String {
    iri.rsplit(['/', '#']).next().unwrap_or(iri).to_string()
}

/// The local name of a vocabulary IRI in lower case ("nkg:Planned" → "planned").
pub fn local_lower(iri: &str) -> String {
    short(iri).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_prefer_the_most_specific_type() {
        let s = |l: &str| format!("{SCHEMA}{l}");
        let n = |l: &str| format!("{NKG}{l}");
        let table: [(Vec<String>, &str); 5] = [
            (vec![s("Person")], "Person"),
            (vec![s("Organization"), n("Delegation")], "Delegation"),
            (vec![s("Place"), s("City")], "City"),
            (vec![s("Organization")], "Organization"),
            (vec![], "Thing"),
        ];
        for (types, want) in table {
            assert_eq!(kind(types.iter().map(String::as_str)), want, "{types:?}");
        }
    }

    #[test]
    fn short_names_and_statuses() {
        assert_eq!(
            short("https://w3id.org/newskg/id/person/ana-duarte"),
            "ana-duarte"
        );
        assert_eq!(local_lower("https://w3id.org/newskg/ns#Planned"), "planned");
        assert!(is_entity("https://w3id.org/newskg/id/place/kyiv"));
        assert!(!is_entity("https://w3id.org/newskg/article/x"));
    }
}
