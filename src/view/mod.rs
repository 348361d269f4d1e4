//! The merged view: the store's default graph, rebuilt from the article graphs after every
//! change, so that plain SPARQL sees each entity and each fact once.
//!
//! Reads what the article graphs say about each entity IRI and each statement, resolves the
//! entities across articles ([`crate::resolve`]), and writes:
//! - each entity once, under its main IRI: its types, one `rdfs:label`, every other name as
//!   `schema:alternateName`, its job titles with case and plural variants folded
//!   (`schema:jobTitle`), `owl:sameAs`, `nkg:country`, and `nkg:articleCount`;
//! - each article once: its type, headline and date (the rest of the article node and
//!   everything read from it stay in its graph);
//! - for every IRI the articles use, `nkg:resolvesTo` its entity; for every merge,
//!   `nkg:mergedWith` and `nkg:mergeReason`; for every merge refused, `nkg:notMergedBecause`;
//! - each fact once per status, as an `rdf:Statement` (`nkg:fact/…`) with `nkg:supportCount`
//!   (articles), `nkg:firstDate` and `nkg:lastDate` (the fact's date when an article gives a
//!   day, else the article's), and `nkg:supportedBy` each article statement; and for actual
//!   facts the plain triple.
//!
//! Every subject of the view carries `nkg:viewHash`, a hash of what the view says about it, so
//! that a rebuild rewrites only what changed. The index graph keeps, beside each article's
//! summary, a record of each entity IRI over all articles and the keys by which resolution can
//! join it to another: after a few more articles, [`update`] resolves again only the IRIs those
//! articles can affect and regroups only the facts they touch, giving the view a full
//! [`rebuild`] would give.
//!
//! The view is a function of the article graphs and the corrections alone: it does not depend
//! on the order of ingest. The article graphs are left exactly as extracted (provenance).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, Literal};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef, Term};

use crate::error::StoreError;
use crate::rdf::vocab::{BASE, INDEX_GRAPH, NKG};
use crate::resolve::{self, Corrections, Resolution, ResolveRules};

pub mod records;
pub mod summary;
mod units;
mod update;

#[cfg(test)]
mod equivalence;

use records::Record;
use summary::{Contribution, Statement};
pub use summary::{summarize, summary_quad};
use units::{Preds, Previous, Unit};
pub use update::{Updated, update};

/// What a rebuild wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewSummary {
    /// IRIs the articles use for entities.
    pub names: usize,
    pub entities: usize,
    pub merges: usize,
    pub refusals: usize,
    pub facts: usize,
    pub quads: usize,
}

fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

fn term(ns: &str, local: &str) -> NamedNode {
    node(&format!("{ns}{local}"))
}

/// The predicates of the index graph that serve the view.
struct IndexTerms {
    graph: NamedNode,
    record: NamedNode,
    key: NamedNode,
    pending: NamedNode,
    batch: NamedNode,
    state: NamedNode,
    view: NamedNode,
}

impl IndexTerms {
    fn new() -> IndexTerms {
        IndexTerms {
            graph: node(INDEX_GRAPH),
            record: term(NKG, "record"),
            key: term(NKG, "resolveKey"),
            pending: term(NKG, "pendingView"),
            batch: term(NKG, "pendingBatch"),
            state: term(NKG, "viewState"),
            view: node(&format!("{BASE}view")),
        }
    }

    fn g(&self) -> GraphNameRef<'_> {
        GraphNameRef::NamedNode(self.graph.as_ref())
    }

    fn quad(&self, s: &NamedNode, p: &NamedNode, value: &str) -> Quad {
        Quad::new(
            s.clone(),
            p.clone(),
            Literal::new_simple_literal(value),
            GraphName::NamedNode(self.graph.clone()),
        )
    }
}

/// Quads of a new view handed to the bulk loader at once. Half a million made the ingest of
/// 10,000 articles peak at 1.92 GB, a hundred thousand at 1.58 GB, for 3% more CPU time.
const VIEW_BATCH: usize = 100_000;

/// The version of the records and keys of the index graph: a store whose view was built
/// with another version is rebuilt in full at its next update.
const STATE: &str = "records-1";

