//! Relations that follow from roles ("French President Emmanuel Macron" leads France) and from
//! other relations (an envoy of a head of state represents that state; the head or member of a
//! country's delegation represents the country).

use super::Found;
use crate::annotate::{Annotated, EntityType, MentionKind, Relation};
use crate::lexicon::{Predicate, Status, TitleClass};

/// Relations stated by titles, with the sentence and rule id of each.
pub fn from_roles(doc: &Annotated<'_>) -> Vec<(Found, usize, &'static str)> {
    let mut out = Vec::new();
    for role in &doc.roles {
        let person = &doc.mentions[role.person];
        let Some(p) = person.entity else { continue };
        let Some(of_mention) = role.of else { continue };
        let Some(o) = doc.mentions[of_mention].entity else {
            continue;
        };
        let of = &doc.entities[o];
        // A title standing for someone ("the Ukrainian president") says what they lead or
        // represent only when it names the country and stands for a person named elsewhere.
        if person.kind == MentionKind::Nominal
            && !(of.etype == EntityType::Country
                && doc.entities[p].etype == EntityType::Person
                && doc.entities[p]
                    .mentions
                    .iter()
                    .any(|&m| doc.mentions[m].kind == MentionKind::Name))
        {
            continue;
        }
        let fixed = role.former.then_some(Status::Former);
        let mut push = |predicate, object, rule| {
            out.push((
                Found {
                    predicate,
                    subject: p,
                    object,
                    windows: Vec::new(),
                    fixed,
                    tokens: role.unit.clone(),
                },
                person.sentence,
                rule,
            ));
        };
        let of_kind = doc.mentions[of_mention].kind;
        // A possessor known by name or by a qualified title, not a bare "the president".
        let named_possessor = matches!(
            of_kind,
            MentionKind::Name | MentionKind::Known | MentionKind::Pronoun
        ) || (of_kind == MentionKind::Nominal
            && doc.roles.iter().any(|r| r.person == of_mention && r.of.is_some()));
        match (role.class, of.etype) {
            (TitleClass::HeadOfState | TitleClass::HeadOfGovernment, EntityType::Country) => {
                push(Predicate::Leads, o, "role.head_of_state");
                push(Predicate::Represents, o, "role.head_of_state");
            }
            (TitleClass::LeadNegotiator, EntityType::Country) => {
                // "Russia's chief negotiator": represents Russia and leads its side.
                push(Predicate::Represents, o, "role.official");
                if let Some(d) = side_of(doc, o) {
                    push(Predicate::Leads, d, "role.lead_negotiator");
                }
            }
            (TitleClass::LeadNegotiator, EntityType::Organization) => {
                // "the group's chief negotiator": represents the group and leads its side.
                push(Predicate::Represents, o, "role.official_of_group");
                if let Some(d) = side_of(doc, o) {
                    push(Predicate::Leads, d, "role.lead_negotiator");
                }
            }
            (
                TitleClass::HeadOfState | TitleClass::HeadOfGovernment | TitleClass::Head,
                EntityType::Organization | EntityType::Delegation,
            ) => {
                push(Predicate::Leads, o, "role.head_of_group");
                if let Some(c) = of
                    .country
                    .filter(|&c| doc.entities[c].etype == EntityType::Country)
                {
                    push(Predicate::Represents, c, "role.head_of_group_country");
                }
            }
            (TitleClass::LeadNegotiator, EntityType::Delegation) => {
                push(Predicate::Leads, o, "role.lead_negotiator");
            }
            (TitleClass::LeadNegotiator | TitleClass::Negotiator, EntityType::Person) if named_possessor => {
                if let Some(c) = led_country(doc, o) {
                    push(Predicate::Represents, c, "role.negotiator_of_leader");
                }
            }
            (TitleClass::Envoy | TitleClass::Aide | TitleClass::Official, EntityType::Person)
                if named_possessor =>
            {
                push(Predicate::Represents, o, "role.envoy");
            }
            (TitleClass::Minister, EntityType::Person) if named_possessor => {
                // "his foreign minister": the minister of a head of state serves that state.
                if let Some(c) = led_country(doc, o) {
                    push(Predicate::Represents, c, "role.minister_of_leader");
                }
            }
            (TitleClass::Counterpart, EntityType::Country) => {
                // "his Malawian counterpart": the same office as the possessor's, for Malawi.
                let holder = role.possessor.and_then(|m| doc.mentions[m].entity);
                match holder {
                    Some(h) if led_country(doc, h).is_some() => push(Predicate::Leads, o, "role.counterpart"),
                    Some(h) if h != p => push(Predicate::Represents, o, "role.counterpart"),
                    _ => {}
                }
            }
            (
                TitleClass::Minister
                | TitleClass::Official
                | TitleClass::Military
                | TitleClass::Envoy
                | TitleClass::Aide
                | TitleClass::Negotiator
                | TitleClass::Head,
                EntityType::Country,
            ) => {
                push(Predicate::Represents, o, "role.official");
            }
            (
                TitleClass::Minister
                | TitleClass::Official
                | TitleClass::Military
                | TitleClass::Envoy
                | TitleClass::Aide
                | TitleClass::Negotiator,
                EntityType::Organization | EntityType::Delegation,
            ) => {
                // A named organisation ("NATO spokesman"); a description ("foreign ministry
                // deputy director") only says which country.
                if of_kind != MentionKind::Description {
                    push(Predicate::Represents, o, "role.official_of_group");
                }
                if let Some(c) = of
                    .country
                    .filter(|&c| doc.entities[c].etype == EntityType::Country)
                {
                    push(Predicate::Represents, c, "role.official_of_group_country");
                }
            }
            _ => {}
        }
    }
    out
}

