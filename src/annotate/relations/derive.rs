//! Relations that follow from roles ("French President Emmanuel Macron" leads France) and from
//! other relations (an envoy of a head of state represents that state; the head or member of a
//! country's delegation represents the country).

use super::args::Found;
use crate::annotate::{Annotated, EntityType, MentionKind, Relation};
use crate::lexicon::{Lexicons, Predicate, Status, TitleClass};

/// Relations stated by titles, with the sentence and rule id of each.
pub fn from_roles(doc: &Annotated<'_>) -> Vec<(Found, usize, &'static str)> {
    let mut out = Vec::new();
    // Looked up for many roles: each owner's side, each person's country.
    let mut sides: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for (e, entity) in doc.entities.iter().enumerate() {
        if entity.etype == EntityType::Delegation
            && let Some(c) = entity.country
        {
            sides.entry(c).or_insert(e);
        }
    }
    let mut led: rustc_hash::FxHashMap<usize, usize> = Default::default();
    for r in &doc.roles {
        if let Some(p) = doc.mentions[r.person].entity
            && r.class.leads_country()
            && let Some(c) = r.of.and_then(|o| doc.mentions[o].entity)
            && doc.entities[c].etype == EntityType::Country
        {
            led.entry(p).or_insert(c);
        }
    }
    let side_of = |owner: usize| sides.get(&owner).copied();
    let led_country = |person: usize| led.get(&person).copied();
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
                if let Some(d) = side_of(o) {
                    push(Predicate::Leads, d, "role.lead_negotiator");
                }
            }
            (TitleClass::LeadNegotiator, EntityType::Organization) => {
                // "the group's chief negotiator": represents the group and leads its side.
                push(Predicate::Represents, o, "role.official_of_group");
                if let Some(d) = side_of(o) {
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
                if let Some(c) = led_country(o) {
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
                if let Some(c) = led_country(o) {
                    push(Predicate::Represents, c, "role.minister_of_leader");
                }
            }
            (TitleClass::Counterpart, EntityType::Country) => {
                // "his Malawian counterpart": the same office as the possessor's, for Malawi.
                let holder = role.possessor.and_then(|m| doc.mentions[m].entity);
                match holder {
                    Some(h) if led_country(h).is_some() => push(Predicate::Leads, o, "role.counterpart"),
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

/// The country a dateline files the article from, when the dateline says it: a country, or a
/// capital ("SEOUL, Jan. 4 (Yonhap)", "AYLESBURY, England (AP)"). A venue city is no home.
fn home_country(doc: &Annotated<'_>, lex: &Lexicons) -> Option<usize> {
    let dateline = doc.dateline.as_ref()?;
    let mut found = None;
    for m in doc.mentions.iter().filter(|m| dateline.span.contains(m.span)) {
        let Some(e) = m.entity else { continue };
        let entity = &doc.entities[e];
        let name = match entity.etype {
            EntityType::Country => Some(entity.label.clone()),
            EntityType::City => lex.gazetteer.capital_of.get(&entity.label).cloned(),
            _ => None,
        };
        if let Some(name) = name {
            found = doc
                .entities
                .iter()
                .position(|x| x.etype == EntityType::Country && x.label == name);
        }
    }
    found
}

/// Wire copy names its own country's officials without the country: in a story filed from
/// Seoul, "President Lee" and "National Security Adviser Wi" are South Korea's. A person with
/// an unqualified title leads or represents the dateline's country when nothing in the article
/// ties them to another country and no one else holds that office there.
pub fn home_roles(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    found: &[(Found, usize, String)],
) -> Vec<(Found, usize, &'static str)> {
    let Some(home) = home_country(doc, lex) else {
        return Vec::new();
    };
    // Who is tied to a country already, and which offices of the home country are taken.
    let mut tied: rustc_hash::FxHashSet<usize> = Default::default();
    let mut taken: Vec<TitleClass> = Vec::new();
    for (f, _, _) in found {
        if matches!(f.predicate, Predicate::Leads | Predicate::Represents)
            && matches!(
                doc.entities[f.object].etype,
                EntityType::Country | EntityType::Delegation
            )
        {
            tied.insert(f.subject);
        }
    }
    for r in &doc.roles {
        let of = r.of.and_then(|o| doc.mentions[o].entity);
        if of == Some(home) && r.class.leads_country() {
            taken.push(r.class);
        }
        if let Some(p) = doc.mentions[r.person].entity
            && of.is_some_and(|o| {
                doc.entities[o].etype == EntityType::Country || doc.entities[o].country.is_some()
            })
        {
            tied.insert(p);
        }
    }
    let mut out = Vec::new();
    let mut done: rustc_hash::FxHashSet<(usize, bool)> = Default::default();
    for role in &doc.roles {
        let person = &doc.mentions[role.person];
        let Some(p) = person.entity else { continue };
        if role.of.is_some()
            || role.possessor.is_some()
            || role.former
            || person.kind == MentionKind::Nominal
            || tied.contains(&p)
            || doc.entities[p].etype != EntityType::Person
        {
            continue;
        }
        // "visiting Prime Minister X" is somebody else's.
        let before = role.unit.start;
        if before > 0 && matches!(doc.key(before - 1), "visiting" | "foreign") {
            continue;
        }
        let leads = role.class.leads_country();
        if leads && taken.contains(&role.class) {
            continue;
        }
        // An official (not a head) is the home country's only when the sentence says so
        // ("Wi said Seoul will seek ...") and names no other country.
        let represents = matches!(
            role.class,
            TitleClass::Minister | TitleClass::Official | TitleClass::Aide
        ) && sentence_is_home(doc, lex, person.sentence, role.unit.end, home);
        if !(leads || represents) || !done.insert((p, leads)) {
            continue;
        }
        let mut push = |predicate| {
            out.push((
                Found {
                    predicate,
                    subject: p,
                    object: home,
                    windows: Vec::new(),
                    fixed: None,
                    tokens: role.unit.clone(),
                },
                person.sentence,
                "role.home_country",
            ));
        };
        if leads {
            push(Predicate::Leads);
            taken.push(role.class);
        }
        push(Predicate::Represents);
    }
    out
}

/// Whether the sentence, after the person at token `at`, names the home country (or its
/// capital) before any other country ("Wi said Seoul will seek ...").
fn sentence_is_home(doc: &Annotated<'_>, lex: &Lexicons, sentence: usize, at: usize, home: usize) -> bool {
    let home_name = &doc.entities[home].label;
    let mut named_home = false;
    let from = doc.mentions.partition_point(|m| m.tokens.start < at);
    for m in doc.mentions[from..].iter().take_while(|m| m.sentence == sentence) {
        let Some(e) = m.entity else { continue };
        let entity = &doc.entities[e];
        let country = match entity.etype {
            EntityType::Country => Some(entity.label.clone()),
            EntityType::City => lex.gazetteer.capital_of.get(&entity.label).cloned(),
            EntityType::Delegation | EntityType::Organization => entity.country_name.clone(),
            _ => None,
        };
        match country {
            Some(c) if &c == home_name => named_home = true,
            Some(_) => return named_home,
            None => {}
        }
    }
    named_home
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
    // The people who lead each delegation, by the sentence that says so.
    let mut heads: rustc_hash::FxHashMap<(usize, usize), Vec<usize>> = Default::default();
    for l in relations {
        if l.predicate == Predicate::Leads
            && doc.entities[l.object].etype == EntityType::Delegation
            && doc.entities[l.subject].etype == EntityType::Person
        {
            heads
                .entry((l.object, l.evidence.sentence))
                .or_default()
                .push(l.subject);
        }
    }
    // Whom each person leads or represents, for "X was joined by Y".
    let mut sides_of: rustc_hash::FxHashMap<usize, Vec<usize>> = Default::default();
    for l in relations {
        if matches!(l.predicate, Predicate::Leads | Predicate::Represents)
            && matches!(
                doc.entities[l.object].etype,
                EntityType::Delegation | EntityType::Country
            )
            && l.evidence.rule != "represent.joined"
        {
            sides_of.entry(l.subject).or_default().push(l.object);
        }
    }
    for r in relations {
        // "X was joined by Y": Y is on X's side, and stands for what X stands for.
        if r.evidence.rule == "represent.joined" {
            for &side in sides_of.get(&r.object).into_iter().flatten() {
                out.push(derived(r, Predicate::Represents, side, "represent.joined"));
                if let Some(c) = doc.entities[side].country.filter(|&c| {
                    doc.entities[side].etype == EntityType::Delegation
                        && doc.entities[c].etype == EntityType::Country
                }) {
                    out.push(derived(r, Predicate::Represents, c, "represent.via_delegation"));
                }
            }
            continue;
        }
        let object = &doc.entities[r.object];
        // "The Venezuelan delegation, headed by X, arrived in Havana": its head, named in the
        // same sentence, went with it.
        if r.predicate == Predicate::TravelsTo
            && let Some(heads) = heads.get(&(r.subject, r.evidence.sentence))
        {
            for &head in heads {
                let mut t = derived(r, Predicate::TravelsTo, r.object, "travel.with_delegation");
                t.subject = head;
                out.push(t);
            }
        }
        // Trump's envoy represents the country Trump leads.
        if r.predicate == Predicate::Represents
            && object.etype == EntityType::Person
            && r.evidence.rule == "role.envoy"
            && let Some(&c) = led.get(&r.object)
        {
            out.push(derived(r, Predicate::Represents, c, "represent.via_leader"));
        }
        // The head or a member of a country's or a movement's delegation represents it.
        if matches!(r.predicate, Predicate::Leads | Predicate::Represents)
            && object.etype == EntityType::Delegation
            && let Some(c) = object.country.filter(|&c| {
                matches!(
                    doc.entities[c].etype,
                    EntityType::Country | EntityType::Organization
                )
            })
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
