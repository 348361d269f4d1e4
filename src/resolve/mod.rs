//! Cross-document identity: the names that articles give entities → one entity per real
//! person, organisation or place, with the reason for every merge and for every merge refused.
//!
//! Consumes one [`Named`] record per entity IRI of the store (IRIs depend only on an entity's
//! type and name, so every article that writes a name the same way gives the same IRI), and
//! produces a [`Resolution`]. The result is a function of the set of records alone, never of
//! the order the articles came in: records are sorted, and each rule reads a snapshot of the
//! clusters that the rules before it made.
//!
//! The rules, in order (the data they use is `data/resolve/rules.tsv`):
//! 1. the user's corrections (`merge`, `split`);
//! 2. one name in two spellings: for people the same given and family name once case,
//!    accents, honorifics, middle names and transliteration (y/i, x/ks) are folded; for
//!    organisations and places the same folded name, or a name an article gave as another
//!    name of the entity, or a listed pair of names (Kiev, Kyiv);
//! 3. an organisation's initials written in capitals ("UCS") and its full name, when exactly
//!    one organisation in the store has those initials;
//! 4. a family name alone ("Kovac", "Mr Kovac", "M. Kovac") and the one person in the store
//!    with that family name (and initial). When several people share it, a shared job title or
//!    country must single one out; otherwise the name stays its own entity and the refusal is
//!    recorded. A family name whose country contradicts the only candidate's stays apart too.

pub mod corrections;
pub mod letters;
pub mod names;
pub mod rules;

use std::collections::{BTreeMap, BTreeSet};

pub use corrections::{Correction, Corrections};
use names::PersonName;
pub use rules::ResolveRules;

/// What resolution compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Organization,
    Place,
    /// Delegations and anything else: never merged.
    Other,
}

/// Everything the store says about one entity IRI, over all articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub iri: String,
    pub kind: Kind,
    /// The entity's types (IRIs). Places merge only with places of the same types.
    pub types: BTreeSet<String>,
    /// Each label and the number of articles that give it.
    pub labels: BTreeMap<String, usize>,
    pub alternates: BTreeSet<String>,
    pub titles: BTreeSet<String>,
    /// Countries the entity belongs to or represents (IRIs).
    pub countries: BTreeSet<String>,
    /// Number of articles naming it.
    pub articles: usize,
}

/// One merge and why it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merge {
    pub a: String,
    pub b: String,
    pub reason: String,
}

/// A merge the rules considered and refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub iri: String,
    pub candidates: Vec<String>,
    pub reason: String,
}

/// One resolved entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    /// The IRI of the entity in the merged view: its main member's.
    pub iri: String,
    pub label: String,
    /// Every IRI that articles use for it, sorted (the main one included).
    pub members: Vec<String>,
}

/// The outcome: entities (sorted by IRI), merges and refusals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    /// Member IRI → entity IRI, for every record.
    pub of: BTreeMap<String, String>,
    pub merges: Vec<Merge>,
    pub refusals: Vec<Refusal>,
}

struct Clusters {
    parent: Vec<usize>,
}

