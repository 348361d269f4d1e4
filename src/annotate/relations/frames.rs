//! Frames: how a rule reads its arguments around a trigger (see `data/patterns/relations.toml`).

use std::ops::Range;

use super::args::Found;
use super::args::{actors, cover, found, is_place, is_traveller, meets};
use super::view::{Arg, View};
use crate::annotate::EntityType;
use crate::lexicon::{Frame, Lexicons, ObjectKind, Predicate, Rule};

/// Runs a rule's frame at a trigger; returns the relations and how far the frame read.
pub fn apply(view: &View<'_, '_>, lex: &Lexicons, rule: &Rule, t: Range<usize>) -> (Vec<Found>, usize) {
    match rule.frame {
        Frame::Verb => (verb(view, rule, t.clone()), t.end),
        Frame::Passive => (passive(view, rule, t.clone()), t.end),
        Frame::Between => (between(view, rule, t.clone()), t.end),
        Frame::Pair => (pair(view, rule, t.clone()), t.end),
        Frame::Send => send(view, lex, rule, t),
        Frame::Membership => {
            let found = membership(view, rule, t);
            let end = if found.is_empty() { 0 } else { view.range.end };
            (found, end)
        }
        Frame::InSince => (in_since(view, rule, t.clone()), t.end),
        Frame::Clause => (super::verbs::clause_frame(view, rule, t.clone()), t.end),
        Frame::Invite => (super::verbs::invite(view, rule, t.clone()), t.end),
        Frame::Joint => (super::verbs::joint(view, rule, t.clone()), t.end),
    }
}

fn fits_object<'v>(view: &'v View<'_, '_>, kind: ObjectKind) -> Box<dyn Fn(&Arg) -> bool + 'v> {
    match kind {
        ObjectKind::Place => Box::new(is_place),
        ObjectKind::Actor => Box::new(meets(view)),
        ObjectKind::Group => Box::new(|a: &Arg| a.etype.is_group() || a.etype == EntityType::Country),
    }
}

/// Places after `from` in the same phrase; the most specific wins ("Hallandale Beach,
/// Florida" → Hallandale Beach), with places coordinated with it ("Paris and Berlin").
fn destinations(view: &View<'_, '_>, from: usize) -> Vec<Arg> {
    const STOP: &[&str] = &[
        "for", "before", "after", "ahead", "to", "where", "while", "with", "amid", "when", "and", "as",
    ];
    let end = view.range.end.min(from + 12);
    let mut places: Vec<(Arg, bool)> = Vec::new();
    let mut j = from;
    // "to back Ukraine": after "to", a lower-case word that is no determiner is a verb.
    if from > view.range.start
        && view.key(from - 1) == "to"
        && from < view.range.end
        && view.arg_at(from).is_none()
        && view.doc.tokens[from].case == crate::annotate::tokens::Case::Lower
        && !matches!(
            view.key(from),
            "the" | "a" | "an" | "its" | "their" | "his" | "her"
        )
    {
        return Vec::new();
    }
    let mut coordinated = false;
    while j < end {
        if let Some(a) = view.arg_at(j) {
            let a = a.clone();
            j = a.tokens.end;
            // "met visiting Prime Minister X": a person right after the trigger is no destination.
            if places.is_empty() && a.etype == EntityType::Person {
                break;
            }
            if is_place(&a) {
                places.push((a, coordinated));
                coordinated = false;
                if view.key(j) == "and" && view.arg_at(j + 1).is_some_and(is_place) {
                    coordinated = true;
                    j += 1;
                }
                continue;
            }
            continue;
        }
        let key = view.key(j);
        if super::view::is_boundary(key) || STOP.contains(&key) || key == "." {
            break;
        }
        if key == "," && !view.arg_at(j + 1).is_some_and(is_place) {
            break;
        }
        j += 1;
    }
    let Some(best) = places.iter().map(|(a, _)| a.etype.specificity()).max() else {
        return Vec::new();
    };
    let first = places
        .iter()
        .position(|(a, _)| a.etype.specificity() == best)
        .unwrap_or(0);
    let mut out = vec![places[first].0.clone()];
    for (a, coordinated) in &places[first + 1..] {
        if *coordinated && a.etype.specificity() == best {
            out.push(a.clone());
        }
    }
    out
}

