//! Following a few changed articles without rebuilding the whole view.
//!
//! Resolution joins two IRIs only through what they share (a family name, a folded name, the
//! initials of an organisation, a correction), so the IRIs whose entity can change are those an
//! article names and every IRI they share a key with, directly or through others. Those are
//! resolved again, alone: the rules give them the entities a resolution of the whole store
//! would. A fact changes only when one of its statements comes, goes, or names an IRI whose
//! entity changed; those facts are regrouped from the statements the old view lists for them.
//! When a place changes entity (a country every entity's `nkg:country` may point to), or too
//! many articles changed, the view is rebuilt in full instead.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;

use super::records::{self, Record};
use super::summary::{self, Contribution};
use super::units::{self, FactKey, Preds, Previous, Unit};
use super::{IndexTerms, STATE, ViewSummary, node, rebuild, relations, remove_unit, term};
use crate::error::StoreError;
use crate::rdf::vocab::{NKG, SCHEMA};
use crate::resolve::{Correction, Corrections, Kind, ResolveRules};

/// Past this many changed articles, one full rebuild costs less than following each.
const MAX_PENDING: usize = 500;

/// What an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Updated {
    /// Nothing had changed.
    Nothing,
    /// The changed articles were followed: `iris` were resolved again, `facts` regrouped.
    Followed {
        articles: usize,
        iris: usize,
        facts: usize,
    },
    /// The view was rebuilt in full.
    Rebuilt(ViewSummary),
}

/// Brings the view up to date with the articles changed since it was made (noted in the index
/// graph by the store as they were written): incrementally when it can, else by a full
/// [`rebuild`]. Either way the view is the one a full rebuild gives.
pub fn update(db: &Store, rules: &ResolveRules, corrections: &Corrections) -> Result<Updated, StoreError> {
    let t = IndexTerms::new();
    let state_ok = match db
        .quads_for_pattern(
            Some(t.view.as_ref().into()),
            Some(t.state.as_ref()),
            None,
            Some(t.g()),
        )
        .next()
    {
        Some(q) => matches!(&q?.object, Term::Literal(l) if l.value() == STATE),
        None => false,
    };
    let (pending, markers) = super::pending(db, &t)?;
    if pending.is_empty() && state_ok {
        return Ok(Updated::Nothing);
    }
    let view_empty = db
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .next()
        .is_none();
    if state_ok
        && !view_empty
        && pending.len() <= MAX_PENDING
        && let Some(done) = follow(db, rules, corrections, &pending, &markers, &t)?
    {
        return Ok(done);
    }
    Ok(Updated::Rebuilt(rebuild(db, rules, corrections)?))
}

/// The object of the first quad matching that is a literal (`iri` false) or an IRI (`iri`
/// true), as a string.
fn first(
    db: &Store,
    s: &NamedNode,
    p: &NamedNode,
    g: GraphNameRef<'_>,
    iri: bool,
) -> Result<Option<String>, StoreError> {
    for q in db.quads_for_pattern(Some(s.as_ref().into()), Some(p.as_ref()), None, Some(g)) {
        match q?.object {
            Term::Literal(l) if !iri => return Ok(Some(l.value().to_string())),
            Term::NamedNode(n) if iri => return Ok(Some(n.as_str().to_string())),
            _ => {}
        }
    }
    Ok(None)
}

/// A literal object of the first quad matching.
fn literal(
    db: &Store,
    s: &NamedNode,
    p: &NamedNode,
    g: GraphNameRef<'_>,
) -> Result<Option<String>, StoreError> {
    first(db, s, p, g, false)
}

/// The IRI object of the first quad matching.
fn object_iri(
    db: &Store,
    s: &NamedNode,
    p: &NamedNode,
    g: GraphNameRef<'_>,
) -> Result<Option<String>, StoreError> {
    first(db, s, p, g, true)
}

/// A statement's subject, relation, object and status, as IRIs.
type Key = (String, String, String, String);

/// What a fact needs of one statement.
#[derive(Clone)]
struct Said {
    graph: String,
    key: Key,
    date: Option<String>,
}

