//! Event stage: turns the meetings and trips of each trigger into event nodes aligned with
//! CAMEO (Conflict and Mediation Event Observations) codes, so that analysts can query events
//! as well as pairwise relations.
//!
//! Consumes relations (with status and time); produces [`Event`]s. Codes: 036 express intent
//! to meet or negotiate (planned or possible meetings), 040 consult, 042 make a visit (trips),
//! 043 host a visit (hosted, received, welcomed), 044 meet at a third location (a place in
//! neither side's country), 046 engage in negotiation (talks, negotiations).

use super::{Annotated, EntityType, Event, EventKind, Stage};
use crate::lexicon::{Lexicons, Predicate, Status};

pub struct Events;

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn run(&self, doc: &mut Annotated<'_>, _lex: &Lexicons) {
        let mut keys: Vec<(usize, Predicate, Status)> = Vec::new();
        for r in &doc.relations {
            if matches!(r.predicate, Predicate::MetWith | Predicate::TravelsTo) {
                let k = (r.group, r.predicate, r.status);
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
        for (group, predicate, status) in keys {
            let members: Vec<usize> = (0..doc.relations.len())
                .filter(|&i| {
                    let r = &doc.relations[i];
                    r.group == group && r.predicate == predicate && r.status == status
                })
                .collect();
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
                place = meeting_place(doc, first.evidence.sentence, &participants);
            }
            let (kind, cameo) = match predicate {
                Predicate::TravelsTo => (EventKind::Trip, "042".to_string()),
                _ => (
                    EventKind::Meeting,
                    meeting_code(doc, first.cameo.as_deref(), status, place, &participants),
                ),
            };
            // The same trip or meeting told twice ("is scheduled to travel to Moscow", then
            // "intention to send Witkoff to Moscow") is one event.
            let same = |e: &Event| {
                let mut a = e.participants.clone();
                let mut b = participants.clone();
                a.sort_unstable();
                b.sort_unstable();
                e.kind == kind && e.status == status && e.place == place && a == b
            };
            if let Some(e) = doc.events.iter_mut().find(|e| same(e)) {
                e.relations.extend(&members);
                e.time = e.time.or(first.time);
                continue;
            }
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

/// Where a meeting takes place: a trip of a participant to a place in the same sentence.
fn meeting_place(doc: &Annotated<'_>, sentence: usize, participants: &[usize]) -> Option<usize> {
    doc.relations
        .iter()
        .find(|r| {
            r.predicate == Predicate::TravelsTo
                && r.evidence.sentence == sentence
                && participants.contains(&r.subject)
        })
        .map(|r| r.object)
}

fn meeting_code(
    doc: &Annotated<'_>,
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
        let homes: Vec<Option<String>> = participants.iter().map(|&e| home_country(doc, e)).collect();
        if let Some(pc) = place_country
            && homes.iter().all(|h| h.as_deref().is_some_and(|h| h != pc))
        {
            return "044".into();
        }
    }
    rule_code.unwrap_or("040").to_string()
}

/// The country an actor belongs to: its own, or the one it represents or leads.
fn home_country(doc: &Annotated<'_>, e: usize) -> Option<String> {
    if let Some(c) = &doc.entities[e].country_name {
        return Some(c.clone());
    }
    doc.relations
        .iter()
        .find(|r| {
            r.subject == e
                && matches!(r.predicate, Predicate::Represents | Predicate::Leads)
                && doc.entities[r.object].etype == EntityType::Country
        })
        .map(|r| doc.entities[r.object].label.clone())
}
