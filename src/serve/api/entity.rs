//! `GET /api/entity?iri=`: one entity of the merged view with its names, titles, types, the
//! facts about it (status, dates, support, confidence, and the sentences they come from) and
//! the articles naming it. Bounded so that the most-named entity of a large store still
//! answers fast: a few evidence sentences per fact, the latest articles first.

use std::collections::{BTreeSet, HashMap};

use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::store::{StorageError, Store};
use rayon::prelude::*;
use serde_json::{Value, json};

use super::read::{In, about, first, iri, label_and_kind, local_lower, resolve, subjects, value};
use crate::rdf::vocab::{NIF, NKG, OWL, RDF, RDFS, SCHEMA};

/// Evidence sentences shown per fact.
pub const EVIDENCE_PER_FACT: usize = 3;
/// Facts listed at most.
pub const MAX_FACTS: usize = 200;
/// Articles listed at most (the latest).
pub const MAX_ARTICLES: usize = 100;

/// Status order on the page: what happened first, what was denied last.
pub fn status_rank(status: &str) -> usize {
    ["actual", "planned", "possible", "former", "negated"]
        .iter()
        .position(|s| *s == status)
        .unwrap_or(5)
}

/// A fact of the view about `center`, read from its statement node.
pub struct Fact {
    pub iri: NamedNode,
    /// `true` when the centre is the subject.
    pub outgoing: bool,
    pub relation: String,
    pub other: NamedNode,
    pub status: String,
    pub support: u64,
    pub first: Option<String>,
    pub last: Option<String>,
    pub supported_by: Vec<NamedNode>,
}

/// Every fact of the view whose subject or object is `center`. The facts are read in parallel:
/// each is a seek of its own, and an entity named in hundreds of articles has hundreds of facts.
pub fn facts(store: &Store, center: NamedNodeRef<'_>) -> Result<Vec<Fact>, StorageError> {
    let mut ids = Vec::new();
    for (outgoing, side) in [(true, "subject"), (false, "object")] {
        for (f, _) in subjects(store, &iri(RDF, side), center, In::View)? {
            ids.push((outgoing, f));
        }
    }
    let read: Vec<Option<Fact>> = ids
        .into_par_iter()
        .map(|(outgoing, f)| fact(store, center, outgoing, f))
        .collect::<Result<_, _>>()?;
    let mut out: Vec<Fact> = read.into_iter().flatten().collect();
    out.sort_by(|a, b| {
        (
            status_rank(&a.status),
            std::cmp::Reverse(a.support),
            &a.relation,
            a.other.as_str(),
        )
            .cmp(&(
                status_rank(&b.status),
                std::cmp::Reverse(b.support),
                &b.relation,
                b.other.as_str(),
            ))
    });
    Ok(out)
}

/// One fact of the view, read from its statement node; `None` when it names no relation.
fn fact(
    store: &Store,
    center: NamedNodeRef<'_>,
    outgoing: bool,
    f: NamedNode,
) -> Result<Option<Fact>, StorageError> {
    let other_side = if outgoing { "object" } else { "subject" };
    let mut fact = Fact {
        iri: f,
        outgoing,
        relation: String::new(),
        other: center.into_owned(),
        status: String::new(),
        support: 0,
        first: None,
        last: None,
        supported_by: Vec::new(),
    };
    for q in about(store, fact.iri.as_ref(), In::View)? {
        let p = q.predicate.as_str();
        let local = p.rsplit(['#', '/']).next().unwrap_or("");
        match (p.strip_suffix(local), local, &q.object) {
            (Some(RDF), "predicate", Term::NamedNode(n)) => fact.relation = super::read::short(n.as_str()),
            (Some(RDF), l, Term::NamedNode(n)) if l == other_side => fact.other = n.clone(),
            (Some(NKG), "status", o) => fact.status = local_lower(&value(o)),
            (Some(NKG), "supportCount", o) => fact.support = value(o).parse().unwrap_or(0),
            (Some(NKG), "firstDate", o) => fact.first = Some(value(o)),
            (Some(NKG), "lastDate", o) => fact.last = Some(value(o)),
            (Some(NKG), "supportedBy", Term::NamedNode(n)) => fact.supported_by.push(n.clone()),
            _ => {}
        }
    }
    Ok((!fact.relation.is_empty()).then_some(fact))
}

/// One article statement: its sentence, offsets, confidence, rule and article.
pub fn evidence(store: &Store, statement: NamedNodeRef<'_>) -> Result<Value, StorageError> {
    let mut e = json!({ "statement": statement.as_str() });
    for q in about(store, statement, In::Any)? {
        if let oxigraph::model::GraphName::NamedNode(g) = &q.graph_name {
            e["article"] = json!(g.as_str());
        }
        let p = q.predicate.as_str();
        let key = match p {
            _ if p == format!("{NKG}evidenceText") => "sentence",
            _ if p == format!("{NIF}beginIndex") => "begin",
            _ if p == format!("{NIF}endIndex") => "end",
            _ if p == format!("{NKG}confidence") => "confidence",
            _ if p == format!("{NKG}rule") => "rule",
            _ if p == format!("{NKG}date") => "date",
            _ if p == format!("{NKG}timeText") => "timeText",
            _ => continue,
        };
        let v = value(&q.object);
        e[key] = match key {
            "begin" | "end" => json!(v.parse::<u64>().unwrap_or(0)),
            "confidence" => json!(v.parse::<f64>().unwrap_or(0.0)),
            _ => json!(v),
        };
    }
    Ok(e)
}

