//! The clause frame: a rule whose trigger is the main verb of a clause reads its arguments from
//! the clause (see `clause.rs`): the subject wherever the clause puts it, the object as the
//! direct object or the argument of one of the rule's prepositions anywhere in the clause
//! ("flew by helicopter some 20 miles to Chequers"), and for a passive verb the "by" phrase.

use std::ops::Range;

use super::args::Found;
use super::args::{actors, cover, found, is_place, is_traveller, meets};
use super::clause::{self, Pp};
use super::view::{Arg, View};
use crate::annotate::EntityType;
use crate::lexicon::{ObjectKind, Predicate, Rule};

/// Runs a clause rule at its trigger; nothing unless the trigger heads a verb group.
pub fn clause_frame(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let Some(g) = clause::group_headed_at(view, t.start) else {
        return Vec::new();
    };
    let vg = view.doc.verbs[g].clone();
    // "hosted talks between X and Y", "to host Sudan-Chad talks": an occasion, read by the
    // occasion layer.
    if rule.by_agent
        && rule.relation == Predicate::MetWith
        && !vg.passive
        && (vg.tokens.end..view.range.end.min(vg.tokens.end + 6))
            .take_while(|&j| !super::view::is_boundary(view.key(j)) && view.key(j) != ",")
            .any(|j| super::phrases::is_occasion_noun(view.key(j)))
    {
        return Vec::new();
    }
    let meets = meets(view);
    let subject_fits: Box<dyn Fn(&Arg) -> bool + '_> = match rule.relation {
        Predicate::TravelsTo => Box::new(is_traveller),
        Predicate::MetWith => Box::new(&meets),
        Predicate::Leads if vg.passive && rule.by_agent => Box::new(|a: &Arg| group_like(a)),
        _ => Box::new(|a: &Arg| a.etype == EntityType::Person),
    };
    // "received X" is a meeting when X is someone: "Ukrainians have received IRP" is not.
    let receives = view.key(vg.head).starts_with("receiv");
    let object_fits: Box<dyn Fn(&Arg) -> bool + '_> = match rule.object {
        ObjectKind::Actor if receives => Box::new(|a: &Arg| {
            matches!(a.etype, EntityType::Person | EntityType::Delegation)
                || (a.etype == EntityType::Country && meets(a))
        }),
        ObjectKind::Place => Box::new(is_place),
        ObjectKind::Actor => Box::new(&meets),
        ObjectKind::Group => Box::new(|a: &Arg| group_like(a)),
    };
    let mut subjects = clause::subject_of(view, g, &*subject_fits);
    if subjects.is_empty() {
        return Vec::new();
    }
    if rule.relation == Predicate::TravelsTo {
        subjects.extend(companions(view, &subjects));
    }
    if matches!(
        rule.relation,
        Predicate::TravelsTo | Predicate::MetWith | Predicate::Leads
    ) && !vg.passive
    {
        let with = clause::partners(view, g, &subjects, &*subject_fits);
        subjects.extend(with);
    }
    // The other party: the "by" phrase of a passive, else the direct object or a phrase
    // with one of the rule's prepositions.
    let agent_fits: Box<dyn Fn(&Arg) -> bool + '_> = match rule.relation {
        Predicate::Leads => Box::new(|a: &Arg| a.etype == EntityType::Person),
        _ => Box::new(&meets),
    };
    // "X led the Chinese side and was joined by Y and Z": only a passive says who joined whom.
    if rule.relation == Predicate::Represents && !vg.passive {
        return Vec::new();
    }
    let mut objects: Vec<(Arg, Range<usize>)> = Vec::new();
    let passive = vg.passive && rule.by_agent;
    if passive {
        let pps = clause::pps_of(view, g, &*agent_fits);
        if let Some(by) = pps.iter().find(|p| p.prep == "by" && !p.args.is_empty()) {
            objects = by.args.clone();
        }
    } else {
        if rule.direct {
            objects = clause::objects_of(view, g, &*object_fits);
        }
        if objects.is_empty() && !rule.preps.is_empty() {
            let pps = clause::pps_of(view, g, &*object_fits);
            objects = match rule.object {
                ObjectKind::Place => destination(view, &pps, &rule.preps, clause::clause_end(view, g)),
                _ => pps
                    .into_iter()
                    .find(|p| rule.preps.contains(&p.prep) && !p.args.is_empty())
                    .map(|p| p.args)
                    .unwrap_or_default(),
            };
        }
    }
    let cue_start = |s: &Arg| s.tokens.end.min(vg.tokens.start);
    let mut out = Vec::new();
    if rule.relation == Predicate::Leads && !vg.passive {
        out.extend(led_to(view, g, &subjects, &objects));
    }
    if objects.is_empty() {
        // "Okafor and Moreau met": coordinated subjects meet each other.
        let ids: Vec<usize> = subjects.iter().flat_map(|(a, _)| actors(view, a)).collect();
        if rule.relation == Predicate::MetWith && ids.len() >= 2 && !passive && rule.direct {
            let last_end = subjects
                .iter()
                .map(|(a, _)| a.tokens.end)
                .max()
                .unwrap_or(vg.tokens.start);
            let windows = vec![last_end.min(vg.tokens.start)..vg.tokens.start, vg.tokens.clone()];
            let tokens = cover(&subjects[0].0.tokens, &vg.tokens);
            for (i, &a) in ids.iter().enumerate() {
                for &b in &ids[i + 1..] {
                    if a != b {
                        out.push(found(rule.relation, a, b, windows.clone(), tokens.clone()));
                    }
                }
            }
            out.extend(travel_to_meeting(view, g, &ids, &windows, &tokens));
        }
        return out;
    }
    let controllers = clause::controllers(view, g);
    for (s, s_window) in &subjects {
        for (o, o_window) in &objects {
            let mut windows = vec![
                cue_start(s)..vg.tokens.start,
                s_window.clone(),
                o_window.clone(),
                vg.tokens.clone(),
            ];
            windows.extend(controllers.iter().cloned());
            let tokens = cover(&cover(&s.tokens, &o.tokens), &vg.tokens);
            let (subjects_of, objects_of) =
                if passive && matches!(rule.relation, Predicate::Leads | Predicate::Represents) {
                    // "X was led by Y": Y leads X; "X was joined by Y": Y is with X (what X
                    // stands for is settled once all relations are known).
                    (actors_or_self(view, o), actors_or_self(view, s))
                } else if rule.object == ObjectKind::Place {
                    (actors(view, s), o.entities.clone())
                } else if rule.object == ObjectKind::Group {
                    (actors(view, s), actors_or_self(view, o))
                } else {
                    (actors(view, s), actors(view, o))
                };
            if rule.relation == Predicate::MetWith && !passive {
                let people: Vec<usize> = subjects_of.iter().chain(&objects_of).copied().collect();
                out.extend(travel_to_meeting(view, g, &people, &windows, &tokens));
            }
            for &subj in &subjects_of {
                for &obj in &objects_of {
                    let mut f = found(rule.relation, subj, obj, windows.clone(), tokens.clone());
                    if rule.relation == Predicate::Leads && in_the_past(view, s, g) {
                        f.fixed = Some(crate::lexicon::Status::Former);
                    }
                    out.push(f);
                }
            }
        }
    }
    out
}

