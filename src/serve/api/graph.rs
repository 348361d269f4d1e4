//! The graph view's and the home page's JSON: a node's neighbourhood in the merged view
//! (`neighbours`), entities by name (`search`), the most-named entities (`top`) and the
//! latest articles (`articles`).

use std::collections::{BTreeMap, HashSet};

use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, QuadRef};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use serde_json::{Value, json};

use super::entity::{facts, node_json};
use super::read::{In, first, iri, is_entity, label_and_kind, resolve, value};
use crate::rdf::vocab::{NKG, RDF, RDFS, SCHEMA};

/// Edges returned at most for one node (the most supported first).
pub const MAX_EDGES: usize = 500;

/// What the graph view asks for.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Filter {
    /// Relations to keep ("leads", "metWith"...); empty keeps all.
    pub relations: Vec<String>,
    /// Statuses to keep; empty keeps all but "negated".
    pub statuses: Vec<String>,
    /// Keep facts whose dates meet `[from, to]` (ISO dates, compared as text).
    pub from: Option<String>,
    pub to: Option<String>,
}

impl Filter {
    /// Whether a fact passes. With a date range, a fact without dates is left out.
    pub fn keeps(&self, relation: &str, status: &str, first: Option<&str>, last: Option<&str>) -> bool {
        if !self.relations.is_empty() && !self.relations.iter().any(|r| r == relation) {
            return false;
        }
        let status_ok = if self.statuses.is_empty() {
            status != "negated"
        } else {
            self.statuses.iter().any(|s| s == status)
        };
        if !status_ok {
            return false;
        }
        if self.from.is_none() && self.to.is_none() {
            return true;
        }
        let (Some(first), Some(last)) = (first.or(last), last.or(first)) else {
            return false;
        };
        // Dates may be days, months or years: compare the common prefix length.
        let before = |a: &str, b: &str| {
            let n = a.len().min(b.len());
            a[..n] <= b[..n]
        };
        self.from.as_deref().is_none_or(|f| before(f, last))
            && self.to.as_deref().is_none_or(|t| before(first, t))
    }
}

/// The neighbourhood of an entity: the node itself, its neighbours and the facts between
/// them that pass the filter.
pub fn neighbours(
    store: &Store,
    asked: NamedNodeRef<'_>,
    filter: &Filter,
) -> Result<Option<Value>, StorageError> {
    let main = resolve(store, asked)?;
    let (label, kind) = label_and_kind(store, main.as_ref(), In::View)?;
    if first(store, main.as_ref(), &iri(RDFS, "label"), In::View)?.is_none() {
        return Ok(None);
    }
    let all = facts(store, main.as_ref())?;
    let kept: Vec<_> = all
        .iter()
        .filter(|f| filter.keeps(&f.relation, &f.status, f.first.as_deref(), f.last.as_deref()))
        .collect();
    let mut edges = Vec::new();
    let mut nodes = vec![json!({ "iri": main.as_str(), "label": label, "type": kind })];
    let mut seen: HashSet<NamedNode> = HashSet::from([main.clone()]);
    let mut by_support = kept.clone();
    by_support.sort_by_key(|f| std::cmp::Reverse(f.support));
    let fresh: Vec<&NamedNode> = by_support
        .iter()
        .take(MAX_EDGES)
        .filter(|f| seen.insert(f.other.clone()))
        .map(|f| &f.other)
        .collect();
    nodes.extend(
        fresh
            .par_iter()
            .map(|n| node_json(store, n.as_ref()))
            .collect::<Result<Vec<_>, _>>()?,
    );
    for f in by_support.iter().take(MAX_EDGES) {
        let (s, o) = if f.outgoing {
            (&main, &f.other)
        } else {
            (&f.other, &main)
        };
        edges.push(json!({
            "id": f.iri.as_str(), "source": s.as_str(), "target": o.as_str(),
            "relation": f.relation, "status": f.status, "support": f.support,
            "first": f.first, "last": f.last,
        }));
    }
    Ok(Some(json!({
        "center": main.as_str(),
        "nodes": nodes,
        "edges": edges,
        "total": kept.len(),
        "truncated": kept.len() > MAX_EDGES,
    })))
}

/// Folds a name for search: lower case, accents kept (the view's names are as written).
fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// Entities with a name containing `q` (case aside), those whose name starts with it first,
/// then the most named.
pub fn search(store: &Store, q: &str, limit: usize) -> Result<Value, StorageError> {
    let q = fold(q.trim());
    // One letter matches most names of a large store: ask for two.
    if q.chars().count() < 2 {
        return Ok(json!([]));
    }
    // Names and other names, scanned side by side.
    let scan = |p: NamedNode| -> Result<Vec<(NamedNode, bool)>, StorageError> {
        let mut found = Vec::new();
        for quad in store.quads_for_pattern(None, Some(p.as_ref()), None, Some(GraphNameRef::DefaultGraph)) {
            let quad = quad?;
            let NamedOrBlankNode::NamedNode(s) = quad.subject else {
                continue;
            };
            if is_entity(s.as_str())
                && let Some(at) = fold(&value(&quad.object)).find(&q)
            {
                found.push((s, at == 0));
            }
        }
        Ok(found)
    };
    let (labels, others) = rayon::join(|| scan(iri(RDFS, "label")), || scan(iri(SCHEMA, "alternateName")));
    let mut hits: BTreeMap<NamedNode, bool> = BTreeMap::new();
    for (s, prefix) in labels?.into_iter().chain(others?) {
        *hits.entry(s).or_insert(false) |= prefix;
    }
    let count = iri(NKG, "articleCount");
    let mut ranked = hits
        .into_par_iter()
        .map(|(s, prefix)| {
            let n: u64 = first(store, s.as_ref(), &count, In::View)?
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            Ok((!prefix, std::cmp::Reverse(n), s))
        })
        .collect::<Result<Vec<_>, StorageError>>()?;
    ranked.sort();
    let mut out = Vec::new();
    for (_, std::cmp::Reverse(n), s) in ranked.into_iter().take(limit) {
        let mut node = node_json(store, s.as_ref())?;
        node["articleCount"] = json!(n);
        out.push(node);
    }
    Ok(json!(out))
}

