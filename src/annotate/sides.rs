//! Sides that the text implies rather than names: "Hamas and Israeli negotiators" are two
//! delegations, not an organisation and a delegation; "talks between Russia and Ukraine" are
//! held by the two countries' delegations even when the article never says "delegation".
//!
//! [`coordinated`] runs at the end of the mention stage and gives each conjunct of a
//! coordination headed by a delegation noun its own delegation mention; [`implied`] runs before
//! the relation frames and gives every country of the article a side of its own (a weak
//! delegation entity, kept only when a relation uses it), so that a country that meets,
//! negotiates or attends is represented by its delegation, as the annotation guidelines want.

use super::{Annotated, Entity, EntityType, Mention, MentionKind};
use crate::lexicon::Lexicons;

/// The rule id of a delegation mention made for a conjunct.
pub const COORDINATED: &str = "delegation.coordinated";

/// "Hamas and Israeli negotiators", "the Ukrainian, Russian and U.S. teams": each conjunct
/// before a delegation phrase owned by a country or organisation gets a delegation of its own.
pub fn coordinated(doc: &mut Annotated<'_>) {
    let n = doc.mentions.len();
    let mut ends: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for (i, m) in doc.mentions.iter().enumerate() {
        if owner_like(m) {
            ends.entry(m.tokens.end).or_insert(i);
        }
    }
    let mut new = Vec::new();
    for d in 0..n {
        let m = &doc.mentions[d];
        if m.kind != MentionKind::Delegation || m.rule == COORDINATED {
            continue;
        }
        let Some(owner) = m.owner else { continue };
        let start = doc.sentences[m.sentence].tokens.start;
        // Walk left over "X and", "X, Y and", "X, Y, and".
        let mut k = doc.mentions[owner].tokens.start;
        loop {
            let mut j = k;
            let mut joined = false;
            while j > start && matches!(doc.key(j - 1), "and" | "," | "or") {
                joined = true;
                j -= 1;
            }
            if !joined || j == k {
                break;
            }
            let Some(&x) = ends.get(&j) else { break };
            let xm = &doc.mentions[x];
            if xm.sentence != m.sentence {
                break;
            }
            new.push(Mention {
                span: xm.span,
                tokens: xm.tokens.clone(),
                sentence: xm.sentence,
                kind: MentionKind::Delegation,
                etype: EntityType::Delegation,
                canonical: Some(
                    xm.canonical
                        .clone()
                        .unwrap_or_else(|| doc.text_of(xm.tokens.clone()).to_string()),
                ),
                same_as: None,
                owner: Some(x),
                weak: false,
                rule: COORDINATED,
                entity: None,
                group: Vec::new(),
            });
            k = xm.tokens.start;
        }
    }
    doc.mentions.extend(new);
}

/// Countries, demonyms and organisations: what may own a delegation.
fn owner_like(m: &Mention) -> bool {
    matches!(
        m.kind,
        MentionKind::Known | MentionKind::Demonym | MentionKind::Name
    ) && matches!(m.etype, EntityType::Country | EntityType::Organization)
}

/// Gives each country entity without a delegation a weak one ("Russian delegation"), so that
/// frames can let a country stand for its side.
pub fn implied(doc: &mut Annotated<'_>, lex: &Lexicons) {
    let countries: Vec<usize> = (0..doc.entities.len())
        .filter(|&e| doc.entities[e].etype == EntityType::Country)
        .collect();
    for c in countries {
        let name = doc.entities[c].label.clone();
        // "Khartoum's delegation" is Sudan's side already.
        let owner_is_place = |e: &Entity| {
            e.country
                .is_none_or(|o| o == c || doc.entities[o].etype.is_place())
        };
        let existing = doc.entities.iter().position(|e| {
            e.etype == EntityType::Delegation
                && (e.country == Some(c)
                    || (e.country_name.as_deref() == Some(name.as_str()) && owner_is_place(e)))
        });
        if let Some(d) = existing {
            doc.entities[d].country = Some(c);
            continue;
        }
        let adjective = lex
            .gazetteer
            .adjective_of
            .get(&name)
            .cloned()
            .unwrap_or_else(|| name.clone());
        doc.entities.push(Entity {
            etype: EntityType::Delegation,
            label: format!("{adjective} delegation"),
            alternate: Vec::new(),
            mentions: Vec::new(),
            same_as: None,
            country: Some(c),
            titles: Vec::new(),
            weak: true,
            keep: false,
            country_name: Some(name),
        });
    }
}
