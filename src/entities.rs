//! Reading the entities of the merged view (see [`crate::view`]): listing, searching by name,
//! and finding the IRIs that articles give a name, for `newskg entities`, `merge` and `split`.

use std::collections::BTreeSet;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term};

use crate::error::StoreError;
use crate::rdf::vocab::{BASE, DISPLAY_PREFIXES, NKG, RDFS, SCHEMA};
use crate::resolve::names::plain;

/// One entity of the view, with what `entities` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityInfo {
    pub iri: String,
    pub label: String,
    pub types: Vec<String>,
    pub names: Vec<String>,
    pub titles: Vec<String>,
    pub articles: usize,
    /// The IRIs articles use for it, each with the reasons it was merged (none for the main one).
    pub members: Vec<(String, Vec<String>)>,
    /// Why rules did not merge it with another entity.
    pub refused: Vec<String>,
}

fn term(ns: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{ns}{local}"))
}

fn objects(db: &oxigraph::store::Store, s: &str, p: &NamedNode) -> Result<Vec<Term>, StoreError> {
    let s = NamedNode::new_unchecked(s);
    db.quads_for_pattern(
        Some(NamedOrBlankNodeRef::NamedNode(s.as_ref())),
        Some(p.as_ref()),
        None,
        Some(GraphNameRef::DefaultGraph),
    )
    .map(|q| Ok(q?.object))
    .collect()
}

fn strings(terms: Vec<Term>) -> Vec<String> {
    let mut v: Vec<String> = terms
        .into_iter()
        .map(|t| match t {
            Term::NamedNode(n) => n.into_string(),
            Term::Literal(l) => l.value().to_string(),
            other => other.to_string(),
        })
        .collect();
    v.sort();
    v
}

/// Every entity of the view: IRI, label and number of articles, most named first.
pub fn list(db: &oxigraph::store::Store) -> Result<Vec<(String, String, usize)>, StoreError> {
    let count = term(NKG, "articleCount");
    let label = term(RDFS, "label");
    let mut out = Vec::new();
    for q in db.quads_for_pattern(None, Some(count.as_ref()), None, Some(GraphNameRef::DefaultGraph)) {
        let q = q?;
        let NamedOrBlankNode::NamedNode(e) = q.subject else {
            continue;
        };
        let n = match &q.object {
            Term::Literal(l) => l.value().parse().unwrap_or(0),
            _ => 0,
        };
        let l = strings(objects(db, e.as_str(), &label)?)
            .into_iter()
            .next()
            .unwrap_or_default();
        out.push((e.into_string(), l, n));
    }
    out.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    Ok(out)
}

/// The entities with a name (label or other name) containing `needle`, case and accents aside.
pub fn search(db: &oxigraph::store::Store, needle: &str) -> Result<Vec<EntityInfo>, StoreError> {
    let want = plain(needle);
    let found = named_where(db, |name| name.contains(&want))?;
    let mut out = found
        .iter()
        .map(|e| describe(db, e))
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by(|a, b| b.articles.cmp(&a.articles).then(a.label.cmp(&b.label)));
    Ok(out)
}

/// Everything the view says about one entity.
pub fn describe(db: &oxigraph::store::Store, iri: &str) -> Result<EntityInfo, StoreError> {
    let label = strings(objects(db, iri, &term(RDFS, "label"))?);
    let articles = strings(objects(db, iri, &term(NKG, "articleCount"))?)
        .first()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let resolves = term(NKG, "resolvesTo");
    let e = NamedNode::new_unchecked(iri);
    let mut members = Vec::new();
    for q in db.quads_for_pattern(
        None,
        Some(resolves.as_ref()),
        Some(e.as_ref().into()),
        Some(GraphNameRef::DefaultGraph),
    ) {
        if let NamedOrBlankNode::NamedNode(m) = q?.subject {
            let why = strings(objects(db, m.as_str(), &term(NKG, "mergeReason"))?);
            members.push((m.into_string(), why));
        }
    }
    members.sort();
    Ok(EntityInfo {
        iri: iri.to_string(),
        label: label.into_iter().next().unwrap_or_default(),
        types: strings(objects(db, iri, &rdf::TYPE.into_owned())?),
        names: strings(objects(db, iri, &term(SCHEMA, "alternateName"))?),
        titles: strings(objects(db, iri, &term(SCHEMA, "jobTitle"))?),
        articles,
        members,
        refused: strings(objects(db, iri, &term(NKG, "notMergedBecause"))?),
    })
}

/// `person:x` → the full IRI; full IRIs (and `<...>`) as they are; None for anything else.
pub fn expand(text: &str) -> Option<String> {
    let t = text.trim().trim_start_matches('<').trim_end_matches('>');
    if t.contains("://") {
        return Some(t.to_string());
    }
    let (prefix, local) = t.split_once(':')?;
    DISPLAY_PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, ns)| format!("{ns}{local}"))
}

/// The IRIs articles give a name (a person's, an organisation's or a place's) that the view
/// knows, and the entity each resolves to.
pub fn name_iris(db: &oxigraph::store::Store, name: &str) -> Result<Vec<(String, String)>, StoreError> {
    use crate::annotate::EntityType;
    use crate::rdf::iri::entity;
    let resolves = term(NKG, "resolvesTo");
    let mut out = BTreeSet::new();
    let mut candidates: Vec<String> = [EntityType::Person, EntityType::Organization, EntityType::City]
        .iter()
        .map(|&t| entity(t, name, ""))
        .collect();
    if let Some(iri) = expand(name) {
        candidates.push(iri);
    }
    for c in candidates {
        if !c.starts_with(BASE) && !c.contains("://") {
            continue;
        }
        let Ok(n) = NamedNode::new(&c) else { continue };
        for t in objects(db, n.as_str(), &resolves)? {
            if let Term::NamedNode(e) = t {
                out.insert((c.clone(), e.into_string()));
            }
        }
    }
    Ok(out.into_iter().collect())
}

/// The entities whose label or other name is `name` exactly (case and accents aside).
pub fn by_name(db: &oxigraph::store::Store, name: &str) -> Result<Vec<String>, StoreError> {
    let want = plain(name);
    Ok(named_where(db, |n| n == want)?.into_iter().collect())
}

/// The entities of the view with a label or other name that, folded, passes `keep`.
fn named_where(
    db: &oxigraph::store::Store,
    keep: impl Fn(&str) -> bool,
) -> Result<BTreeSet<String>, StoreError> {
    let mut found = BTreeSet::new();
    for p in [term(RDFS, "label"), term(SCHEMA, "alternateName")] {
        for q in db.quads_for_pattern(None, Some(p.as_ref()), None, Some(GraphNameRef::DefaultGraph)) {
            let q = q?;
            if let (NamedOrBlankNode::NamedNode(e), Term::Literal(l)) = (&q.subject, &q.object)
                && keep(&plain(l.value()))
            {
                found.insert(e.as_str().to_string());
            }
        }
    }
    Ok(found)
}
