//! What the whole store says about one entity IRI, kept up to date article by article: each
//! name, type, title and country with the number of articles giving it. Kept in the index graph
//! (`nkg:record`), with the keys that can make the IRI one entity with another
//! (`nkg:resolveKey`), so that one more article resolves again only the IRIs it can affect.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::summary::Part;
use crate::rdf::vocab::{NKG, SCHEMA};
use crate::resolve::names::{PersonName, acronym, initials};
use crate::resolve::{Kind, Named, ResolveRules};

type Counts = BTreeMap<String, u32>;

/// An entity IRI over all articles: each value with the number of articles giving it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub types: Counts,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: Counts,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub alternates: Counts,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub titles: Counts,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub same_as: Counts,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub countries: Counts,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub represented: Counts,
    /// Articles that type the IRI.
    #[serde(default)]
    pub articles: u32,
}

fn apply(counts: &mut Counts, values: &BTreeSet<String>, add: bool) {
    for v in values {
        if add {
            *counts.entry(v.clone()).or_default() += 1;
        } else if let Some(n) = counts.get_mut(v) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                counts.remove(v);
            }
        }
    }
}

impl Record {
    /// Adds (or takes back) what one article says.
    pub fn apply(&mut self, part: &Part, add: bool) {
        apply(&mut self.types, &part.types, add);
        apply(&mut self.labels, &part.labels, add);
        apply(&mut self.alternates, &part.alternates, add);
        apply(&mut self.titles, &part.titles, add);
        apply(&mut self.same_as, &part.same_as, add);
        apply(&mut self.countries, &part.countries, add);
        apply(&mut self.represented, &part.represented, add);
        if !part.types.is_empty() {
            self.articles = if add {
                self.articles + 1
            } else {
                self.articles.saturating_sub(1)
            };
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Record::default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string())
    }

    /// A record read back; an unreadable one is empty (the next full rebuild rewrites it).
    pub fn from_json(json: &str) -> Record {
        serde_json::from_str(json).unwrap_or_default()
    }

    fn keys(c: &Counts) -> BTreeSet<String> {
        c.keys().cloned().collect()
    }

    /// What resolution reads; None for an IRI no article types (never resolved).
    pub fn named(&self, iri: &str) -> Option<Named> {
        if self.types.is_empty() {
            return None;
        }
        let types = Record::keys(&self.types);
        Some(Named {
            iri: iri.to_string(),
            kind: kind(&types),
            types,
            labels: self
                .labels
                .iter()
                .map(|(l, n)| (l.clone(), *n as usize))
                .collect(),
            alternates: Record::keys(&self.alternates),
            titles: Record::keys(&self.titles),
            countries: self
                .countries
                .keys()
                .chain(self.represented.keys())
                .cloned()
                .collect(),
            articles: self.articles as usize,
        })
    }
}

/// What resolution compares an entity as, from its types.
pub fn kind(types: &BTreeSet<String>) -> Kind {
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

/// The keys an IRI can share with another that the rules might make one entity with it: a
/// person's family name, an organisation's folded names and initials, a place's folded names.
/// Two IRIs that share no key, directly or through others, are resolved independently; a key
/// too many only makes resolution read more IRIs, never changes its outcome.
pub fn keys(iri: &str, part: &Part, rules: &ResolveRules) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let is = |path: &str, local: &str| iri.contains(path) || part.types.contains(&format!("{SCHEMA}{local}"));
    if is("/id/person/", "Person") {
        for l in &part.labels {
            if let Some(p) = PersonName::parse(l, rules) {
                out.insert(format!("f|{}", p.family));
            }
        }
    }
    let names = || part.labels.iter().chain(part.alternates.iter());
    if is("/id/org/", "Organization") {
        for l in names() {
            let k = rules.same_key(l);
            if !k.is_empty() {
                out.insert(format!("o|{k}"));
            }
            if let Some(i) = initials(l, rules) {
                out.insert(format!("i|{i}"));
            }
            if let Some(a) = acronym(l) {
                out.insert(format!("i|{a}"));
            }
        }
    }
    if iri.contains("/id/place/") || kind(&part.types) == Kind::Place {
        for l in names() {
            let k = rules.same_key(l);
            if !k.is_empty() {
                out.insert(format!("l|{k}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[&str]) -> BTreeSet<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    /// Adding two articles and taking one back leaves what the other one says.
    #[test]
    fn counts_add_and_take_back() {
        let person = format!("{SCHEMA}Person");
        let a = Part {
            types: set(&[&person]),
            labels: set(&["Ana Duarte"]),
            titles: set(&["minister"]),
            ..Part::default()
        };
        let b = Part {
            types: set(&[&person]),
            labels: set(&["Ana Duarte", "Duarte"]),
            ..Part::default()
        };
        let mut r = Record::default();
        r.apply(&a, true);
        r.apply(&b, true);
        assert_eq!(r.labels["Ana Duarte"], 2);
        assert_eq!(r.articles, 2);
        r.apply(&a, false);
        let mut only_b = Record::default();
        only_b.apply(&b, true);
        assert_eq!(r, only_b);
        assert_eq!(Record::from_json(&r.to_json()), r);
        r.apply(&b, false);
        assert!(r.is_empty());
    }

    #[test]
    fn keys_by_kind() {
        let rules = ResolveRules::builtin();
        let cases: &[(&str, &[&str], &[&str])] = &[
            (
                "https://w3id.org/newskg/id/person/ana-duarte",
                &["Ana Duarte", "Mrs Duarte"],
                &["f|duarte"],
            ),
            (
                "https://w3id.org/newskg/id/person/duarte",
                &["Duarte"],
                &["f|duarte"],
            ),
        ];
        for (iri, labels, want) in cases {
            let part = Part {
                labels: set(labels),
                ..Part::default()
            };
            assert_eq!(keys(iri, &part, rules), set(want), "{iri}");
        }
        let org = Part {
            labels: set(&["Union of Coastal States"]),
            ..Part::default()
        };
        let k = keys(
            "https://w3id.org/newskg/id/org/union-of-coastal-states",
            &org,
            rules,
        );
        assert!(k.iter().any(|k| k.starts_with("o|")), "{k:?}");
        assert!(k.contains("i|ucs"), "{k:?}");
        let acr = Part {
            labels: set(&["UCS"]),
            ..Part::default()
        };
        assert!(keys("https://w3id.org/newskg/id/org/ucs", &acr, rules).contains("i|ucs"));
    }
}