/// A node as the pages show it: IRI, label, kind.
pub fn node_json(store: &Store, n: NamedNodeRef<'_>) -> Result<Value, StorageError> {
    let (label, kind) = label_and_kind(store, n, In::View)?;
    Ok(json!({ "iri": n.as_str(), "label": label, "type": kind }))
}

/// The page's JSON, or `None` when the view knows no such entity.
pub fn entity(store: &Store, asked: NamedNodeRef<'_>) -> Result<Option<Value>, StorageError> {
    let main = resolve(store, asked)?;
    let quads = about(store, main.as_ref(), In::View)?;
    if quads.is_empty() {
        return Ok(None);
    }
    let mut names = Vec::new();
    let mut titles = Vec::new();
    let mut types = Vec::new();
    let mut same_as = Vec::new();
    let mut countries = Vec::new();
    let mut article_count = 0u64;
    let mut label = None;
    for q in &quads {
        let p = q.predicate.as_str();
        let v = value(&q.object);
        match p {
            _ if p == format!("{RDFS}label") => label = Some(v),
            _ if p == format!("{SCHEMA}alternateName") => names.push(v),
            _ if p == format!("{SCHEMA}jobTitle") => titles.push(v),
            _ if p == format!("{RDF}type") => types.push(v),
            _ if p == format!("{OWL}sameAs") => same_as.push(v),
            _ if p == format!("{NKG}articleCount") => article_count = v.parse().unwrap_or(0),
            _ if p == format!("{NKG}country") => countries.push(v),
            _ => {}
        }
    }
    let kind = super::read::kind(types.iter().map(String::as_str));
    let all = facts(store, main.as_ref())?;
    let shown = &all[..all.len().min(MAX_FACTS)];
    // Each other entity once, though several facts name it (met, then planned to meet...).
    let others: BTreeSet<&NamedNode> = shown.iter().map(|f| &f.other).collect();
    let others: HashMap<&NamedNode, Value> = others
        .into_par_iter()
        .map(|n| Ok((n, node_json(store, n.as_ref())?)))
        .collect::<Result<_, StorageError>>()?;
    let fact_list = shown
        .par_iter()
        .map(|f| fact_json(store, f, &others[&f.other]))
        .collect::<Result<Vec<_>, _>>()?;
    let country_list = countries
        .iter()
        .map(|c| node_json(store, NamedNode::new_unchecked(c.as_str()).as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let (articles, total) = articles_naming(store, main.as_ref())?;
    Ok(Some(json!({
        "iri": main.as_str(),
        "asked": asked.as_str(),
        "label": label.unwrap_or_else(|| super::read::short(main.as_str())),
        "type": kind,
        "types": types,
        "names": names,
        "titles": titles,
        "sameAs": same_as,
        "countries": country_list,
        "articleCount": article_count,
        "facts": fact_list,
        "factsTotal": all.len(),
        "articles": articles,
        "articlesTotal": total,
    })))
}

/// A fact as the entity page shows it, with its first few evidence sentences.
fn fact_json(store: &Store, f: &Fact, other: &Value) -> Result<Value, StorageError> {
    let mut evidence_list = Vec::new();
    for st in f.supported_by.iter().take(EVIDENCE_PER_FACT) {
        evidence_list.push(evidence(store, st.as_ref())?);
    }
    Ok(json!({
        "fact": f.iri.as_str(),
        "relation": f.relation,
        "outgoing": f.outgoing,
        "other": other,
        "status": f.status,
        "support": f.support,
        "first": f.first,
        "last": f.last,
        "statements": f.supported_by.len(),
        "evidence": evidence_list,
    }))
}

/// The articles whose graphs mention the entity under any of its names, latest first (at
/// most [`MAX_ARTICLES`]), and how many there are.
pub fn articles_naming(store: &Store, main: NamedNodeRef<'_>) -> Result<(Vec<Value>, usize), StorageError> {
    let mut names: BTreeSet<NamedNode> = subjects(store, &iri(NKG, "resolvesTo"), main, In::View)?
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    names.insert(main.into_owned());
    let mentions = iri(SCHEMA, "mentions");
    let mut articles: BTreeSet<NamedNode> = BTreeSet::new();
    for n in &names {
        for (a, g) in subjects(store, &mentions, n.as_ref(), In::Any)? {
            if g.as_ref() == Some(&a) {
                articles.insert(a);
            }
        }
    }
    let date = iri(SCHEMA, "datePublished");
    let mut dated = articles
        .par_iter()
        .map(|a| Ok((first(store, a.as_ref(), &date, In::View)?, a)))
        .collect::<Result<Vec<_>, StorageError>>()?;
    dated.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| x.1.cmp(y.1)));
    let headline = iri(SCHEMA, "headline");
    let mut out = Vec::new();
    for (d, a) in dated.iter().take(MAX_ARTICLES) {
        out.push(json!({
            "iri": a.as_str(),
            "date": d,
            "headline": first(store, a.as_ref(), &headline, In::View)?,
        }));
    }
    Ok((out, articles.len()))
}