/// Organisations, delegations and countries: what can be led.
fn group_like(a: &Arg) -> bool {
    a.etype.is_group() || a.etype == EntityType::Country
}

/// The entities an argument stands for, a country standing for itself when it has no
/// delegation (what is led is the country, not its delegation).
fn actors_or_self(view: &View<'_, '_>, a: &Arg) -> Vec<usize> {
    if a.etype == EntityType::Country {
        return vec![a.entity];
    }
    let v = actors(view, a);
    if v.is_empty() { a.entities.clone() } else { v }
}

/// The places of the first phrase with one of the prepositions: the most specific one of the
/// phrase ("in the Egyptian Red Sea resort Sharm El Sheikh"), or the places coordinated there
/// ("to Japan and South Korea"); never a possessor ("closer to Russia's demands").
fn destination(view: &View<'_, '_>, pps: &[Pp], preps: &[String], end: usize) -> Vec<(Arg, Range<usize>)> {
    for (i, p) in pps.iter().enumerate() {
        if !preps.contains(&p.prep) {
            continue;
        }
        // "to Oman's permanent mission in Chambésy": a venue's place follows it.
        let venue_place = || {
            pps.get(i + 1)
                .filter(|n| matches!(n.prep.as_str(), "in" | "at") && n.at <= p.at + 8)
                .and_then(|n| super::phrases::place_phrase(view, n.at + 1, end))
        };
        let places: Vec<(Arg, Range<usize>)> = p
            .args
            .iter()
            .filter(|(a, _)| is_place(a) && !matches!(view.key(a.tokens.end), "'s" | "'"))
            .cloned()
            .collect();
        if places.len() >= 2 {
            let best = places
                .iter()
                .map(|(a, _)| a.etype.specificity())
                .max()
                .unwrap_or(0);
            return places
                .into_iter()
                .filter(|(a, _)| a.etype.specificity() == best)
                .collect();
        }
        if let Some((a, _)) = super::phrases::place_phrase(view, p.at + 1, end) {
            let window = a.tokens.start..a.tokens.start;
            return vec![(a, window)];
        }
        if let Some((a, _)) = venue_place() {
            let window = a.tokens.start..a.tokens.start;
            return vec![(a, window)];
        }
        if !places.is_empty() {
            return places;
        }
    }
    Vec::new()
}