/// Reads a statement from its article graph: its members (not yet resolved) and its date
/// (the article's when it gives no day). None when it is not a whole statement.
fn read_statement(
    db: &Store,
    iri: &str,
    published: &mut HashMap<String, Option<String>>,
) -> Result<Option<Said>, StoreError> {
    let graph = iri.split('#').next().unwrap_or(iri).to_string();
    let g = node(&graph);
    let (mut s, mut p, mut o, mut st, mut date) = (None, None, None, None, None);
    let (p_status, p_date) = (term(NKG, "status"), term(NKG, "date"));
    for q in db.quads_for_pattern(
        Some(node(iri).as_ref().into()),
        None,
        None,
        Some(GraphNameRef::NamedNode(g.as_ref())),
    ) {
        let q = q?;
        let iri_of = |t: &Term| match t {
            Term::NamedNode(n) => Some(n.as_str().to_string()),
            _ => None,
        };
        if q.predicate == rdf::SUBJECT {
            s = iri_of(&q.object);
        } else if q.predicate == rdf::PREDICATE {
            p = iri_of(&q.object);
        } else if q.predicate == rdf::OBJECT {
            o = iri_of(&q.object);
        } else if q.predicate == p_status {
            st = iri_of(&q.object);
        } else if q.predicate == p_date
            && let Term::Literal(l) = &q.object
            && l.datatype() == oxigraph::model::vocab::xsd::DATE
        {
            date = Some(l.value().to_string());
        }
    }
    let (Some(s), Some(p), Some(o), Some(st)) = (s, p, o, st) else {
        return Ok(None);
    };
    if date.is_none() {
        if !published.contains_key(&graph) {
            let d = literal(
                db,
                &g,
                &term(SCHEMA, "datePublished"),
                GraphNameRef::NamedNode(g.as_ref()),
            )?;
            published.insert(graph.clone(), d);
        }
        date = published[&graph].clone();
    }
    Ok(Some(Said {
        graph,
        key: (s, p, o, st),
        date,
    }))
}