/// The note that an article changed since the view was made, with the summary the view was
/// made from ("" for an article new to the view). Written with the article, in the same
/// commit; [`update`] takes it away when the view follows.
pub fn pending_quad(article: &NamedNode, old_summary: Option<&str>) -> Quad {
    let t = IndexTerms::new();
    t.quad(article, &t.pending, old_summary.unwrap_or(""))
}

/// The predicate of [`pending_quad`], for the store to keep the first note of an article.
pub fn pending_predicate() -> NamedNode {
    IndexTerms::new().pending
}

/// The note that a batch of articles new to the view was written (by the bulk loader, which
/// can add but not take away: one note for the batch keeps taking the notes away cheap).
pub fn pending_batch_quad(articles: &[&NamedNode]) -> Quad {
    let t = IndexTerms::new();
    let list: Vec<&str> = articles.iter().map(|a| a.as_str()).collect();
    let json = serde_json::to_string(&list).unwrap_or_else(|_| "[]".to_string());
    let batch = node(&format!(
        "{BASE}view/batch/{}",
        &crate::rdf::iri::digest(&json)[..24]
    ));
    t.quad(&batch, &t.batch, &json)
}

/// Each changed article with the summary the view was made from ("" when new to the view).
type Changed = Vec<(NamedNode, String)>;

/// The notes of the index graph: the changed articles, and the quads that hold the notes.
fn pending(db: &oxigraph::store::Store, t: &IndexTerms) -> Result<(Changed, Vec<Quad>), StoreError> {
    let mut articles: BTreeMap<String, String> = BTreeMap::new();
    let mut quads = Vec::new();
    for q in db.quads_for_pattern(None, Some(t.pending.as_ref()), None, Some(t.g())) {
        let q = q?;
        if let (NamedOrBlankNode::NamedNode(a), Term::Literal(l)) = (&q.subject, &q.object) {
            articles.insert(a.as_str().to_string(), l.value().to_string());
        }
        quads.push(q);
    }
    // An article of a batch was new to the view then, whatever a later note of its own says
    // (the note of a replaced article keeps the summary the batch wrote, which the view never
    // had).
    for q in db.quads_for_pattern(None, Some(t.batch.as_ref()), None, Some(t.g())) {
        let q = q?;
        if let Term::Literal(l) = &q.object {
            let list: Vec<String> = serde_json::from_str(l.value()).unwrap_or_default();
            for a in list {
                articles.insert(a, String::new());
            }
        }
        quads.push(q);
    }
    Ok((articles.into_iter().map(|(a, s)| (node(&a), s)).collect(), quads))
}

/// Job titles with case and plural variants folded: "President" and "president" are one
/// title, and "envoys" goes when "envoy" is there. The form kept has the fewest capitals.
pub fn fold_titles<'a>(titles: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut by_key: BTreeMap<String, String> = BTreeMap::new();
    for t in titles {
        let key = t.to_lowercase();
        let caps = |s: &str| s.chars().filter(|c| c.is_uppercase()).count();
        match by_key.get(&key) {
            Some(old) if (caps(old), old.as_str()) <= (caps(t), t) => {}
            _ => {
                by_key.insert(key, t.to_string());
            }
        }
    }
    let keys: BTreeSet<String> = by_key.keys().cloned().collect();
    by_key
        .into_iter()
        .filter(|(k, _)| {
            !k.strip_suffix('s')
                .is_some_and(|singular| keys.contains(singular))
        })
        .map(|(_, v)| v)
        .collect()
}

/// The summaries of the index graph, and the article graphs that have none (stores written
/// before the index existed).
fn summaries(db: &oxigraph::store::Store) -> Result<(BTreeMap<String, String>, Vec<NamedNode>), StoreError> {
    let mut found = BTreeMap::new();
    let index = node(INDEX_GRAPH);
    let summary = term(NKG, "summary");
    for q in db.quads_for_pattern(
        None,
        Some(summary.as_ref()),
        None,
        Some(GraphNameRef::NamedNode(index.as_ref())),
    ) {
        let q = q?;
        if let (NamedOrBlankNode::NamedNode(a), Term::Literal(l)) = (&q.subject, &q.object) {
            found.insert(a.as_str().to_string(), l.value().to_string());
        }
    }
    let article_prefix = format!("{BASE}article/");
    let mut missing = Vec::new();
    for g in db.named_graphs() {
        if let NamedOrBlankNode::NamedNode(g) = g?
            && g.as_str().starts_with(&article_prefix)
            && !found.contains_key(g.as_str())
        {
            missing.push(g);
        }
    }
    Ok((found, missing))
}