/// People who go with the travellers: "accompanied by X", "along with X", "together with X",
/// said of the same subject in the same sentence.
fn companions(view: &View<'_, '_>, travellers: &[(Arg, Range<usize>)]) -> Vec<(Arg, Range<usize>)> {
    let doc = view.doc;
    let who: Vec<usize> = travellers.iter().flat_map(|(a, _)| a.entities.clone()).collect();
    let mut out: Vec<(Arg, Range<usize>)> = Vec::new();
    let first = doc.verbs.partition_point(|v| v.tokens.start < view.range.start);
    let last = doc.verbs.partition_point(|v| v.tokens.start < view.range.end);
    for g in first..last {
        let vg = &doc.verbs[g];
        if !matches!(view.key(vg.head), "accompanied" | "escorted") {
            continue;
        }
        let subject = clause::subject_of(view, g, &|a: &Arg| is_traveller(a));
        if !subject
            .iter()
            .any(|(a, _)| a.entities.iter().any(|e| who.contains(e)))
        {
            continue;
        }
        for pp in clause::pps_of(view, g, &is_traveller) {
            if pp.prep == "by" {
                out.extend(pp.args);
            }
        }
    }
    out.retain(|(a, _)| !a.entities.iter().any(|e| who.contains(e)));
    out
}