/// Subject left of the trigger, object right of it.
fn verb(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let subject_fits: Box<dyn Fn(&Arg) -> bool> = match rule.relation {
        Predicate::TravelsTo => Box::new(is_traveller),
        Predicate::MetWith => Box::new(meets(view)),
        _ => Box::new(|a: &Arg| a.etype == EntityType::Person),
    };
    // "Zelensky's trip to Paris", "cancelled her trip": the possessor travels, and the cues
    // are in the clause around the possessive.
    let possessor = if t.start > view.range.start && matches!(view.key(t.start - 1), "'s" | "'") {
        view.arg_ending_at(t.start - 1)
    } else if t.start > view.range.start && matches!(view.key(t.start - 1), "his" | "her" | "their" | "its") {
        view.arg_ending_at(t.start)
    } else {
        None
    };
    let subjects = match possessor.filter(|a| subject_fits(a)) {
        Some(a) => {
            let clause_start = view
                .subject(a.tokens.start, |_: &Arg| true)
                .last()
                .map(|(c, _)| c.tokens.end)
                .unwrap_or(view.range.start);
            vec![(a.clone(), clause_start..a.tokens.start)]
        }
        None => view.subject(t.start, &subject_fits),
    };
    if subjects.is_empty() {
        return Vec::new();
    }
    let objects: Vec<(Arg, Range<usize>)> = if rule.object == ObjectKind::Place {
        destinations(view, t.end)
            .into_iter()
            .map(|a| (a, t.end..t.end))
            .collect()
    } else {
        view.objects(
            t.end,
            12,
            &["to", "for", "before", "after"],
            fits_object(view, rule.object),
        )
    };
    let mut out = Vec::new();
    // "Rutter and Sydorenko met": with no object, coordinated subjects meet each other.
    let verb_form = matches!(view.key(t.start), "met" | "meet" | "meets" | "meeting")
        && !(t.start > view.range.start
            && matches!(
                view.key(t.start - 1),
                "the" | "a" | "an" | "this" | "that" | "their" | "its"
            ));
    if rule.relation == Predicate::MetWith
        && objects.is_empty()
        && rule.object == ObjectKind::Actor
        && verb_form
        && subjects.len() >= 2
    {
        let parts: Vec<Arg> = subjects.iter().map(|(a, _)| a.clone()).collect();
        let last_end = parts.iter().map(|a| a.tokens.end).max().unwrap_or(t.start);
        return pairwise(
            view,
            rule,
            &parts,
            vec![last_end..t.start, t.clone()],
            cover(&parts[0].tokens, &t),
        );
    }
    for (s, s_window) in &subjects {
        for (o, o_window) in &objects {
            let windows = vec![
                s.tokens.end..t.start,
                s_window.clone(),
                o_window.clone(),
                t.clone(),
            ];
            let tokens = cover(&s.tokens, &o.tokens);
            for subj in actors(view, s) {
                let objs = if rule.object == ObjectKind::Place {
                    o.entities.clone()
                } else {
                    actors(view, o)
                };
                for obj in objs {
                    out.push(found(rule.relation, subj, obj, windows.clone(), tokens.clone()));
                }
            }
        }
    }
    out
}