/// Follows the changed articles; None when a full rebuild is needed instead.
fn follow(
    db: &Store,
    rules: &ResolveRules,
    corrections: &Corrections,
    pending: &[(NamedNode, String)],
    markers: &[Quad],
    t: &IndexTerms,
) -> Result<Option<Updated>, StoreError> {
    let p = Preds::new();
    let view = GraphNameRef::DefaultGraph;
    let p_summary = term(NKG, "summary");
    let p_resolves = term(NKG, "resolvesTo");
    let p_hash = term(NKG, "viewHash");

    // What each changed article said when the view was made, and says now.
    let mut olds: Vec<Contribution> = Vec::new();
    let mut news: Vec<Contribution> = Vec::new();
    for (a, old) in pending {
        if !old.is_empty() {
            olds.push(summary::contribution(a.as_str(), old));
        }
        if let Some(now) = literal(db, a, &p_summary, t.g())? {
            news.push(summary::contribution(a.as_str(), &now));
        }
    }
    let changed_articles: HashSet<&str> = pending.iter().map(|(a, _)| a.as_str()).collect();

    // The records of the IRIs the articles name, brought up to date.
    let mut recs: BTreeMap<String, Record> = BTreeMap::new();
    let load = |iri: &str| -> Result<Record, StoreError> {
        Ok(literal(db, &node(iri), &t.record, t.g())?
            .map(|j| Record::from_json(&j))
            .unwrap_or_default())
    };
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for c in olds.iter().chain(&news) {
        touched.extend(c.entities.keys().cloned());
    }
    for iri in &touched {
        recs.insert(iri.clone(), load(iri)?);
    }
    for c in &olds {
        for (iri, part) in &c.entities {
            recs.get_mut(iri).expect("loaded").apply(part, false);
        }
    }
    for c in &news {
        for (iri, part) in &c.entities {
            recs.get_mut(iri).expect("loaded").apply(part, true);
        }
    }
    // The keys of the touched IRIs as they are now; their old keys are read from the index
    // below, so that IRIs a key no longer links are resolved again too.
    let mut new_keys: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut holders: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (iri, r) in &recs {
        let keys = records::keys(iri, r, rules);
        for k in &keys {
            holders.entry(k.clone()).or_default().insert(iri.clone());
        }
        new_keys.insert(iri.clone(), keys);
    }

    // The IRIs whose entity can change: the touched ones, and all those they share a key, a
    // correction or an entity with.
    let mut partners: HashMap<&str, Vec<&str>> = HashMap::new();
    for c in &corrections.lines {
        if let Correction::Merge(a, b) = c {
            partners.entry(a).or_default().push(b);
            partners.entry(b).or_default().push(a);
        }
    }
    let mut old_canon: HashMap<String, String> = HashMap::new();
    let mut component: BTreeSet<String> = touched.clone();
    let mut queue: Vec<String> = touched.iter().cloned().collect();
    let mut keys_seen: HashSet<String> = HashSet::new();
    let mut entities_seen: HashSet<String> = HashSet::new();
    while let Some(x) = queue.pop() {
        let xn = node(&x);
        let mut next: Vec<String> = Vec::new();
        let mut keys: BTreeSet<String> = new_keys.get(&x).cloned().unwrap_or_default();
        for q in db.quads_for_pattern(Some(xn.as_ref().into()), Some(t.key.as_ref()), None, Some(t.g())) {
            if let Term::Literal(l) = q?.object {
                keys.insert(l.value().to_string());
            }
        }
        for k in keys {
            if !keys_seen.insert(k.clone()) {
                continue;
            }
            next.extend(holders.get(&k).into_iter().flatten().cloned());
            let lit = oxigraph::model::Literal::new_simple_literal(&k);
            for q in db.quads_for_pattern(None, Some(t.key.as_ref()), Some(lit.as_ref().into()), Some(t.g()))
            {
                if let NamedOrBlankNode::NamedNode(y) = q?.subject {
                    next.push(y.as_str().to_string());
                }
            }
        }
        next.extend(
            partners
                .get(x.as_str())
                .into_iter()
                .flatten()
                .map(|s| s.to_string()),
        );
        // The members of its entity in the old view.
        let canon = object_iri(db, &xn, &p_resolves, view)?.unwrap_or_else(|| x.clone());
        if entities_seen.insert(canon.clone()) {
            for q in db.quads_for_pattern(
                None,
                Some(p_resolves.as_ref()),
                Some(node(&canon).as_ref().into()),
                Some(view),
            ) {
                if let NamedOrBlankNode::NamedNode(y) = q?.subject {
                    next.push(y.as_str().to_string());
                }
            }
        }
        old_canon.insert(x.clone(), canon);
        for y in next {
            if component.insert(y.clone()) {
                queue.push(y);
            }
        }
    }

    // Resolved again, alone.
    for iri in &component {
        if !recs.contains_key(iri) {
            recs.insert(iri.clone(), load(iri)?);
        }
    }
    let named: Vec<_> = component.iter().filter_map(|i| recs[i].named(i)).collect();
    let res = crate::resolve::resolve(&named, rules, corrections);
    let new_canon = |x: &str| res.of.get(x).cloned().unwrap_or_else(|| x.to_string());
    let changed: Vec<&String> = component
        .iter()
        .filter(|x| old_canon[*x] != new_canon(x))
        .collect();
    if changed
        .iter()
        .any(|x| x.contains("/id/place/") || recs[*x].named(x).is_some_and(|n| n.kind == Kind::Place))
    {
        return Ok(None);
    }

    // Canonical IRIs of IRIs outside the component are those of the old view.
    let mut outside: HashMap<String, String> = HashMap::new();
    let mut canon_now = |x: &str| -> Result<String, StoreError> {
        if component.contains(x) {
            return Ok(new_canon(x));
        }
        if let Some(c) = outside.get(x) {
            return Ok(c.clone());
        }
        let c = object_iri(db, &node(x), &p_resolves, view)?.unwrap_or_else(|| x.to_string());
        outside.insert(x.to_string(), c.clone());
        Ok(c)
    };

    // The entities of the component.
    let mut quads: Vec<Quad> = Vec::new();
    let empty = Record::default();
    for e in &res.entities {
        let members: Vec<&Record> = e.members.iter().map(|m| recs.get(m).unwrap_or(&empty)).collect();
        let articles = if e.members.len() == 1 {
            members[0].articles as usize
        } else {
            articles_typing(db, &e.members, t)?
        };
        let countries: BTreeSet<String> = members.iter().flat_map(|r| r.countries.keys().cloned()).collect();
        let mut canon_of: HashMap<String, String> = HashMap::new();
        for c in countries {
            let to = canon_now(&c)?;
            canon_of.insert(c, to);
        }
        let canon = |x: &str| canon_of.get(x).cloned().unwrap_or_else(|| x.to_string());
        units::entity_quads(&mut quads, e, &members, articles, &canon, &p);
    }
    let merges: Vec<_> = res.merges.iter().collect();
    let refusals: Vec<_> = res.refusals.iter().collect();
    units::merge_quads(&mut quads, &merges, &refusals, &p);
    let mut owners: Vec<NamedNode> = component.iter().map(|x| node(x)).collect();
    for c in &news {
        if c.is_article || c.headline.is_some() || c.published.is_some() {
            units::article_quads(
                &mut quads,
                &c.article,
                c.headline.as_deref(),
                c.published.as_deref(),
                &p,
            );
        }
    }
    owners.extend(pending.iter().map(|(a, _)| a.clone()));
    let mut previous = Previous::default();
    for o in &owners {
        if let Some(h) = literal(db, o, &p_hash, view)? {
            previous.hashes.insert(o.as_str().to_string(), h);
        }
    }
    let (mut fresh, _) = units::units(quads, Some(&mut previous));

    // The statements whose fact changes: those of the changed articles, and those of other
    // articles that name an IRI whose entity changed.
    let mut published: HashMap<String, Option<String>> = HashMap::new();
    let mut moved: BTreeMap<String, Said> = BTreeMap::new();
    for x in &changed {
        let xn = node(x);
        for p_end in [rdf::SUBJECT, rdf::OBJECT] {
            let found: Vec<Quad> = db
                .quads_for_pattern(None, Some(p_end), Some(xn.as_ref().into()), None)
                .collect::<Result<_, _>>()?;
            for q in found {
                let (NamedOrBlankNode::NamedNode(st), oxigraph::model::GraphName::NamedNode(g)) =
                    (&q.subject, &q.graph_name)
                else {
                    continue;
                };
                if g.as_str() == t.graph.as_str()
                    || changed_articles.contains(g.as_str())
                    || moved.contains_key(st.as_str())
                {
                    continue;
                }
                if let Some(said) = read_statement(db, st.as_str(), &mut published)? {
                    moved.insert(st.as_str().to_string(), said);
                }
            }
        }
    }
    // Each statement's fact in the old view and in the new one.
    // (Outside the component, the old entity is the one that stays.)
    let mut old_of = |k: &Key| -> Result<Key, StoreError> {
        let mut end = |x: &str| match old_canon.get(x) {
            Some(c) => Ok(c.clone()),
            None => canon_now(x),
        };
        Ok((end(&k.0)?, k.1.clone(), end(&k.2)?, k.3.clone()))
    };
    let mut keys: BTreeSet<Key> = BTreeSet::new();
    for said in moved.values() {
        keys.insert(old_of(&said.key)?);
    }
    for st in olds.iter().flat_map(|c| c.statements.values()) {
        if let Some(k) = st.key() {
            keys.insert(old_of(&k)?);
        }
    }
    let mut incoming: BTreeMap<Key, Vec<(String, Said)>> = BTreeMap::new();
    for (iri, said) in &moved {
        let k = &said.key;
        let key = (canon_now(&k.0)?, k.1.clone(), canon_now(&k.2)?, k.3.clone());
        incoming.entry(key).or_default().push((iri.clone(), said.clone()));
    }
    for c in &news {
        for (iri, st) in &c.statements {
            if let Some(k) = st.key() {
                let key = (canon_now(&k.0)?, k.1.clone(), canon_now(&k.2)?, k.3.clone());
                let said = Said {
                    graph: c.article.clone(),
                    key: k,
                    date: st.date.clone().or_else(|| c.published.clone()),
                };
                incoming.entry(key).or_default().push((iri.clone(), said));
            }
        }
    }
    keys.extend(incoming.keys().cloned());
    let gone =
        |st: &str| moved.contains_key(st) || changed_articles.contains(st.split('#').next().unwrap_or(st));

    // The facts regrouped.
    let p_supported = term(NKG, "supportedBy");
    for key in &keys {
        let k: FactKey<'_> = (&key.0, &key.1, &key.2, &key.3);
        let fact = node(&units::fact_iri(k));
        if let Some(h) = literal(db, &fact, &p_hash, view)? {
            previous.hashes.insert(fact.as_str().to_string(), h);
        }
        let mut support: BTreeMap<String, Said> = BTreeMap::new();
        for q in db.quads_for_pattern(
            Some(fact.as_ref().into()),
            Some(p_supported.as_ref()),
            None,
            Some(view),
        ) {
            if let Term::NamedNode(st) = q?.object
                && !gone(st.as_str())
                && let Some(said) = read_statement(db, st.as_str(), &mut published)?
            {
                support.insert(st.as_str().to_string(), said);
            }
        }
        for (iri, said) in incoming.get(key).into_iter().flatten() {
            support.insert(iri.clone(), said.clone());
        }
        if support.is_empty() {
            continue; // left in `previous`: the old fact goes
        }
        let articles: BTreeSet<&str> = support.values().map(|s| s.graph.as_str()).collect();
        let dates: BTreeSet<&str> = support.values().filter_map(|s| s.date.as_deref()).collect();
        let dates = dates.first().zip(dates.last()).map(|(a, b)| (*a, *b));
        let (unit, _) = units::fact_unit(
            k,
            articles.len(),
            dates,
            support.keys().map(String::as_str),
            Some(&mut previous),
            &p,
        );
        fresh.extend(unit);
    }

    // One transaction: the view, the records and keys, and the notes taken away.
    let mut stale = std::mem::take(&mut previous.stale);
    stale.extend(previous.hashes.into_keys().map(|k| node(&k)));
    write(db, t, &stale, &fresh, &recs, &new_keys, markers)?;
    Ok(Some(Updated::Followed {
        articles: pending.len(),
        iris: component.len(),
        facts: keys.len(),
    }))
}