/// "Okafor and Moreau invited Castellano to Lima for talks": the guest travels to the place
/// and the hosts meet the guest, both planned whatever the tense of "invited".
pub fn invite(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let Some(g) = clause::group_headed_at(view, t.start) else {
        return Vec::new();
    };
    let vg = view.doc.verbs[g].clone();
    let meets = meets(view);
    let hosts = clause::subject_of(view, g, &meets);
    let guests = clause::objects_of(view, g, &meets);
    // "We invited X to Madrid": the guest travels even when the hosts go unnamed.
    if guests.is_empty() {
        return Vec::new();
    }
    let end = clause::clause_end(view, g);
    let pps = clause::pps_of(view, g, &|a: &Arg| is_place(a) || meets(a));
    // Where: "to Miami", "in Miami" (also after "for talks").
    let place = pps
        .iter()
        .filter(|p| matches!(p.prep.as_str(), "to" | "in" | "at"))
        .find_map(|p| super::phrases::place_phrase(view, p.at + 1, end).map(|(a, _)| a));
    // What for: "for talks", "for a meeting", "to a summit".
    let occasion = (vg.tokens.end..end).any(|j| super::phrases::is_occasion_noun(view.doc.key(j)));
    let fixed = (!vg.negated).then_some(crate::lexicon::Status::Planned);
    let mut out = Vec::new();
    for (guest, g_window) in &guests {
        let windows = vec![vg.tokens.clone(), g_window.clone()];
        if let Some(p) = &place {
            for e in actors(view, guest) {
                let mut f = found(
                    Predicate::TravelsTo,
                    e,
                    p.entity,
                    windows.clone(),
                    cover(&cover(&guest.tokens, &p.tokens), &vg.tokens),
                );
                f.fixed = fixed;
                out.push(f);
            }
        }
        if occasion {
            for (host, h_window) in &hosts {
                let mut ws = windows.clone();
                ws.push(h_window.clone());
                for a in actors(view, host) {
                    for b in actors(view, guest) {
                        let mut f = found(
                            Predicate::MetWith,
                            a,
                            b,
                            ws.clone(),
                            cover(&cover(&host.tokens, &guest.tokens), &vg.tokens),
                        );
                        f.fixed = fixed;
                        out.push(f);
                    }
                }
            }
        }
    }
    let _ = rule;
    out
}

/// "The delegations from X, Y and Z agreed", "American and Chinese officials reached a
/// framework": two or more sides that agree, sign or reach something together met.
pub fn joint(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let Some(g) = clause::group_headed_at(view, t.start) else {
        return Vec::new();
    };
    let vg = view.doc.verbs[g].clone();
    // "a deadline to reach an agreement" is no agreement reached.
    if vg.form == crate::annotate::syntax::VerbForm::Infinitive {
        return Vec::new();
    }
    let side = |a: &Arg| matches!(a.etype, EntityType::Delegation | EntityType::Country);
    let subjects = clause::subject_of(view, g, &side);
    let ids: Vec<usize> = subjects.iter().flat_map(|(a, _)| actors(view, a)).collect();
    let mut distinct = ids.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 2 {
        return Vec::new();
    }
    let first = subjects[0].0.tokens.clone();
    let mut out = Vec::new();
    for (i, &a) in distinct.iter().enumerate() {
        for &b in &distinct[i + 1..] {
            // The meeting is as real as the agreeing ("had agreed", "will sign"); what was
            // agreed on ("agreed to meet again") is another fact.
            let mut f = found(rule.relation, a, b, Vec::new(), cover(&first, &vg.tokens));
            f.fixed = Some(status_of_group(view, &vg));
            out.push(f);
        }
    }
    out
}

/// The status a verb group gives by itself: negated, possible ("may", "could"), planned
/// ("will", "would", "shall") or actual.
fn status_of_group(view: &View<'_, '_>, vg: &crate::annotate::syntax::VerbGroup) -> crate::lexicon::Status {
    use crate::lexicon::Status;
    if vg.negated {
        return Status::Negated;
    }
    let keys: Vec<&str> = vg.tokens.clone().map(|j| view.key(j)).collect();
    if keys.iter().any(|k| matches!(*k, "may" | "might" | "could")) {
        Status::Possible
    } else if keys
        .iter()
        .any(|k| matches!(*k, "will" | "would" | "shall" | "'ll"))
    {
        Status::Planned
    } else {
        Status::Actual
    }
}

