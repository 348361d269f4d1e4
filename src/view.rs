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
//! that a rebuild rewrites only what changed.
//!
//! The view is a function of the article graphs and the corrections alone: it does not depend
//! on the order of ingest. The article graphs are left exactly as extracted (provenance).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
    Term,
};

use crate::error::StoreError;
use crate::rdf::iri::digest;
use crate::rdf::vocab::{BASE, INDEX_GRAPH, NKG, OWL, RDF, RDFS, SCHEMA};
use crate::resolve::{self, Corrections, Kind, Named, Resolution, ResolveRules};

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

/// One statement of an article.
#[derive(Default)]
struct Statement {
    graph: String,
    subject: Option<String>,
    predicate: Option<String>,
    object: Option<String>,
    status: Option<String>,
    date: Option<String>,
}

/// Everything the article graphs say, gathered by predicate.
#[derive(Default)]
struct Gathered {
    records: BTreeMap<String, Record>,
    statements: HashMap<String, Statement>,
    /// Article IRI → its headline and its date of publication, when given.
    articles: BTreeMap<String, (Option<String>, Option<String>)>,
    published: HashMap<String, String>,
}

#[derive(Default)]
struct Record {
    types: BTreeSet<String>,
    /// Label → articles giving it.
    labels: BTreeMap<String, BTreeSet<String>>,
    alternates: BTreeSet<String>,
    titles: BTreeSet<String>,
    same_as: BTreeSet<String>,
    countries: BTreeSet<String>,
    articles: BTreeSet<String>,
}

fn is_entity(iri: &str) -> bool {
    iri.strip_prefix(BASE).is_some_and(|r| r.starts_with("id/"))
}

fn kind(types: &BTreeSet<String>) -> Kind {
    let has = |local: &str| types.contains(&format!("{SCHEMA}{local}"));
    if types.contains(&format!("{NKG}Delegation")) {
        Kind::Other
    } else if has("Person") {
        Kind::Person
    } else if has("Organization") {
        Kind::Organization
    } else if ["Country", "City", "State", "Continent", "Place"]
        .iter()
        .any(|t| has(t))
    {
        Kind::Place
    } else {
        Kind::Other
    }
}

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
/// as `[code, subject, object]` in JSON, IRIs shortened. Kept in the index graph beside the
/// article (written in the same commit), so that a rebuild reads one value per article instead
/// of decoding every quad of the store.
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