/// The delegation of a country or organisation, named or implied.
fn side_of(doc: &Annotated<'_>, owner: usize) -> Option<usize> {
    doc.entities
        .iter()
        .position(|e| e.etype == EntityType::Delegation && e.country == Some(owner))
}

/// The country a person leads according to their roles.
fn led_country(doc: &Annotated<'_>, person: usize) -> Option<usize> {
    doc.roles.iter().find_map(|r| {
        let m = &doc.mentions[r.person];
        if m.entity != Some(person) || !r.class.leads_country() {
            return None;
        }
        let c = r.of.and_then(|o| doc.mentions[o].entity)?;
        (doc.entities[c].etype == EntityType::Country).then_some(c)
    })
}

/// Relations implied by others, with the evidence and cue windows of the one they follow from.
pub fn transitive(doc: &Annotated<'_>, relations: &[Relation]) -> Vec<Relation> {
    let mut led: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for l in relations {
        if l.predicate == Predicate::Leads && doc.entities[l.object].etype == EntityType::Country {
            led.entry(l.subject).or_insert(l.object);
        }
    }
    let mut out = Vec::new();
    for r in relations {
        let object = &doc.entities[r.object];
        // Trump's envoy represents the country Trump leads.
        if r.predicate == Predicate::Represents
            && object.etype == EntityType::Person
            && r.evidence.rule == "role.envoy"
            && let Some(&c) = led.get(&r.object)
        {
            out.push(derived(r, Predicate::Represents, c, "represent.via_leader"));
        }
        // The head or a member of a country's delegation represents the country.
        if matches!(r.predicate, Predicate::Leads | Predicate::Represents)
            && object.etype == EntityType::Delegation
            && let Some(c) = object
                .country
                .filter(|&c| doc.entities[c].etype == EntityType::Country)
        {
            out.push(derived(r, Predicate::Represents, c, "represent.via_delegation"));
        }
    }
    out
}

fn derived(from: &Relation, predicate: Predicate, object: usize, rule: &str) -> Relation {
    let mut r = from.clone();
    r.predicate = predicate;
    r.object = object;
    r.evidence.rule = rule.to_string();
    r
}
