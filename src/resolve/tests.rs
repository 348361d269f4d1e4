//! Resolution on small invented stores: what is merged, what is refused, and that the order of
//! the records changes nothing.

use super::*;

const PERSON: &str = "https://schema.org/Person";
const ORG: &str = "https://schema.org/Organization";
const CITY: &str = "https://schema.org/City";

fn named(iri: &str, kind: Kind, ty: &str, label: &str) -> Named {
    Named {
        iri: format!("https://w3id.org/newskg/id/{iri}"),
        kind,
        types: [ty.to_string()].into(),
        labels: [(label.to_string(), 1)].into(),
        alternates: BTreeSet::new(),
        titles: BTreeSet::new(),
        countries: BTreeSet::new(),
        articles: 1,
    }
}

fn person(iri: &str, label: &str) -> Named {
    named(&format!("person/{iri}"), Kind::Person, PERSON, label)
}

fn with(mut n: Named, titles: &[&str], countries: &[&str]) -> Named {
    n.titles = titles.iter().map(|t| t.to_string()).collect();
    n.countries = countries
        .iter()
        .map(|c| format!("https://w3id.org/newskg/id/place/{c}"))
        .collect();
    n
}

/// The groups of labels that end up as one entity, sorted.
fn groups(records: &[Named], corrections: &Corrections) -> Vec<Vec<String>> {
    let r = resolve(records, ResolveRules::builtin(), corrections);
    let label: BTreeMap<&str, &str> = records
        .iter()
        .map(|n| (n.iri.as_str(), n.labels.keys().next().unwrap().as_str()))
        .collect();
    let mut out: Vec<Vec<String>> = r
        .entities
        .iter()
        .map(|e| {
            let mut g: Vec<String> = e.members.iter().map(|m| label[m.as_str()].to_string()).collect();
            g.sort();
            g
        })
        .collect();
    out.sort();
    out
}

/// What a case is about, the records, and the groups of labels expected.
type Case = (&'static str, Vec<Named>, Vec<Vec<&'static str>>);