/// Everything the articles say that the view needs, summed over all articles.
#[derive(Default)]
struct Gathered {
    records: BTreeMap<String, Record>,
    /// Entity IRI → the articles typing it, for entities of several IRIs.
    articles_of: HashMap<String, Vec<String>>,
    keys: BTreeMap<String, BTreeSet<String>>,
    statements: Vec<(String, Statement)>,
    /// Article IRI → its headline and its date of publication.
    articles: BTreeMap<String, (Option<String>, Option<String>)>,
}

fn gather(summaries: &BTreeMap<String, String>, rules: &ResolveRules) -> Gathered {
    let mut g = Gathered::default();
    for (article, json) in summaries {
        let c: Contribution = summary::contribution(article, json);
        if c.is_article || c.headline.is_some() || c.published.is_some() {
            g.articles
                .insert(article.clone(), (c.headline.clone(), c.published.clone()));
        }
        for (iri, part) in &c.entities {
            g.records.entry(iri.clone()).or_default().apply(part, true);
            if !part.types.is_empty() {
                g.articles_of
                    .entry(iri.clone())
                    .or_default()
                    .push(article.clone());
            }
        }
        for (iri, mut st) in c.statements {
            if st.date.is_none() {
                st.date = c.published.clone();
            }
            g.statements.push((iri, st));
        }
    }
    for (iri, r) in &g.records {
        let keys = records::keys(iri, r, rules);
        if !keys.is_empty() {
            g.keys.insert(iri.clone(), keys);
        }
    }
    g
}

/// Resolves the entities of the store and makes the quads of the view, handing each unit to
/// `sink` as soon as it is made (a large view is written while it is built instead of being
/// held whole in memory). With the view being replaced (`previous`), only the units that
/// differ from it are handed over.
fn build(
    g: &Gathered,
    rules: &ResolveRules,
    corrections: &Corrections,
    mut previous: Option<&mut Previous>,
    sink: &mut dyn FnMut(Unit) -> Result<(), StoreError>,
) -> Result<(Resolution, ViewSummary), StoreError> {
    let p = Preds::new();
    let named: Vec<resolve::Named> = g.records.iter().filter_map(|(iri, r)| r.named(iri)).collect();
    let res = resolve::resolve(&named, rules, corrections);
    let canon = |iri: &str| -> String { res.of.get(iri).cloned().unwrap_or_else(|| iri.to_string()) };
    let mut quads: Vec<Quad> = Vec::new();
    let empty = Record::default();
    for e in &res.entities {
        let members: Vec<&Record> = e
            .members
            .iter()
            .map(|m| g.records.get(m).unwrap_or(&empty))
            .collect();
        let articles = if e.members.len() == 1 {
            members[0].articles as usize
        } else {
            e.members
                .iter()
                .flat_map(|m| g.articles_of.get(m).into_iter().flatten())
                .collect::<BTreeSet<_>>()
                .len()
        };
        units::entity_quads(&mut quads, e, &members, articles, &canon, &p);
    }
    let merges: Vec<_> = res.merges.iter().collect();
    let refusals: Vec<_> = res.refusals.iter().collect();
    units::merge_quads(&mut quads, &merges, &refusals, &p);
    for (a, (headline, published)) in &g.articles {
        units::article_quads(&mut quads, a, headline.as_deref(), published.as_deref(), &p);
    }

    // Facts: the article statements grouped by entity, relation, entity and status. Strings
    // are borrowed and the resolution looked up by hash: a large store has hundreds of
    // thousands of statements, and copying each of their strings took seconds.
    #[derive(Default)]
    struct Fact<'a> {
        articles: BTreeSet<&'a str>,
        dates: BTreeSet<&'a str>,
        statements: BTreeSet<&'a str>,
    }
    let of: HashMap<&str, &str> = res.of.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut facts: BTreeMap<units::FactKey<'_>, Fact<'_>> = BTreeMap::new();
    for (iri, st) in &g.statements {
        let (Some(s), Some(pr), Some(o), Some(status)) = (&st.subject, &st.predicate, &st.object, &st.status)
        else {
            continue;
        };
        let (s, o) = (s.as_str(), o.as_str());
        let key = (
            of.get(s).copied().unwrap_or(s),
            pr.as_str(),
            of.get(o).copied().unwrap_or(o),
            status.as_str(),
        );
        let f = facts.entry(key).or_default();
        f.articles.insert(st.graph.as_str());
        if let Some(d) = &st.date {
            f.dates.insert(d.as_str());
        }
        f.statements.insert(iri.as_str());
    }
    let (entity_units, mut total) = units::units(quads, previous.as_deref_mut());
    for unit in entity_units {
        sink(unit)?;
    }
    for (key, f) in &facts {
        let dates = f.dates.first().zip(f.dates.last()).map(|(a, b)| (*a, *b));
        let (unit, n) = units::fact_unit(
            *key,
            f.articles.len(),
            dates,
            f.statements.iter().copied(),
            previous.as_deref_mut(),
            &p,
        );
        total += n;
        if let Some(unit) = unit {
            sink(unit)?;
        }
    }
    let summary = ViewSummary {
        names: named.len(),
        entities: res.entities.len(),
        merges: res.merges.len(),
        refusals: res.refusals.len(),
        facts: facts.len(),
        quads: total,
    };
    Ok((res, summary))
}

