//! Where actors come from: the country of each person, delegation and organisation, and
//! whether a place is at home or abroad for them. Who travels to a meeting's place depends on
//! it: the host stays, the guests from elsewhere travel.

use rustc_hash::FxHashMap as HashMap;

use crate::annotate::{Annotated, EntityType};

/// The country each person leads or represents, from the facts found so far (roles).
pub fn countries_of_people(doc: &Annotated<'_>) -> HashMap<usize, usize> {
    let mut out = HashMap::default();
    for r in &doc.roles {
        let m = &doc.mentions[r.person];
        let (Some(p), Some(of)) = (m.entity, r.of.and_then(|o| doc.mentions[o].entity)) else {
            continue;
        };
        let c = match doc.entities[of].etype {
            EntityType::Country => Some(of),
            _ => doc.entities[of].country,
        };
        if let Some(c) = c
            && doc.entities[c].etype == EntityType::Country
        {
            out.entry(p).or_insert(c);
        }
    }
    out
}

/// The country of an actor: a delegation's or organisation's own, a person's from their
/// roles, a country itself.
fn country_of(doc: &Annotated<'_>, countries: &HashMap<usize, usize>, e: usize) -> Option<usize> {
    let entity = &doc.entities[e];
    match entity.etype {
        EntityType::Country => Some(e),
        EntityType::Person => countries.get(&e).copied(),
        _ => entity
            .country
            .filter(|&c| doc.entities[c].etype == EntityType::Country),
    }
}

/// The country a place is in, by name.
pub fn country_name_of_place(doc: &Annotated<'_>, place: usize) -> Option<String> {
    let p = &doc.entities[place];
    match p.etype {
        EntityType::Country => Some(p.label.clone()),
        _ => p.country_name.clone(),
    }
}

/// Whether an actor certainly comes from another country than the place's.
pub fn is_foreign(doc: &Annotated<'_>, countries: &HashMap<usize, usize>, e: usize, place: usize) -> bool {
    match (country_of(doc, countries, e), country_name_of_place(doc, place)) {
        (Some(c), Some(pc)) => doc.entities[c].label != pc,
        _ => false,
    }
}

/// Whether an actor is known to be from the place's country.
pub fn is_local(doc: &Annotated<'_>, countries: &HashMap<usize, usize>, e: usize, place: usize) -> bool {
    match (country_of(doc, countries, e), country_name_of_place(doc, place)) {
        (Some(c), Some(pc)) => doc.entities[c].label == pc,
        _ => false,
    }
}