impl Clusters {
    fn root(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Joins two clusters; false when they were one already. The smaller index is the root,
    /// so roots do not depend on the order of joins.
    fn join(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.root(a), self.root(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        self.parent[hi] = lo;
        true
    }
}

fn quoted(names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match q.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// The label a record is best known by: the one most articles give (ties: the longest, then
/// the first in sort order).
fn main_label(n: &Named) -> &str {
    n.labels
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(a.0.chars().count().cmp(&b.0.chars().count()))
                .then(b.0.cmp(a.0))
        })
        .map(|(l, _)| l.as_str())
        .unwrap_or(n.iri.as_str())
}

fn folded_titles(n: &Named) -> BTreeSet<String> {
    n.titles.iter().map(|t| t.to_lowercase()).collect()
}

/// Resolves the records. Records may come in any order; IRIs are expected to be unique.
pub fn resolve(records: &[Named], rules: &ResolveRules, corrections: &Corrections) -> Resolution {
    let mut recs: Vec<&Named> = records.iter().collect();
    recs.sort_by(|a, b| a.iri.cmp(&b.iri));
    recs.dedup_by(|a, b| a.iri == b.iri);
    let index: BTreeMap<&str, usize> = recs
        .iter()
        .enumerate()
        .map(|(i, r)| (r.iri.as_str(), i))
        .collect();
    let mut cl = Clusters {
        parent: (0..recs.len()).collect(),
    };
    let mut merges = Vec::new();
    let mut refusals = Vec::new();
    let split = |i: usize| corrections.is_split(&recs[i].iri);
    let join = |cl: &mut Clusters, merges: &mut Vec<Merge>, a: usize, b: usize, reason: String| {
        if cl.join(a, b) {
            merges.push(Merge {
                a: recs[a].iri.clone(),
                b: recs[b].iri.clone(),
                reason,
            });
        }
    };

    // 1. The user's merges.
    for c in &corrections.lines {
        if let Correction::Merge(a, b) = c
            && let (Some(&i), Some(&j)) = (index.get(a.as_str()), index.get(b.as_str()))
        {
            join(
                &mut cl,
                &mut merges,
                i,
                j,
                "merged by hand (corrections file)".to_string(),
            );
        }
    }

    // 2. One name in two spellings.
    let mut by_key: BTreeMap<(Kind, String, String), usize> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        if split(i) || r.kind == Kind::Other {
            continue;
        }
        let mut keys: Vec<(String, String, &str)> = Vec::new();
        match r.kind {
            Kind::Person => {
                for l in r.labels.keys() {
                    if let Some(p) = PersonName::parse(l, rules) {
                        let key = match (&p.given, p.initial) {
                            (Some(_), _) => p.key().unwrap_or_default(),
                            (None, Some(c)) => format!("{c}. {}", p.family),
                            (None, None) => format!("~ {}", p.family),
                        };
                        keys.push((String::new(), key, l));
                    }
                }
            }
            Kind::Organization | Kind::Place => {
                let group = if r.kind == Kind::Place {
                    r.types.iter().cloned().collect::<Vec<_>>().join(" ")
                } else {
                    String::new()
                };
                for l in r.labels.keys().chain(r.alternates.iter()) {
                    let key = rules.same_key(l);
                    if !key.is_empty() {
                        keys.push((group.clone(), key, l));
                    }
                }
            }
            Kind::Other => {}
        }
        for (group, key, name) in keys {
            match by_key.get(&(r.kind, group.clone(), key.clone())) {
                None => {
                    by_key.insert((r.kind, group, key), i);
                }
                Some(&j) => {
                    let other = main_label(recs[j]);
                    let why = if r.alternates.contains(name) && !r.labels.contains_key(name) {
                        format!(
                            "an article gives \"{name}\" as another name of \"{}\"",
                            main_label(r)
                        )
                    } else if rules.fold_phrase(name) != rules.fold_phrase(other) && r.kind != Kind::Person {
                        "listed as names of one place or organisation".to_string()
                    } else {
                        "the same name once case, accents, honorifics, middle names and \
                         transliteration (y/i, x/ks) are set aside"
                            .to_string()
                    };
                    join(
                        &mut cl,
                        &mut merges,
                        j,
                        i,
                        format!("\"{other}\" and \"{name}\": {why}"),
                    );
                }
            }
        }
    }