/// The most-named entities, of one kind ("Person", ...) when given.
pub fn top(store: &Store, kind: Option<&str>, limit: usize) -> Result<Value, StorageError> {
    let count = iri(NKG, "articleCount");
    let mut all = Vec::new();
    for quad in store.quads_for_pattern(None, Some(count.as_ref()), None, Some(GraphNameRef::DefaultGraph)) {
        let quad = quad?;
        if let NamedOrBlankNode::NamedNode(s) = quad.subject {
            let n: u64 = value(&quad.object).parse().unwrap_or(0);
            all.push((std::cmp::Reverse(n), s));
        }
    }
    all.sort();
    // A point lookup of the type first: most of the most-named entities are places.
    let rdf_type = iri(RDF, "type");
    let wanted = kind.map(|k| {
        if k == "Delegation" {
            iri(NKG, k)
        } else {
            iri(SCHEMA, k)
        }
    });
    let mut out = Vec::new();
    for (std::cmp::Reverse(n), s) in all {
        if out.len() >= limit {
            break;
        }
        if let Some(t) = &wanted
            && !store.contains(QuadRef::new(&s, &rdf_type, t, GraphNameRef::DefaultGraph))?
        {
            continue;
        }
        let mut node = node_json(store, s.as_ref())?;
        if kind.is_some_and(|k| node["type"] != k) {
            continue;
        }
        node["articleCount"] = json!(n);
        out.push(node);
    }
    Ok(json!(out))
}

/// The latest articles of the view (by date of publication), and how many there are.
pub fn articles(store: &Store, limit: usize) -> Result<Value, StorageError> {
    let article = oxigraph::model::Term::NamedNode(iri(SCHEMA, "NewsArticle"));
    let date = iri(SCHEMA, "datePublished");
    let mut dates: BTreeMap<NamedNode, String> = BTreeMap::new();
    for quad in store.quads_for_pattern(None, Some(date.as_ref()), None, Some(GraphNameRef::DefaultGraph)) {
        let quad = quad?;
        if let NamedOrBlankNode::NamedNode(s) = quad.subject {
            dates.insert(s, value(&quad.object));
        }
    }
    let mut list = Vec::new();
    for quad in store.quads_for_pattern(
        None,
        Some(iri(RDF, "type").as_ref()),
        Some(article.as_ref()),
        Some(GraphNameRef::DefaultGraph),
    ) {
        if let NamedOrBlankNode::NamedNode(s) = quad?.subject {
            list.push((dates.get(&s).cloned(), s));
        }
    }
    let total = list.len();
    list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let headline = iri(SCHEMA, "headline");
    let mut out = Vec::new();
    for (d, a) in list.into_iter().take(limit) {
        out.push(json!({
            "iri": a.as_str(), "date": d,
            "headline": first(store, a.as_ref(), &headline, In::View)?,
        }));
    }
    Ok(json!({ "articles": out, "total": total }))
}

#[cfg(test)]
mod tests {
    use super::Filter;

    #[test]
    fn filters_by_relation_status_and_dates() {
        let f = |rel: &[&str], st: &[&str], from: Option<&str>, to: Option<&str>| Filter {
            relations: rel.iter().map(|s| s.to_string()).collect(),
            statuses: st.iter().map(|s| s.to_string()).collect(),
            from: from.map(str::to_string),
            to: to.map(str::to_string),
        };
        let d = Some("2025-11-30");
        let table = [
            (f(&[], &[], None, None), "leads", "actual", d, d, true),
            (f(&[], &[], None, None), "leads", "negated", d, d, false),
            (f(&[], &["negated"], None, None), "leads", "negated", d, d, true),
            (f(&["metWith"], &[], None, None), "leads", "actual", d, d, false),
            (
                f(&[], &[], Some("2025-12-01"), None),
                "leads",
                "actual",
                d,
                d,
                false,
            ),
            (
                f(&[], &[], Some("2025-11-01"), Some("2025-11-30")),
                "leads",
                "actual",
                d,
                d,
                true,
            ),
            (f(&[], &[], None, Some("2025-11")), "leads", "actual", d, d, true),
            (
                f(&[], &[], Some("2025-01-01"), None),
                "leads",
                "actual",
                None,
                None,
                false,
            ),
        ];
        for (filter, rel, st, first, last, want) in table {
            assert_eq!(filter.keeps(rel, st, first, last), want, "{filter:?} {rel} {st}");
        }
    }
}
