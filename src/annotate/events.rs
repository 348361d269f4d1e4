//! Event stage: turns the meetings and trips of each trigger into event nodes aligned with
//! CAMEO (Conflict and Mediation Event Observations) codes, so that analysts can query events
//! as well as pairwise relations.
//!
//! Consumes relations (with status and time); produces [`Event`]s. Codes: 036 express intent
//! to meet or negotiate (planned or possible meetings), 040 consult, 042 make a visit (trips),
//! 043 host a visit (hosted, received, welcomed), 044 meet at a third location (a place in
//! neither side's country), 046 engage in negotiation (talks, negotiations).

use rustc_hash::FxHashMap as HashMap;

use super::{Annotated, EntityType, Event, EventKind, Stage};
use crate::lexicon::{Lexicons, Predicate, Status};

pub struct Events;

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn run(&self, doc: &mut Annotated<'_>, _lex: &Lexicons) {
        // The relations of each trigger (group), predicate and status, in order of appearance.
        let mut keys: Vec<(usize, Predicate, Status)> = Vec::new();
        let mut members_of: HashMap<(usize, Predicate, Status), Vec<usize>> = HashMap::default();
        for (i, r) in doc.relations.iter().enumerate() {
            if matches!(r.predicate, Predicate::MetWith | Predicate::TravelsTo) {
                let k = (r.group, r.predicate, r.status);
                let members = members_of.entry(k).or_default();
                if members.is_empty() {
                    keys.push(k);
                }
                members.push(i);
            }
        }
        let facts = Facts::new(doc);
        let mut seen: HashMap<(EventKind, Status, Option<usize>, Vec<usize>), usize> = HashMap::default();
        for key in keys {
            let (_, predicate, status) = key;
            let members = members_of.remove(&key).unwrap_or_default();
            let first = &doc.relations[members[0]];
            let mut participants: Vec<usize> = Vec::new();
            let mut place = None;
            for &i in &members {
                let r = &doc.relations[i];
                let mut add = |e: usize| {
                    if !participants.contains(&e) {
                        participants.push(e);
                    }
                };
                add(r.subject);
                if predicate == Predicate::MetWith {
                    add(r.object);
                } else {
                    place = Some(r.object);
                }
            }
            if predicate == Predicate::MetWith {
                place = facts.trips.get(&first.evidence.sentence).and_then(|trips| {
                    trips
                        .iter()
                        .find(|(who, _)| participants.contains(who))
                        .map(|&(_, to)| to)
                });
            }
            let (kind, cameo) = match predicate {
                Predicate::TravelsTo => (EventKind::Trip, "042".to_string()),
                _ => (
                    EventKind::Meeting,
                    meeting_code(doc, &facts, first.cameo.as_deref(), status, place, &participants),
                ),
            };
            // The same trip or meeting told twice ("is scheduled to travel to Moscow", then
            // "intention to send Witkoff to Moscow") is one event.
            let mut who = participants.clone();
            who.sort_unstable();
            if let Some(&e) = seen.get(&(kind, status, place, who.clone())) {
                let time = first.time;
                let e = &mut doc.events[e];
                e.relations.extend(&members);
                e.time = e.time.or(time);
                continue;
            }
            seen.insert((kind, status, place, who), doc.events.len());
            doc.events.push(Event {
                kind,
                participants,
                place,
                time: first.time,
                status,
                cameo,
                relations: members.clone(),
                evidence: first.evidence.clone(),
            });
        }
    }
}

/// Facts the event codes need, gathered once: trips by sentence, and each actor's country.
struct Facts {
    /// Sentence → (traveller, destination).
    trips: HashMap<usize, Vec<(usize, usize)>>,
    /// Actor → the country it represents or leads.
    home: HashMap<usize, String>,
}

impl Facts {
    fn new(doc: &Annotated<'_>) -> Self {
        let mut trips: HashMap<usize, Vec<(usize, usize)>> = HashMap::default();
        let mut home = HashMap::default();
        for r in &doc.relations {
            match r.predicate {
                Predicate::TravelsTo => trips
                    .entry(r.evidence.sentence)
                    .or_default()
                    .push((r.subject, r.object)),
                Predicate::Represents | Predicate::Leads
                    if doc.entities[r.object].etype == EntityType::Country =>
                {
                    home.entry(r.subject)
                        .or_insert_with(|| doc.entities[r.object].label.clone());
                }
                _ => {}
            }
        }
        Facts { trips, home }
    }
}

fn meeting_code(
    doc: &Annotated<'_>,
    facts: &Facts,
    rule_code: Option<&str>,
    status: Status,
    place: Option<usize>,
    participants: &[usize],
) -> String {
    if matches!(status, Status::Planned | Status::Possible) {
        return "036".into();
    }
    if let Some(p) = place {
        let place_country = match doc.entities[p].etype {
            EntityType::Country => Some(doc.entities[p].label.clone()),
            _ => doc.entities[p].country_name.clone(),
        };
        let homes: Vec<Option<String>> = participants
            .iter()
            .map(|&e| home_country(doc, facts, e))
            .collect();
        if let Some(pc) = place_country
            && homes.iter().all(|h| h.as_deref().is_some_and(|h| h != pc))
        {
            return "044".into();
        }
    }
    rule_code.unwrap_or("040").to_string()
}

/// The country an actor belongs to: its own, or the one it represents or leads.
fn home_country(doc: &Annotated<'_>, facts: &Facts, e: usize) -> Option<String> {
    doc.entities[e]
        .country_name
        .clone()
        .or_else(|| facts.home.get(&e).cloned())
}