/// "The Ukrainian team was spearheaded by X", "a delegation – led by X".
fn passive(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let led_fits = fits_object(view, rule.object);
    let mut j = t.start;
    let mut led = None;
    while j > view.range.start {
        j -= 1;
        if let Some(a) = view.arg_at(j) {
            if led_fits(a) {
                led = Some(a.clone());
            }
            break;
        }
        if !matches!(
            view.key(j),
            "," | "was"
                | "were"
                | "is"
                | "are"
                | "been"
                | "be"
                | "being"
                | "\u{2013}"
                | "\u{2014}"
                | "-"
                | "--"
                | "will"
                | "to"
                | "reportedly"
                | "also"
                | "now"
                | "currently"
                | "jointly"
                | "has"
                | "have"
                | "had"
        ) {
            break;
        }
    }
    let Some(led) = led else { return Vec::new() };
    let by_fits: Box<dyn Fn(&Arg) -> bool> = match rule.relation {
        Predicate::Leads => Box::new(|a: &Arg| a.etype == EntityType::Person),
        _ => Box::new(meets(view)),
    };
    let by = view.objects(t.end, 10, &[], by_fits);
    let mut out = Vec::new();
    for (b, window) in by {
        let windows = vec![led.tokens.end..t.start, window, t.clone()];
        for subj in actors(view, &b) {
            for obj in actors(view, &led)
                .into_iter()
                .chain((led.etype == EntityType::Country).then_some(led.entity))
            {
                out.push(found(
                    rule.relation,
                    subj,
                    obj,
                    windows.clone(),
                    cover(&led.tokens, &b.tokens),
                ));
            }
        }
    }
    out
}

/// Where the clause that starts at `from` ends: a boundary, a comma or the sentence end.
fn clause_end(view: &View<'_, '_>, from: usize) -> usize {
    (from..view.range.end)
        .find(|&j| super::view::is_boundary(view.key(j)) || matches!(view.key(j), "," | ";"))
        .unwrap_or(view.range.end)
}

/// Pairs among the participants listed after the trigger.
fn pairwise(
    view: &View<'_, '_>,
    rule: &Rule,
    parts: &[Arg],
    windows: Vec<Range<usize>>,
    tokens: Range<usize>,
) -> Vec<Found> {
    let ids: Vec<usize> = parts.iter().flat_map(|a| actors(view, a)).collect();
    let mut out = Vec::new();
    for (i, &a) in ids.iter().enumerate() {
        for &b in &ids[i + 1..] {
            if a != b {
                out.push(found(rule.relation, a, b, windows.clone(), tokens.clone()));
            }
        }
    }
    out
}

/// "talks between X and Y".
fn between(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let parts: Vec<Arg> = view
        .objects(t.end, 12, &[], meets(view))
        .into_iter()
        .map(|(a, _)| a)
        .collect();
    if parts.len() < 2 {
        return Vec::new();
    }
    let tokens = cover(&t, &parts[parts.len() - 1].tokens);
    // "A planned meeting between X and Y was called off": the cues are around the noun.
    let before = t.start.saturating_sub(3).max(view.range.start)..t.start;
    let after = tokens.end..clause_end(view, tokens.end);
    let subject_end = view
        .subject(t.start, meets(view))
        .last()
        .map(|(a, _)| a.tokens.end)
        .unwrap_or(t.start);
    pairwise(
        view,
        rule,
        &parts,
        vec![subject_end..t.start, before, after, t.clone()],
        tokens,
    )
}