fn write(
    db: &Store,
    t: &IndexTerms,
    stale: &[NamedNode],
    fresh: &[Unit],
    records: &BTreeMap<String, Record>,
    keys: &BTreeMap<String, BTreeSet<String>>,
    markers: &[Quad],
) -> Result<(), StoreError> {
    // The records and keys of the IRIs the changed articles name (`keys` has exactly those);
    // the others of `records` were only read.
    let mut tx = db.start_transaction()?;
    let (relations, p_status, actual) = (relations(), term(NKG, "status"), format!("{NKG}Actual"));
    for owner in stale {
        remove_unit(&mut tx, owner, &relations, &p_status, &actual)?;
    }
    for u in fresh {
        tx.extend(&u.quads);
    }
    for (iri, r) in records.iter().filter(|(iri, _)| keys.contains_key(*iri)) {
        let n = node(iri);
        let old: Vec<Quad> = tx
            .quads_for_pattern(
                Some(n.as_ref().into()),
                Some(t.record.as_ref()),
                None,
                Some(t.g()),
            )
            .collect::<Result<_, _>>()?;
        for q in &old {
            tx.remove(q);
        }
        if !r.is_empty() {
            tx.insert(&t.quad(&n, &t.record, &r.to_json()));
        }
    }
    for (iri, ks) in keys {
        let n = node(iri);
        let old: Vec<Quad> = tx
            .quads_for_pattern(Some(n.as_ref().into()), Some(t.key.as_ref()), None, Some(t.g()))
            .collect::<Result<_, _>>()?;
        for q in &old {
            tx.remove(q);
        }
        for k in ks {
            tx.insert(&t.quad(&n, &t.key, k));
        }
    }
    for q in markers {
        tx.remove(q);
    }
    tx.commit()?;
    Ok(())
}

/// The number of articles typing any of the IRIs.
fn articles_typing(db: &Store, iris: &[String], t: &IndexTerms) -> Result<usize, StoreError> {
    let mut articles: BTreeSet<String> = BTreeSet::new();
    for iri in iris {
        for q in db.quads_for_pattern(Some(node(iri).as_ref().into()), Some(rdf::TYPE), None, None) {
            if let oxigraph::model::GraphName::NamedNode(g) = q?.graph_name
                && g.as_str() != t.graph.as_str()
            {
                articles.insert(g.as_str().to_string());
            }
        }
    }
    Ok(articles.len())
}