    // 3. Initials of organisations, against a snapshot of the clusters so far.
    let mut by_initials: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        if r.kind != Kind::Organization || split(i) {
            continue;
        }
        for l in r.labels.keys().chain(r.alternates.iter()) {
            if let Some(ini) = names::initials(l, rules) {
                by_initials.entry(ini).or_default().insert(cl.root(i));
            }
        }
    }
    let snapshot: Vec<usize> = (0..recs.len()).map(|i| cl.root(i)).collect();
    for (i, r) in recs.iter().enumerate() {
        if r.kind != Kind::Organization || split(i) {
            continue;
        }
        let Some((label, acr)) = r
            .labels
            .keys()
            .find_map(|l| names::acronym(l).map(|a| (l.as_str(), a)))
        else {
            continue;
        };
        let candidates: Vec<usize> = by_initials
            .get(&acr)
            .map(|s| s.iter().copied().filter(|&c| c != snapshot[i]).collect())
            .unwrap_or_default();
        match candidates.as_slice() {
            [] => {}
            [c] => {
                let full = main_label(recs[*c]);
                join(
                    &mut cl,
                    &mut merges,
                    *c,
                    i,
                    format!(
                        "\"{label}\" is written in the initials of \"{full}\", the only organisation with those initials"
                    ),
                );
            }
            many => {
                let names: Vec<&str> = many.iter().map(|&c| main_label(recs[c])).collect();
                refusals.push(Refusal {
                    iri: r.iri.clone(),
                    candidates: many.iter().map(|&c| recs[c].iri.clone()).collect(),
                    reason: format!(
                        "\"{label}\" could be {}: their initials are the same",
                        quoted(&names)
                    ),
                });
            }
        }
    }

    // 4. A family name alone, against a snapshot of the clusters of full names.
    let mut families: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let mut parsed: Vec<Option<PersonName>> = Vec::with_capacity(recs.len());
    for (i, r) in recs.iter().enumerate() {
        let mut best: Option<PersonName> = None;
        if r.kind == Kind::Person {
            for l in r.labels.keys() {
                if let Some(p) = PersonName::parse(l, rules) {
                    if p.is_full() {
                        if !split(i) {
                            families.entry(p.family.clone()).or_default().insert(cl.root(i));
                        }
                        best = Some(p);
                    } else if best.is_none() {
                        best = Some(p);
                    }
                }
            }
        }
        parsed.push(best);
    }
    let snapshot: Vec<usize> = (0..recs.len()).map(|i| cl.root(i)).collect();
    // Titles and countries of each cluster of full names.
    let mut cluster_titles: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut cluster_countries: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for (i, r) in recs.iter().enumerate() {
        cluster_titles
            .entry(snapshot[i])
            .or_default()
            .extend(folded_titles(r));
        cluster_countries
            .entry(snapshot[i])
            .or_default()
            .extend(r.countries.iter().cloned());
    }
    // Each cluster of full names: the full name it is best known by, and its given names.
    let mut full: BTreeMap<usize, (&str, BTreeSet<&str>)> = BTreeMap::new();
    for (j, q) in parsed.iter().enumerate() {
        if let Some(PersonName { given: Some(g), .. }) = q {
            let e = full
                .entry(snapshot[j])
                .or_insert_with(|| (main_label(recs[j]), BTreeSet::new()));
            e.1.insert(g.as_str());
        }
    }
    let full_name_of = |root: usize| -> &str { full.get(&root).map(|f| f.0).unwrap_or("") };
    for (i, r) in recs.iter().enumerate() {
        let Some(p) = &parsed[i] else { continue };
        if p.is_full() || split(i) {
            continue;
        }
        // Already part of a full name's cluster (by hand): nothing to decide.
        if full.contains_key(&snapshot[i]) {
            continue;
        }
        let label = main_label(r);
        let candidates: Vec<usize> = families
            .get(&p.family)
            .map(|s| {
                s.iter()
                    .copied()
                    .filter(|c| match p.initial {
                        Some(ini) => full
                            .get(c)
                            .is_some_and(|f| f.1.iter().any(|g| g.starts_with(ini))),
                        None => true,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let titles = folded_titles(r);
        let shares_title = |c: usize| cluster_titles.get(&c).is_some_and(|t| !t.is_disjoint(&titles));
        let shares_country = |c: usize| {
            cluster_countries
                .get(&c)
                .is_some_and(|t| !t.is_disjoint(&r.countries))
        };
        let other_country = |c: usize| {
            !r.countries.is_empty()
                && cluster_countries
                    .get(&c)
                    .is_some_and(|t| !t.is_empty() && t.is_disjoint(&r.countries))
        };
        match candidates.as_slice() {
            [] => {}
            [c] if other_country(*c) => refusals.push(Refusal {
                iri: r.iri.clone(),
                candidates: vec![recs[*c].iri.clone()],
                reason: format!(
                    "\"{label}\" is not \"{}\": the articles give them different countries",
                    full_name_of(*c)
                ),
            }),
            [c] => join(
                &mut cl,
                &mut merges,
                *c,
                i,
                format!(
                    "\"{label}\" is the family name of \"{}\", the only person of that name in the store",
                    full_name_of(*c)
                ),
            ),
            many => {
                let by_title: Vec<usize> = many.iter().copied().filter(|&c| shares_title(c)).collect();
                let by_country: Vec<usize> = many.iter().copied().filter(|&c| shares_country(c)).collect();
                let names: Vec<&str> = many.iter().map(|&c| full_name_of(c)).collect();
                let chosen = match (by_title.as_slice(), by_country.as_slice()) {
                    ([c], _) if !other_country(*c) => Some((*c, "job title")),
                    (_, [c]) => Some((*c, "country")),
                    _ => None,
                };
                match chosen {
                    Some((c, what)) => join(
                        &mut cl,
                        &mut merges,
                        c,
                        i,
                        format!(
                            "\"{label}\" is the family name of {}; only \"{}\" has the same {what}",
                            quoted(&names),
                            full_name_of(c)
                        ),
                    ),
                    None => refusals.push(Refusal {
                        iri: r.iri.clone(),
                        candidates: many.iter().map(|&c| recs[c].iri.clone()).collect(),
                        reason: format!(
                            "\"{label}\" could be {}: no job title or country tells them apart",
                            quoted(&names)
                        ),
                    }),
                }
            }
        }
    }

    // The entities: each cluster's main member gives its IRI and label.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..recs.len() {
        members.entry(cl.root(i)).or_default().push(i);
    }
    let mut entities = Vec::new();
    let mut of = BTreeMap::new();
    for ms in members.values() {
        let best = *ms
            .iter()
            .max_by(|&&a, &&b| {
                let full = |i: usize| parsed[i].as_ref().is_some_and(|p| p.is_full());
                full(a)
                    .cmp(&full(b))
                    .then(recs[a].articles.cmp(&recs[b].articles))
                    .then(b.cmp(&a))
            })
            .expect("a cluster has members");
        let iri = recs[best].iri.clone();
        for &m in ms {
            of.insert(recs[m].iri.clone(), iri.clone());
        }
        entities.push(Entity {
            iri,
            label: main_label(recs[best]).to_string(),
            members: ms.iter().map(|&m| recs[m].iri.clone()).collect(),
        });
    }
    entities.sort_by(|a, b| a.iri.cmp(&b.iri));
    Resolution {
        entities,
        of,
        merges,
        refusals,
    }
}

#[cfg(test)]
mod tests;