/// "Russia-Ukraine peace talks", "X and Y held talks", "both sides concluded the discussions",
/// "X ... overseeing Russia-Ukraine talks".
fn pair(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    // Hyphenated sides right before the trigger, allowing a word or two ("peace").
    let mut k = t.start;
    while k > view.range.start
        && k + 2 > t.start
        && view.arg_at(k - 1).is_none()
        && view.doc.tokens[k - 1].case == crate::annotate::tokens::Case::Lower
        && view.key(k - 1) != "-"
    {
        k -= 1;
    }
    let mut sides: Vec<Arg> = Vec::new();
    if let Some(b) = view.arg_ending_at(k)
        && b.tokens.start > view.range.start + 1
        && view.key(b.tokens.start - 1) == "-"
        && let Some(a) = view.arg_ending_at(b.tokens.start - 1)
    {
        sides = vec![a.clone(), b.clone()];
    }
    let fits = meets(view);
    if sides.len() == 2 && sides.iter().all(&fits) {
        let np_start = sides[0].tokens.start;
        let mut out = Vec::new();
        // An actor who oversees or joins the talks meets both sides.
        let join_at = (np_start.saturating_sub(4).max(view.range.start)..np_start)
            .rev()
            .find(|&j| rule.join_table.longest_at(view.doc.sentence_keys(j), j).is_some());
        if let Some(j) = join_at {
            for (s, window) in view.subject(j, |a: &Arg| {
                a.etype == EntityType::Person || a.etype == EntityType::Delegation
            }) {
                for side in &sides {
                    for subj in actors(view, &s) {
                        for obj in actors(view, side) {
                            let windows = vec![s.tokens.end..j, window.clone(), t.clone()];
                            out.push(found(rule.relation, subj, obj, windows, cover(&s.tokens, &t)));
                        }
                    }
                }
            }
        }
        let subject_end = view
            .subject(np_start, meets(view))
            .last()
            .map(|(a, _)| a.tokens.end)
            .unwrap_or(np_start);
        out.extend(pairwise(
            view,
            rule,
            &sides,
            vec![subject_end..t.start, t.clone()],
            cover(&sides[0].tokens, &t),
        ));
        return out;
    }
    // Several subjects, or "both sides", hold the talks together: "X and Y held talks",
    // "both sides concluded the discussions" (a `hold` verb right before), not "X and Y
    // arrived for talks".
    let mut k = t.start;
    while k > view.range.start && k + 6 > t.start {
        let key = view.key(k - 1);
        // "held three hours of talks", "concluded a new round of talks", "the Florida talks".
        let skippable = matches!(
            key,
            "the"
                | "a"
                | "an"
                | "of"
                | "round"
                | "rounds"
                | "new"
                | "first"
                | "second"
                | "third"
                | "their"
                | "fresh"
                | "further"
                | "more"
                | "hours"
                | "days"
                | "two"
                | "three"
                | "several"
                | "lengthy"
                | "long"
                | "closed-door"
                | "separate"
                | "final"
        ) || view.doc.tokens[k - 1].kind == crate::annotate::tokens::TokenKind::Number
            || view.arg_at(k - 1).is_some_and(|a| a.etype.is_place());
        if !skippable {
            break;
        }
        k -= 1;
    }
    let held = k > view.range.start
        && (k.saturating_sub(2)..k).any(|j| {
            rule.hold_table
                .longest_at(view.doc.sentence_keys(j), j)
                .is_some_and(|(len, _)| j + len == k)
        });
    if !held {
        return Vec::new();
    }
    let subjects = view.subject(k, &fits);
    let parts: Vec<Arg> = subjects.iter().map(|(a, _)| a.clone()).collect();
    let count: usize = parts.iter().map(|a| actors(view, a).len()).sum();
    if count < 2 {
        return Vec::new();
    }
    let last_end = parts.iter().map(|a| a.tokens.end).max().unwrap_or(t.start);
    let tokens = cover(&parts[0].tokens, &t);
    pairwise(view, rule, &parts, vec![last_end..t.start, t.clone()], tokens)
}