/// Adds one row of a summary to what is gathered.
fn absorb(g: &mut Gathered, code: usize, s: &str, graph: &str, o: String) {
    match code {
        0 if s == graph && o == format!("{SCHEMA}NewsArticle") => {
            g.articles.entry(s.to_string()).or_default();
        }
        12 => {
            if s == graph {
                g.articles.entry(s.to_string()).or_default().0 = Some(o);
            }
        }
        0..=5 => {
            if !is_entity(s) {
                return;
            }
            let r = g.records.entry(s.to_string()).or_default();
            match code {
                0 => {
                    r.types.insert(o);
                    r.articles.insert(graph.to_string());
                }
                1 => {
                    r.labels.entry(o).or_default().insert(graph.to_string());
                }
                2 => {
                    r.alternates.insert(o);
                }
                3 => {
                    r.titles.insert(o);
                }
                4 => {
                    r.same_as.insert(o);
                }
                _ => {
                    r.countries.insert(o);
                }
            }
        }
        6 => {
            if s == graph {
                g.articles.entry(s.to_string()).or_default().1 = Some(o.clone());
            }
            g.published.insert(graph.to_string(), o);
        }
        _ => {
            // Statements: only the article's own (`<article>#rel-N`).
            if !s.starts_with(graph) {
                return;
            }
            let st = g.statements.entry(s.to_string()).or_insert_with(|| Statement {
                graph: graph.to_string(),
                ..Statement::default()
            });
            match code {
                7 => st.subject = Some(o),
                8 => st.predicate = Some(o),
                9 => st.object = Some(o),
                10 => st.status = Some(o),
                _ => st.date = Some(o),
            }
        }
    }
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

/// Reads what the view needs from the summaries of the index graph.
fn gather(summaries: &BTreeMap<String, String>) -> Gathered {
    let mut g = Gathered::default();
    for (article, json) in summaries {
        let rows: Vec<(usize, String, String)> = serde_json::from_str(json).unwrap_or_default();
        for (code, s, o) in rows {
            let s = lengthen(&s, article);
            let o = if object_is_iri(code) {
                lengthen(&o, article)
            } else {
                o
            };
            absorb(&mut g, code, &s, article, o);
        }
    }
    g
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

/// The view a rebuild replaces: the `nkg:viewHash` of each of its subjects. Units whose hash
/// is unchanged are neither kept in memory nor written again.
#[derive(Debug, Default)]
pub struct Previous {
    /// Subject IRI → hash, for the subjects not yet met by the rebuild.
    pub hashes: HashMap<String, String>,
    /// Subjects met with another hash: what the old view says about them goes.
    pub stale: Vec<NamedNode>,
}

impl Previous {
    /// Whether a unit must be written: false when the old view has it with the same hash.
    /// Either way the subject is taken out of `hashes`, so that what remains there at the end
    /// is no longer in the view.
    fn changed(&mut self, owner: &str, hash: &str) -> bool {
        match self.hashes.remove(owner) {
            Some(h) if h == hash => false,
            Some(_) => {
                self.stale.push(node(owner));
                true
            }
            None => true,
        }
    }
}

/// The hash of a unit's quads, in their order. FxHasher has a fixed seed: the same unit gives
/// the same hash in every process. A quad and its borrowed form hash alike (both derive
/// `Hash` over the same fields), so a unit can be hashed before any quad of it is allocated.
fn unit_hash<Q: std::hash::Hash>(quads: &[Q]) -> String {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for q in quads {
        q.hash(&mut h);
    }
    // Twelve hex digits: short enough for Oxigraph to keep inline, without a lookup.
    format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
}

/// The quad that closes a unit with its hash.
fn hash_quad(owner: &NamedNode, hash: String) -> Quad {
    Quad::new(
        owner.clone(),
        term(NKG, "viewHash"),
        Literal::new_simple_literal(hash),
        GraphName::DefaultGraph,
    )
}

/// Resolves the entities of the store and the quads of the view, without writing them. With
/// the view being replaced (`previous`), only the units that differ from it are returned.
pub fn build(
    summaries: &BTreeMap<String, String>,
    rules: &ResolveRules,
    corrections: &Corrections,
    mut previous: Option<&mut Previous>,
) -> (Resolution, Vec<Unit>, ViewSummary) {
    let g = gather(summaries);
    // The predicates, made once: a format! per quad costs seconds on a large store.
    let p_alternate_name = term(SCHEMA, "alternateName");
    let p_article_count = term(NKG, "articleCount");
    let p_country = term(NKG, "country");
    let p_date_published = term(SCHEMA, "datePublished");
    let p_first_date = term(NKG, "firstDate");
    let p_headline = term(SCHEMA, "headline");
    let p_job_title = term(SCHEMA, "jobTitle");
    let p_label = term(RDFS, "label");
    let p_last_date = term(NKG, "lastDate");
    let p_merge_reason = term(NKG, "mergeReason");
    let p_merged_with = term(NKG, "mergedWith");
    let p_news_article = term(SCHEMA, "NewsArticle");
    let p_not_merged_because = term(NKG, "notMergedBecause");
    let p_resolves_to = term(NKG, "resolvesTo");
    let p_same_as = term(OWL, "sameAs");
    let p_status = term(NKG, "status");
    let p_support_count = term(NKG, "supportCount");
    let p_supported_by = term(NKG, "supportedBy");

    // Countries people represent, from actual `represents` statements, help tell namesakes
    // apart.
    let country_type = format!("{SCHEMA}Country");
    let represents = format!("{NKG}represents");
    let actual = format!("{NKG}Actual");
    let mut represented: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for st in g.statements.values() {
        if let (Some(s), Some(p), Some(o), Some(status)) =
            (&st.subject, &st.predicate, &st.object, &st.status)
            && *p == represents
            && *status == actual
            && g.records.get(o).is_some_and(|r| r.types.contains(&country_type))
        {
            represented.entry(s.as_str()).or_default().insert(o.clone());
        }
    }
    let named: Vec<Named> = g
        .records
        .iter()
        .filter(|(_, r)| !r.types.is_empty())
        .map(|(iri, r)| Named {
            iri: iri.clone(),
            kind: kind(&r.types),
            types: r.types.clone(),
            labels: r.labels.iter().map(|(l, a)| (l.clone(), a.len())).collect(),
            alternates: r.alternates.clone(),
            titles: r.titles.clone(),
            countries: r
                .countries
                .iter()
                .cloned()
                .chain(represented.get(iri.as_str()).into_iter().flatten().cloned())
                .collect(),
            articles: r.articles.len(),
        })
        .collect();
    let res = resolve::resolve(&named, rules, corrections);
    let canon = |iri: &str| -> String { res.of.get(iri).cloned().unwrap_or_else(|| iri.to_string()) };

    let mut quads: Vec<Quad> = Vec::new();
    let mut add = |s: &NamedNode, p: NamedNode, o: Term| {
        quads.push(Quad::new(s.clone(), p, o, GraphName::DefaultGraph));
    };
    let text = |v: &str| Term::Literal(Literal::new_simple_literal(v));
    let count = |n: usize| Term::Literal(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
    for e in &res.entities {
        let c = node(&e.iri);
        let members: Vec<&Record> = e.members.iter().filter_map(|m| g.records.get(m)).collect();
        let union = |f: &dyn Fn(&Record) -> Vec<String>| -> BTreeSet<String> {
            members.iter().flat_map(|r| f(r)).collect()
        };
        for t in union(&|r| r.types.iter().cloned().collect()) {
            add(&c, rdf::TYPE.into_owned(), node(&t).into());
        }
        add(&c, p_label.clone(), text(&e.label));
        let mut names = union(&|r| r.labels.keys().chain(r.alternates.iter()).cloned().collect());
        names.remove(&e.label);
        for n in &names {
            add(&c, p_alternate_name.clone(), text(n));
        }
        let titles = union(&|r| r.titles.iter().cloned().collect());
        for t in fold_titles(titles.iter().map(String::as_str)) {
            add(&c, p_job_title.clone(), text(&t));
        }
        for s in union(&|r| r.same_as.iter().cloned().collect()) {
            add(&c, p_same_as.clone(), node(&s).into());
        }
        let countries: BTreeSet<String> = union(&|r| r.countries.iter().cloned().collect())
            .iter()
            .map(|x| canon(x))
            .collect();
        for x in countries {
            add(&c, p_country.clone(), node(&x).into());
        }
        let articles = union(&|r| r.articles.iter().cloned().collect());
        add(&c, p_article_count.clone(), count(articles.len()));
        for m in &e.members {
            add(&node(m), p_resolves_to.clone(), c.clone().into());
        }
    }
    for m in &res.merges {
        let (a, b) = (node(&m.a), node(&m.b));
        add(&b, p_merged_with.clone(), a.clone().into());
        add(&b, p_merge_reason.clone(), text(&m.reason));
    }
    for r in &res.refusals {
        add(&node(&r.iri), p_not_merged_because.clone(), text(&r.reason));
    }

    // The articles, so that plain queries can count and list them.
    for (a, (headline, published)) in &g.articles {
        let n = node(a);
        add(&n, rdf::TYPE.into_owned(), p_news_article.clone().into());
        if let Some(h) = headline {
            add(&n, p_headline.clone(), text(h));
        }
        if let Some(d) = published {
            add(
                &n,
                p_date_published.clone(),
                Term::Literal(Literal::new_typed_literal(d, xsd::DATE)),
            );
        }
    }

    // Facts: the article statements grouped by entity, relation, entity and status. Strings
    // are borrowed and the resolution looked up by hash: a large store has hundreds of
    // thousands of statements, and copying each of their strings took seconds.
    struct Fact<'a> {
        articles: BTreeSet<&'a str>,
        dates: BTreeSet<&'a str>,
        statements: BTreeSet<&'a str>,
    }
    let of: HashMap<&str, &str> = res.of.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut facts: BTreeMap<(&str, &str, &str, &str), Fact<'_>> = BTreeMap::new();
    for (iri, st) in &g.statements {
        let (Some(s), Some(p), Some(o), Some(status)) = (&st.subject, &st.predicate, &st.object, &st.status)
        else {
            continue;
        };
        let (s, o) = (s.as_str(), o.as_str());
        let key = (
            of.get(s).copied().unwrap_or(s),
            p.as_str(),
            of.get(o).copied().unwrap_or(o),
            status.as_str(),
        );
        let f = facts.entry(key).or_insert_with(|| Fact {
            articles: BTreeSet::new(),
            dates: BTreeSet::new(),
            statements: BTreeSet::new(),
        });
        f.articles.insert(st.graph.as_str());
        if let Some(d) = st.date.as_ref().or_else(|| g.published.get(&st.graph)) {
            f.dates.insert(d.as_str());
        }
        f.statements.insert(iri.as_str());
    }
    // Each fact is a unit of its own (its node, then its plain triple), made from borrowed
    // quads: after one more article almost every fact hashes as before, and is then never
    // allocated.
    let (mut units, mut total) = units(quads, previous.as_deref_mut());
    let default = GraphNameRef::DefaultGraph;
    for ((s, p, o, status), f) in &facts {
        let key = format!("{s} {p} {o} {status}");
        let iri = format!("{BASE}fact/{}", &digest(&key)[..24]);
        let n = NamedNodeRef::new_unchecked(&iri);
        let (sn, pn, on) = (
            NamedNodeRef::new_unchecked(s),
            NamedNodeRef::new_unchecked(p),
            NamedNodeRef::new_unchecked(o),
        );
        let support = f.articles.len().to_string();
        let mut said: Vec<QuadRef<'_>> = Vec::with_capacity(10 + f.statements.len());
        said.push(QuadRef::new(n, rdf::TYPE, rdf::STATEMENT, default));
        said.push(QuadRef::new(n, rdf::SUBJECT, sn, default));
        said.push(QuadRef::new(n, rdf::PREDICATE, pn, default));
        said.push(QuadRef::new(n, rdf::OBJECT, on, default));
        said.push(QuadRef::new(
            n,
            &p_status,
            NamedNodeRef::new_unchecked(status),
            default,
        ));
        said.push(QuadRef::new(
            n,
            &p_support_count,
            LiteralRef::new_typed_literal(&support, xsd::INTEGER),
            default,
        ));
        if let (Some(first), Some(last)) = (f.dates.first(), f.dates.last()) {
            said.push(QuadRef::new(
                n,
                &p_first_date,
                LiteralRef::new_typed_literal(first, xsd::DATE),
                default,
            ));
            said.push(QuadRef::new(
                n,
                &p_last_date,
                LiteralRef::new_typed_literal(last, xsd::DATE),
                default,
            ));
        }
        for st in &f.statements {
            said.push(QuadRef::new(
                n,
                &p_supported_by,
                NamedNodeRef::new_unchecked(st),
                default,
            ));
        }
        if **status == actual {
            said.push(QuadRef::new(sn, pn, on, default));
        }
        total += said.len() + 1;
        let hash = unit_hash(&said);
        if previous.as_deref_mut().is_some_and(|p| !p.changed(&iri, &hash)) {
            continue;
        }
        let owner = n.into_owned();
        let mut quads: Vec<Quad> = said.iter().map(|q| q.into_owned()).collect();
        quads.push(hash_quad(&owner, hash));
        units.push(Unit { owner, quads });
    }
    let summary = ViewSummary {
        names: named.len(),
        entities: res.entities.len(),
        merges: res.merges.len(),
        refusals: res.refusals.len(),
        facts: facts.len(),
        quads: total,
    };
    (res, units, summary)
}

/// The quads of the view that belong together: everything said about one subject, and for a
/// fact node also its plain triple. Each unit ends with its `nkg:viewHash`, so that a later
/// rebuild rewrites only the units whose hash changed.
pub struct Unit {
    pub owner: NamedNode,
    pub quads: Vec<Quad>,
}

/// Groups the quads into units; with the view being replaced, only the units that differ from
/// it are returned. Also returns the number of quads of all units, hashes included.
fn units(quads: Vec<Quad>, mut previous: Option<&mut Previous>) -> (Vec<Unit>, usize) {
    let mut by_owner: BTreeMap<String, (NamedNode, Vec<Quad>)> = BTreeMap::new();
    for q in quads {
        let NamedOrBlankNode::NamedNode(s) = &q.subject else {
            continue;
        };
        by_owner
            .entry(s.as_str().to_string())
            .or_insert_with(|| (s.clone(), Vec::new()))
            .1
            .push(q);
    }
    let mut total = 0;
    let mut units = Vec::new();
    for (owner, mut quads) in by_owner.into_values() {
        total += quads.len() + 1;
        let hash = unit_hash(&quads);
        if previous
            .as_deref_mut()
            .is_some_and(|p| !p.changed(owner.as_str(), &hash))
        {
            continue;
        }
        quads.push(hash_quad(&owner, hash));
        units.push(Unit { owner, quads });
    }
    (units, total)
}

/// Rebuilds the view from the summaries of the index graph (made first for article graphs
/// that have none). A view written into an empty default graph goes through the bulk loader
/// in one atomic commit; otherwise only the difference between the old view and the new one is
/// written, in one transaction, which after one more article is a few hundred quads.
pub fn rebuild(
    db: &oxigraph::store::Store,
    rules: &ResolveRules,
    corrections: &Corrections,
) -> Result<ViewSummary, StoreError> {
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
    let empty = db
        .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
        .next()
        .is_none();
    if empty {
        let (_, units, summary) = build(&found, rules, corrections, None);
        let mut loader = db.bulk_loader().with_max_memory_size_in_megabytes(512);
        loader.load_quads(units.into_iter().flat_map(|u| u.quads))?;
        loader.commit()?;
        return Ok(summary);
    }
    // Only the units whose hash changed are rewritten: after one more article, a few hundred
    // quads. (Clearing the default graph of a 10,000-article store in a transaction takes a
    // minute, and decoding it all to compare takes twenty seconds.)
    let actual = format!("{NKG}Actual");
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
    let (_, fresh, summary) = build(&found, rules, corrections, Some(&mut previous));
    drop(found);
    // What the view said of subjects it no longer has goes too.
    let mut stale = previous.stale;
    stale.extend(previous.hashes.into_keys().map(|k| node(&k)));
    let mut tx = db.start_transaction()?;
    let relations: Vec<NamedNode> = ["leads", "represents", "travelsTo", "metWith"]
        .iter()
        .map(|r| term(NKG, r))
        .collect();
    for owner in &stale {
        let said: Vec<Quad> = tx
            .quads_for_pattern(
                Some(owner.as_ref().into()),
                None,
                None,
                Some(GraphNameRef::DefaultGraph),
            )
            .collect::<Result<_, _>>()?;
        // A fact node's plain triple goes with it; the plain triples whose subject is an
        // entity belong to their facts, not to the entity.
        let get = |p: NamedNodeRef<'_>| {
            said.iter()
                .find(|q| q.predicate.as_ref() == p)
                .map(|q| q.object.clone())
        };
        if let (Some(Term::NamedNode(s)), Some(Term::NamedNode(p)), Some(o), Some(Term::NamedNode(st))) = (
            get(rdf::SUBJECT),
            get(rdf::PREDICATE),
            get(rdf::OBJECT),
            get(term(NKG, "status").as_ref()),
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
    }
    for u in &fresh {
        tx.extend(&u.quads);
    }
    tx.commit()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units are hashed from borrowed quads when made from borrowed data and from owned ones
    /// otherwise: both must give the hash stored in the view.
    #[test]
    fn borrowed_and_owned_quads_hash_alike() {
        let s = NamedNodeRef::new_unchecked("https://w3id.org/newskg/fact/0");
        let p = NamedNodeRef::new_unchecked("https://w3id.org/newskg/ns#supportCount");
        let d = GraphNameRef::DefaultGraph;
        let cases: Vec<Vec<QuadRef<'_>>> = vec![
            vec![QuadRef::new(s, rdf::TYPE, rdf::STATEMENT, d)],
            vec![QuadRef::new(
                s,
                p,
                LiteralRef::new_typed_literal("3", xsd::INTEGER),
                d,
            )],
            vec![
                QuadRef::new(s, p, LiteralRef::new_simple_literal("President"), d),
                QuadRef::new(s, p, LiteralRef::new_typed_literal("2024-05-01", xsd::DATE), d),
            ],
            vec![],
        ];
        for borrowed in cases {
            let owned: Vec<Quad> = borrowed.iter().map(|q| q.into_owned()).collect();
            assert_eq!(unit_hash(&borrowed), unit_hash(&owned), "{owned:?}");
        }
    }

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