/// Removes what the old view says of `owner`: a fact node's plain triple goes with it; the
/// plain triples whose subject is an entity belong to their facts, not to the entity.
fn remove_unit(
    tx: &mut oxigraph::store::Transaction<'_>,
    owner: &NamedNode,
    relations: &[NamedNode],
    p_status: &NamedNode,
    actual: &str,
) -> Result<(), StoreError> {
    let said: Vec<Quad> = tx
        .quads_for_pattern(
            Some(owner.as_ref().into()),
            None,
            None,
            Some(GraphNameRef::DefaultGraph),
        )
        .collect::<Result<_, _>>()?;
    let get = |p: NamedNodeRef<'_>| {
        said.iter()
            .find(|q| q.predicate.as_ref() == p)
            .map(|q| q.object.clone())
    };
    if let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o), Some(Term::NamedNode(st))) = (
        get(rdf::SUBJECT),
        get(rdf::PREDICATE),
        get(rdf::OBJECT),
        get(p_status.as_ref()),
    ) && st.as_str() == actual
    {
        tx.remove(QuadRef::new(
            s.as_ref(),
            p.as_ref(),
            o.as_ref(),
            GraphNameRef::DefaultGraph,
        ));
    }
    for q in &said {
        if !relations.contains(&q.predicate) {
            tx.remove(q);
        }
    }
    Ok(())
}

/// The relations whose plain triples the view writes for actual facts.
fn relations() -> Vec<NamedNode> {
    ["leads", "represents", "travelsTo", "metWith"]
        .iter()
        .map(|r| term(NKG, r))
        .collect()
}

/// The index quads of the records and keys of a gathered store.
fn index_quads(g: &Gathered, t: &IndexTerms) -> Vec<Quad> {
    let mut out = Vec::new();
    for (iri, r) in &g.records {
        out.push(t.quad(&node(iri), &t.record, &r.to_json()));
    }
    for (iri, keys) in &g.keys {
        for k in keys {
            out.push(t.quad(&node(iri), &t.key, k));
        }
    }
    out.push(t.quad(&t.view, &t.state, STATE));
    out
}