/// "send Witkoff, and potentially Kushner, to Moscow this week to meet with Putin".
fn send(view: &View<'_, '_>, lex: &Lexicons, rule: &Rule, t: Range<usize>) -> (Vec<Found>, usize) {
    let sent = view.objects(t.end, 10, &["to"], is_traveller);
    let Some(last) = sent.last() else {
        return (Vec::new(), t.end);
    };
    let mut j = last.0.tokens.end;
    while j < view.range.end && view.key(j) == "," {
        j += 1;
    }
    if view.key(j) != "to" {
        return (Vec::new(), t.end);
    }
    let places = destinations(view, j + 1);
    let Some(place) = places.first() else {
        return (Vec::new(), t.end);
    };
    let sender_end = view
        .subject(t.start, |_: &Arg| true)
        .last()
        .map(|(a, _)| a.tokens.end)
        .unwrap_or(view.range.start);
    let before = sender_end..t.start;
    let mut out = Vec::new();
    for (s, window) in &sent {
        let windows = vec![before.clone(), window.clone(), t.clone()];
        for subj in actors(view, s) {
            out.push(found(
                Predicate::TravelsTo,
                subj,
                place.entity,
                windows.clone(),
                cover(&t, &place.tokens),
            ));
        }
    }
    let _ = rule;
    // "... to meet (with) X", "... for talks with X": the people sent meet X.
    let mut consumed = place.tokens.end;
    let limit = view.range.end.min(place.tokens.end + 8);
    for k in place.tokens.end..limit {
        if super::view::is_boundary(view.key(k)) {
            break;
        }
        let meet = lex
            .rules
            .triggers
            .matches_at(view.doc.sentence_keys(k), k)
            .find(|&(_, &r)| {
                lex.rules.rules[r].relation == Predicate::MetWith && lex.rules.rules[r].frame == Frame::Verb
            });
        if let Some((len, _)) = meet {
            let met = view.objects(k + len, 10, &["to", "for"], meets(view));
            for (s, window) in &sent {
                for (o, o_window) in &met {
                    let windows = vec![before.clone(), window.clone(), o_window.clone(), t.clone()];
                    for subj in actors(view, s) {
                        for obj in actors(view, o) {
                            out.push(found(
                                Predicate::MetWith,
                                subj,
                                obj,
                                windows.clone(),
                                cover(&t, &o.tokens),
                            ));
                        }
                    }
                }
            }
            consumed = met.last().map(|(o, _)| o.tokens.end).unwrap_or(k + len);
            break;
        }
    }
    (out, consumed)
}

/// "The Ukrainian delegation includes ... X, and Y": members represent the delegation.
fn membership(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let group = view.subject(t.start, |a: &Arg| a.etype == EntityType::Delegation);
    let Some((d, _)) = group.first() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut j = t.end;
    while j < view.range.end {
        if let Some(a) = view.arg_at(j) {
            j = a.tokens.end;
            let before = if a.tokens.start > view.range.start {
                view.key(a.tokens.start - 1)
            } else {
                ""
            };
            if a.etype == EntityType::Person && !matches!(before, "with" | "by" | "from" | "against" | "to") {
                let windows = vec![d.tokens.end..t.start, t.clone()];
                out.push(found(
                    rule.relation,
                    a.entity,
                    d.entity,
                    windows,
                    cover(&d.tokens, &a.tokens),
                ));
            }
            continue;
        }
        j += 1;
    }
    out
}

/// "Araghchi, in Geneva since Sunday night, ...": someone who is somewhere has travelled there.
fn in_since(view: &View<'_, '_>, rule: &Rule, t: Range<usize>) -> Vec<Found> {
    let Some(place) = view
        .arg_at(t.end)
        .filter(|a| is_place(a) && a.tokens.start == t.end)
    else {
        return Vec::new();
    };
    if !matches!(view.key(place.tokens.end), "since" | "for") {
        return Vec::new();
    }
    let who = if t.start > view.range.start && view.key(t.start - 1) == "," {
        view.arg_ending_at(t.start - 1)
            .filter(|a| is_traveller(a))
            .map(|a| vec![(a.clone(), t.start..t.start)])
            .unwrap_or_default()
    } else if t.start > view.range.start
        && matches!(
            view.key(t.start - 1),
            "is" | "was" | "are" | "were" | "been" | "be"
        )
    {
        view.subject(t.start, is_traveller)
    } else {
        Vec::new()
    };
    let mut out = Vec::new();
    for (s, window) in who {
        let windows = vec![s.tokens.end..t.start, window];
        for subj in actors(view, &s) {
            out.push(found(
                rule.relation,
                subj,
                place.entity,
                windows.clone(),
                cover(&s.tokens, &place.tokens),
            ));
        }
    }
    out
}
