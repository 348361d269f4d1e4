//! The quads of the view, grouped by the subject they describe ("units"), each closed by a
//! hash of its quads (`nkg:viewHash`), so that a later rebuild or update rewrites only the units
//! whose hash changed. A full rebuild and an update make each unit by the same functions here,
//! so the two cannot drift apart.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, QuadRef,
    Term,
};

use super::records::Record;
use super::{fold_titles, node, term};
use crate::rdf::iri::digest;
use crate::rdf::vocab::{BASE, NKG, OWL, RDFS, SCHEMA};
use crate::resolve::{Entity, Merge, Refusal};

/// The quads of the view that belong together: everything said about one subject, and for a
/// fact node also its plain triple.
pub struct Unit {
    pub quads: Vec<Quad>,
}

/// The predicates of the view, made once: a `format!` per quad costs seconds on a large store.
pub struct Preds {
    alternate_name: NamedNode,
    article_count: NamedNode,
    country: NamedNode,
    date_published: NamedNode,
    first_date: NamedNode,
    headline: NamedNode,
    job_title: NamedNode,
    label: NamedNode,
    last_date: NamedNode,
    merge_reason: NamedNode,
    merged_with: NamedNode,
    news_article: NamedNode,
    not_merged_because: NamedNode,
    resolves_to: NamedNode,
    same_as: NamedNode,
    status: NamedNode,
    support_count: NamedNode,
    supported_by: NamedNode,
    pub actual: String,
}

impl Preds {
    pub fn new() -> Preds {
        Preds {
            alternate_name: term(SCHEMA, "alternateName"),
            article_count: term(NKG, "articleCount"),
            country: term(NKG, "country"),
            date_published: term(SCHEMA, "datePublished"),
            first_date: term(NKG, "firstDate"),
            headline: term(SCHEMA, "headline"),
            job_title: term(SCHEMA, "jobTitle"),
            label: term(RDFS, "label"),
            last_date: term(NKG, "lastDate"),
            merge_reason: term(NKG, "mergeReason"),
            merged_with: term(NKG, "mergedWith"),
            news_article: term(SCHEMA, "NewsArticle"),
            not_merged_because: term(NKG, "notMergedBecause"),
            resolves_to: term(NKG, "resolvesTo"),
            same_as: term(OWL, "sameAs"),
            status: term(NKG, "status"),
            support_count: term(NKG, "supportCount"),
            supported_by: term(NKG, "supportedBy"),
            actual: format!("{NKG}Actual"),
        }
    }
}

fn add(out: &mut Vec<Quad>, s: &NamedNode, p: &NamedNode, o: Term) {
    out.push(Quad::new(s.clone(), p.clone(), o, GraphName::DefaultGraph));
}

fn text(v: &str) -> Term {
    Term::Literal(Literal::new_simple_literal(v))
}

fn count(n: usize) -> Term {
    Term::Literal(Literal::new_typed_literal(n.to_string(), xsd::INTEGER))
}

/// What the view says of one entity: `records` are its members' (in the order of
/// `e.members`), `articles` the number of articles naming any of them, `canon` maps a country
/// IRI to its entity.
pub fn entity_quads(
    out: &mut Vec<Quad>,
    e: &Entity,
    records: &[&Record],
    articles: usize,
    canon: &dyn Fn(&str) -> String,
    p: &Preds,
) {
    let c = node(&e.iri);
    let union = |f: &dyn Fn(&Record) -> Vec<String>| -> BTreeSet<String> {
        records.iter().flat_map(|r| f(r)).collect()
    };
    for t in union(&|r| r.types.keys().cloned().collect()) {
        add(out, &c, &rdf::TYPE.into_owned(), node(&t).into());
    }
    add(out, &c, &p.label, text(&e.label));
    let mut names = union(&|r| r.labels.keys().chain(r.alternates.keys()).cloned().collect());
    names.remove(&e.label);
    for n in &names {
        add(out, &c, &p.alternate_name, text(n));
    }
    let titles = union(&|r| r.titles.keys().cloned().collect());
    for t in fold_titles(titles.iter().map(String::as_str)) {
        add(out, &c, &p.job_title, text(&t));
    }
    for s in union(&|r| r.same_as.keys().cloned().collect()) {
        add(out, &c, &p.same_as, node(&s).into());
    }
    let countries: BTreeSet<String> = union(&|r| r.countries.keys().cloned().collect())
        .iter()
        .map(|x| canon(x))
        .collect();
    for x in countries {
        add(out, &c, &p.country, node(&x).into());
    }
    add(out, &c, &p.article_count, count(articles));
    for m in &e.members {
        add(out, &node(m), &p.resolves_to, c.clone().into());
    }
}

/// What the view says of a merge and of a merge refused.
pub fn merge_quads(out: &mut Vec<Quad>, merges: &[&Merge], refusals: &[&Refusal], p: &Preds) {
    for m in merges {
        let (a, b) = (node(&m.a), node(&m.b));
        add(out, &b, &p.merged_with, a.into());
        add(out, &b, &p.merge_reason, text(&m.reason));
    }
    for r in refusals {
        add(out, &node(&r.iri), &p.not_merged_because, text(&r.reason));
    }
}