/// Whether a clause dates what it says to a closed past: "led the party from 2010 to 2018",
/// "until 2019", or a subject whose life is over ("Kim Gu (1876-1949), who led ...").
fn in_the_past(view: &View<'_, '_>, subject: &Arg, g: usize) -> bool {
    let vg = &view.doc.verbs[g];
    let end = clause::clause_end(view, g);
    let number = |j: usize| {
        j < view.range.end && view.doc.tokens[j].kind == crate::annotate::tokens::TokenKind::Number
    };
    let period = (vg.tokens.end..end).any(|j| {
        (matches!(view.key(j), "from" | "between") && number(j + 1))
            || (matches!(view.key(j), "until" | "till") && number(j + 1))
    });
    let after = subject.tokens.end;
    let lifespan =
        view.key(after) == "(" && number(after + 1) && view.key(after + 2) == "-" && number(after + 3);
    period || lifespan
}

/// "X made Y wait before meeting with them in Moscow": who meets in a place and certainly
/// comes from another country travelled there; whoever is at home did not.
fn travel_to_meeting(
    view: &View<'_, '_>,
    g: usize,
    people: &[usize],
    windows: &[Range<usize>],
    tokens: &Range<usize>,
) -> Vec<Found> {
    let end = clause::clause_end(view, g);
    let pps = clause::pps_of(view, g, &is_place);
    // The first place whose country is known: "at Qasr Al Watan in Abu Dhabi" is a trip to Abu
    // Dhabi for whoever comes from elsewhere.
    let known = |a: &Arg| super::locality::country_name_of_place(view.doc, a.entity).is_some();
    let after = pps
        .iter()
        .filter(|p| matches!(p.prep.as_str(), "in" | "at"))
        .filter_map(|p| super::phrases::place_phrase(view, p.at + 1, end))
        .find(|(a, _)| known(a));
    // Or fronted, before the subject: "On the sidelines of the assembly in New York, X met Y".
    let fronted = || {
        let vg = &view.doc.verbs[g];
        let mut j = view.range.start;
        while j < vg.tokens.start {
            if let Some(a) = view.arg_at(j) {
                if !a.etype.is_place() && !matches!(a.etype, EntityType::Organization) {
                    return None;
                }
                j = a.tokens.end;
                continue;
            }
            if matches!(view.key(j), "in" | "at")
                && let Some(found) = super::phrases::place_phrase(view, j + 1, vg.tokens.start)
                && known(&found.0)
            {
                return Some(found);
            }
            j += 1;
        }
        None
    };
    let Some((place, _)) = after.or_else(fronted) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for &e in people {
        if seen.contains(&e) || !super::locality::is_foreign(view.doc, &view.index.countries, e, place.entity)
        {
            continue;
        }
        seen.push(e);
        out.push(found(
            Predicate::TravelsTo,
            e,
            place.entity,
            windows.to_vec(),
            cover(tokens, &place.tokens),
        ));
    }
    out
}

/// "X led a delegation to Abuja", "headed the Ghanaian team to Abuja": the leader, and the
/// delegation when it is named, travel to the place.
fn led_to(
    view: &View<'_, '_>,
    g: usize,
    subjects: &[(Arg, Range<usize>)],
    objects: &[(Arg, Range<usize>)],
) -> Vec<Found> {
    let vg = &view.doc.verbs[g];
    let end = clause::clause_end(view, g);
    // The led group: a named delegation, or a delegation noun right after the verb.
    let group_noun = (vg.tokens.end..end.min(vg.tokens.end + 5))
        .any(|j| matches!(view.key(j), "delegation" | "team" | "mission" | "contingent"));
    if objects.is_empty() && !group_noun {
        return Vec::new();
    }
    let pps = clause::pps_of(view, g, &is_place);
    let Some((place, _)) = pps
        .iter()
        .filter(|p| p.prep == "to")
        .find_map(|p| super::phrases::place_phrase(view, p.at + 1, end))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (a, w) in subjects.iter().chain(objects) {
        for e in actors(view, a) {
            if view.doc.entities[e].etype.is_place() {
                continue;
            }
            out.push(found(
                Predicate::TravelsTo,
                e,
                place.entity,
                vec![w.clone(), vg.tokens.clone()],
                cover(&cover(&a.tokens, &vg.tokens), &place.tokens),
            ));
        }
    }
    out
}