/// Rebuilds the view from the summaries of the index graph (made first for article graphs
/// that have none), with the records and keys that later updates start from. A view written
/// into an empty default graph goes through the bulk loader in one atomic commit; otherwise
/// only the difference between the old view and the new one is written, in one transaction.
pub fn rebuild(
    db: &oxigraph::store::Store,
    rules: &ResolveRules,
    corrections: &Corrections,
) -> Result<ViewSummary, StoreError> {
    let t = IndexTerms::new();
    let (mut found, missing) = summaries(db)?;
    if !missing.is_empty() {
        let mut index = Vec::new();
        for g in &missing {
            let quads: Vec<Quad> = db
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
                .collect::<Result<_, _>>()?;
            let s = summarize(g.as_str(), &quads);
            found.insert(g.as_str().to_string(), s.clone());
            index.push(summary_quad(g, s));
        }
        let mut tx = db.start_transaction()?;
        tx.extend(&index);
        tx.commit()?;
    }
    let (_, pending) = pending(db, &t)?;
    let g = gather(&found, rules);
    drop(found);
    let empty = db
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .next()
        .is_none();
    if empty {
        // Handed to the bulk loader a batch at a time: the whole view of a 10,000-article
        // store held in memory at once took 1.5 GB more than the rest of the ingest.
        let mut loader = db.bulk_loader().with_max_memory_size_in_megabytes(512);
        let mut batch: Vec<Quad> = Vec::new();
        let (_, summary) = build(&g, rules, corrections, None, &mut |unit: Unit| {
            batch.extend(unit.quads);
            if batch.len() >= VIEW_BATCH {
                loader.load_quads(batch.drain(..))?;
            }
            Ok(())
        })?;
        loader.load_quads(batch.into_iter().chain(index_quads(&g, &t)))?;
        drop(g);
        loader.commit()?;
        let mut tx = db.start_transaction()?;
        for q in &pending {
            tx.remove(q);
        }
        tx.commit()?;
        return Ok(summary);
    }
    // Only the units whose hash changed are rewritten. (Clearing the default graph of a
    // 10,000-article store in a transaction takes a minute, and decoding it all to compare
    // takes twenty seconds.)
    let hash_p = term(NKG, "viewHash");
    let mut previous = Previous::default();
    for q in db.quads_for_pattern(
        None,
        Some(hash_p.as_ref()),
        None,
        Some(GraphNameRef::DefaultGraph),
    ) {
        let q = q?;
        if let (NamedOrBlankNode::NamedNode(s), Term::Literal(l)) = (&q.subject, &q.object) {
            previous
                .hashes
                .insert(s.as_str().to_string(), l.value().to_string());
        }
    }
    let mut fresh: Vec<Unit> = Vec::new();
    let (_, summary) = build(&g, rules, corrections, Some(&mut previous), &mut |unit| {
        fresh.push(unit);
        Ok(())
    })?;
    // The index: records and keys as they are now, written where they differ.
    let mut old_index: std::collections::HashSet<Quad> = std::collections::HashSet::new();
    for p in [&t.record, &t.key, &t.state] {
        for q in db.quads_for_pattern(None, Some(p.as_ref()), None, Some(t.g())) {
            old_index.insert(q?);
        }
    }
    let new_index = index_quads(&g, &t);
    drop(g);
    let mut stale = previous.stale;
    stale.extend(previous.hashes.into_keys().map(|k| node(&k)));
    let mut tx = db.start_transaction()?;
    let (relations, p_status, actual) = (relations(), term(NKG, "status"), format!("{NKG}Actual"));
    for owner in &stale {
        remove_unit(&mut tx, owner, &relations, &p_status, &actual)?;
    }
    for u in &fresh {
        tx.extend(&u.quads);
    }
    for q in new_index {
        if !old_index.remove(&q) {
            tx.insert(&q);
        }
    }
    for q in old_index.iter().chain(&pending) {
        tx.remove(q);
    }
    tx.commit()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_fold_case_and_plurals() {
        let cases: &[(&[&str], &[&str])] = &[
            (&["President", "president"], &["president"]),
            (
                &["special envoy", "Special Envoy", "envoy", "envoys"],
                &["envoy", "special envoy"],
            ),
            (&["Secretary of State"], &["Secretary of State"]),
            (&["chiefs"], &["chiefs"]),
        ];
        for (given, want) in cases {
            assert_eq!(fold_titles(given.iter().copied()), *want, "{given:?}");
        }
    }
}