/// What the view says of an article: its type, headline and date of publication.
pub fn article_quads(
    out: &mut Vec<Quad>,
    article: &str,
    headline: Option<&str>,
    published: Option<&str>,
    p: &Preds,
) {
    let n = node(article);
    add(out, &n, &rdf::TYPE.into_owned(), p.news_article.clone().into());
    if let Some(h) = headline {
        add(out, &n, &p.headline, text(h));
    }
    if let Some(d) = published {
        add(
            out,
            &n,
            &p.date_published,
            Term::Literal(Literal::new_typed_literal(d, xsd::DATE)),
        );
    }
}

/// The view replaced by a rebuild or an update: the `nkg:viewHash` of its subjects.
#[derive(Debug, Default)]
pub struct Previous {
    /// Subject IRI → hash, for the subjects not yet met.
    pub hashes: HashMap<String, String>,
    /// Subjects met with another hash: what the old view says about them goes.
    pub stale: Vec<NamedNode>,
}

impl Previous {
    /// Whether a unit must be written: false when the old view has it with the same hash.
    /// Either way the subject is taken out of `hashes`, so that what remains there at the end
    /// is no longer in the view.
    pub fn changed(&mut self, owner: &str, hash: &str) -> bool {
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
pub fn unit_hash<Q: std::hash::Hash>(quads: &[Q]) -> String {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    for q in quads {
        q.hash(&mut h);
    }
    // Twelve hex digits: short enough for Oxigraph to keep inline, without a lookup.
    format!("{:012x}", h.finish() & 0xffff_ffff_ffff)
}

fn hash_quad(owner: &NamedNode, hash: String) -> Quad {
    Quad::new(
        owner.clone(),
        term(NKG, "viewHash"),
        Literal::new_simple_literal(hash),
        GraphName::DefaultGraph,
    )
}

/// Groups quads into units; with the view being replaced, only the units that differ from it
/// are returned. Also returns the number of quads of all units, hashes included.
pub fn units(quads: Vec<Quad>, mut previous: Option<&mut Previous>) -> (Vec<Unit>, usize) {
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
    let mut out = Vec::new();
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
        out.push(Unit { quads });
    }
    (out, total)
}

/// A fact: an entity, a relation, an entity and a status, as the merged view keys it.
pub type FactKey<'a> = (&'a str, &'a str, &'a str, &'a str);

/// The IRI of a fact's node.
pub fn fact_iri(key: FactKey<'_>) -> String {
    let (s, p, o, status) = key;
    format!("{BASE}fact/{}", &digest(&format!("{s} {p} {o} {status}"))[..24])
}

/// What the view says of one fact: supported by `articles` articles, dated `dates` (first
/// and last), and said by `statements`. None when the unit is unchanged from `previous`.
/// Returns the unit (when to be written) and its number of quads.
pub fn fact_unit<'a>(
    key: FactKey<'a>,
    articles: usize,
    dates: Option<(&'a str, &'a str)>,
    statements: impl Iterator<Item = &'a str>,
    previous: Option<&mut Previous>,
    p: &Preds,
) -> (Option<Unit>, usize) {
    let default = GraphNameRef::DefaultGraph;
    let (s, pr, o, status) = key;
    let iri = fact_iri(key);
    let n = NamedNodeRef::new_unchecked(&iri);
    let (sn, pn, on) = (
        NamedNodeRef::new_unchecked(s),
        NamedNodeRef::new_unchecked(pr),
        NamedNodeRef::new_unchecked(o),
    );
    let support = articles.to_string();
    let mut said: Vec<QuadRef<'_>> = Vec::with_capacity(12);
    said.push(QuadRef::new(n, rdf::TYPE, rdf::STATEMENT, default));
    said.push(QuadRef::new(n, rdf::SUBJECT, sn, default));
    said.push(QuadRef::new(n, rdf::PREDICATE, pn, default));
    said.push(QuadRef::new(n, rdf::OBJECT, on, default));
    said.push(QuadRef::new(
        n,
        &p.status,
        NamedNodeRef::new_unchecked(status),
        default,
    ));
    said.push(QuadRef::new(
        n,
        &p.support_count,
        LiteralRef::new_typed_literal(&support, xsd::INTEGER),
        default,
    ));
    if let Some((first, last)) = dates {
        said.push(QuadRef::new(
            n,
            &p.first_date,
            LiteralRef::new_typed_literal(first, xsd::DATE),
            default,
        ));
        said.push(QuadRef::new(
            n,
            &p.last_date,
            LiteralRef::new_typed_literal(last, xsd::DATE),
            default,
        ));
    }
    for st in statements {
        said.push(QuadRef::new(
            n,
            &p.supported_by,
            NamedNodeRef::new_unchecked(st),
            default,
        ));
    }
    if status == p.actual {
        said.push(QuadRef::new(sn, pn, on, default));
    }
    let total = said.len() + 1;
    let hash = unit_hash(&said);
    if previous.is_some_and(|prev| !prev.changed(&iri, &hash)) {
        return (None, total);
    }
    let mut quads: Vec<Quad> = said.iter().map(|q| q.into_owned()).collect();
    quads.push(hash_quad(&n.into_owned(), hash));
    (Some(Unit { quads }), total)
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
}