#[test]
fn merges_and_refusals() {
    let none = Corrections::default();
    let cases: Vec<Case> = vec![
        (
            "transliterations of one person",
            vec![
                person("taras-zelinskyy", "Taras Zelinskyy"),
                person("taras-zelinsky", "Taras Zelinsky"),
                person("taras-zelinskiy", "Taras Zelinskiy"),
            ],
            vec![vec!["Taras Zelinskiy", "Taras Zelinsky", "Taras Zelinskyy"]],
        ),
        (
            "a family name alone goes to the only person with that name",
            vec![
                person("oleh-marchuk", "Oleh Marchuk"),
                person("marchuk", "Marchuk"),
            ],
            vec![vec!["Marchuk", "Oleh Marchuk"]],
        ),
        (
            "honorifics and initials",
            vec![
                person("ines-varga", "Ines Varga"),
                person("mrs-varga", "Mrs. Varga"),
                person("i-varga", "I. Varga"),
            ],
            vec![vec!["I. Varga", "Ines Varga", "Mrs. Varga"]],
        ),
        (
            "namesakes stay apart, and the family name alone attaches to neither",
            vec![
                person("darius-holt", "Darius Holt"),
                person("selma-holt", "Selma Holt"),
                person("holt", "Holt"),
            ],
            vec![vec!["Darius Holt"], vec!["Holt"], vec!["Selma Holt"]],
        ),
        (
            "a shared job title singles one namesake out",
            vec![
                with(person("darius-holt", "Darius Holt"), &["President"], &[]),
                person("selma-holt", "Selma Holt"),
                with(person("holt", "Holt"), &["president"], &[]),
            ],
            vec![vec!["Darius Holt", "Holt"], vec!["Selma Holt"]],
        ),
        (
            "a contradicting country keeps the only candidate apart",
            vec![
                with(person("paulo-serra", "Paulo Serra"), &[], &["brazil"]),
                with(person("serra", "Serra"), &[], &["spain"]),
            ],
            vec![vec!["Paulo Serra"], vec!["Serra"]],
        ),
        (
            "family name first",
            vec![person("wang-lifen", "Wang Lifen"), person("wang", "Wang")],
            vec![vec!["Wang", "Wang Lifen"]],
        ),
        (
            "initials of an organisation",
            vec![
                named(
                    "org/union-of-coastal-states",
                    Kind::Organization,
                    ORG,
                    "Union of Coastal States",
                ),
                named("org/ucs", Kind::Organization, ORG, "UCS"),
            ],
            vec![vec!["UCS", "Union of Coastal States"]],
        ),
        (
            "initials shared by two organisations attach to neither",
            vec![
                named(
                    "org/union-of-coastal-states",
                    Kind::Organization,
                    ORG,
                    "Union of Coastal States",
                ),
                named(
                    "org/united-cereal-syndicate",
                    Kind::Organization,
                    ORG,
                    "United Cereal Syndicate",
                ),
                named("org/ucs", Kind::Organization, ORG, "UCS"),
            ],
            vec![
                vec!["UCS"],
                vec!["Union of Coastal States"],
                vec!["United Cereal Syndicate"],
            ],
        ),
        (
            "listed names of one city",
            vec![
                named("place/kiev", Kind::Place, CITY, "Kiev"),
                named("place/kyiv", Kind::Place, CITY, "Kyiv"),
            ],
            vec![vec!["Kiev", "Kyiv"]],
        ),
        (
            "different given names are different people",
            vec![
                person("ivan-petrenko", "Ivan Petrenko"),
                person("ian-petrenko", "Ian Petrenko"),
            ],
            vec![vec!["Ian Petrenko"], vec!["Ivan Petrenko"]],
        ),
        (
            "a person and an organisation of one name stay apart",
            vec![
                person("marchuk", "Marchuk"),
                named("org/marchuk", Kind::Organization, ORG, "Marchuk"),
            ],
            vec![vec!["Marchuk"], vec!["Marchuk"]],
        ),
    ];
    for (what, records, want) in cases {
        let want: Vec<Vec<String>> = want
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect();
        assert_eq!(groups(&records, &none), want, "{what}");
        // Any order of the records gives the same result.
        let mut reversed = records.clone();
        reversed.reverse();
        assert_eq!(
            resolve(&records, ResolveRules::builtin(), &none),
            resolve(&reversed, ResolveRules::builtin(), &none),
            "{what}: order"
        );
    }
}

#[test]
fn every_merge_and_refusal_says_why() {
    let records = vec![
        person("darius-holt", "Darius Holt"),
        person("selma-holt", "Selma Holt"),
        person("holt", "Holt"),
        person("oleh-marchuk", "Oleh Marchuk"),
        person("marchuk", "Marchuk"),
    ];
    let r = resolve(&records, ResolveRules::builtin(), &Corrections::default());
    assert_eq!(r.merges.len(), 1);
    assert!(
        r.merges[0].reason.contains("only person of that name"),
        "{:?}",
        r.merges
    );
    assert_eq!(r.refusals.len(), 1);
    assert!(
        r.refusals[0].reason.contains("\"Darius Holt\" or \"Selma Holt\""),
        "{:?}",
        r.refusals
    );
}

#[test]
fn corrections_merge_and_split() {
    let records = vec![
        person("oleh-marchuk", "Oleh Marchuk"),
        person("marchuk", "Marchuk"),
        person("darius-holt", "Darius Holt"),
        person("selma-holt", "Selma Holt"),
    ];
    let iri = |s: &str| format!("https://w3id.org/newskg/id/person/{s}");
    let corrections = Corrections {
        lines: vec![
            Correction::Split(iri("marchuk")),
            Correction::Merge(iri("darius-holt"), iri("selma-holt")),
        ],
    };
    assert_eq!(
        groups(&records, &corrections),
        vec![
            vec!["Darius Holt".to_string(), "Selma Holt".to_string()],
            vec!["Marchuk".to_string()],
            vec!["Oleh Marchuk".to_string()],
        ]
    );
}
