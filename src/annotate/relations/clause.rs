//! Clauses read from verb groups: who a verb's subject is, what its objects and prepositional
//! phrases are. The subject is found the way a reader finds it: the antecedent of "who" or
//! "which"; the controller of an infinitive ("is scheduled to have", "asked X to meet"); the
//! subject of the main clause for a participle or gerund ("before flying to", "accompanied
//! by") and for a verb coordinated with an earlier one ("... and meet with X"); otherwise the
//! nearest argument to the left that is not the object of a preposition, skipping relative
//! clauses.

use std::ops::Range;

use super::view::{Arg, View, is_boundary, is_preposition};
use crate::annotate::syntax::{VerbForm, VerbGroup};
use crate::lexicon::Pos;

/// A prepositional phrase of a clause: the preposition, where it is, and the arguments it
/// governs (with the tokens before each conjunct, where conjunct-level cues live).
#[derive(Debug, Clone)]
pub struct Pp {
    pub prep: String,
    pub at: usize,
    pub args: Vec<(Arg, Range<usize>)>,
}

/// Verbs whose object, not subject, does what an infinitive after it says ("invited Umerov
/// to attend", "urged Kyiv to accept").
const OBJECT_CONTROL: &[&str] = &[
    "ask",
    "asked",
    "asks",
    "asking",
    "invite",
    "invited",
    "invites",
    "inviting",
    "urge",
    "urged",
    "urges",
    "urging",
    "tell",
    "told",
    "tells",
    "telling",
    "allow",
    "allowed",
    "allows",
    "allowing",
    "send",
    "sent",
    "sends",
    "sending",
    "persuade",
    "persuaded",
    "press",
    "pressed",
    "presses",
    "pressing",
    "encourage",
    "encouraged",
    "encourages",
    "want",
    "wanted",
    "wants",
    "expect",
    "expected",
    "expects",
    "order",
    "ordered",
    "orders",
    "instruct",
    "instructed",
    "instructs",
    "dispatch",
    "dispatched",
    "dispatches",
    "called",
    "call",
    "calls",
    "made",
    "make",
    "makes",
    "let",
    "lets",
    "help",
    "helped",
    "helps",
];

/// Words that open a subordinate adjunct whose verb has the main clause's subject ("before
/// flying to Shanghai", "after landing in Paris").
const ADJUNCT_OPENERS: &[&str] = &[
    "before",
    "after",
    "while",
    "when",
    "since",
    "upon",
    "on",
    "by",
    "without",
    "despite",
    "until",
    "following",
    "ahead",
    "as",
];

/// Words that end a prepositional phrase's arguments.
const PHRASE_ENDS: &[&str] = &[
    "by",
    "at",
    "in",
    "to",
    "with",
    "for",
    "from",
    "on",
    "after",
    "before",
    "during",
    "of",
    "into",
    "over",
    "alongside",
    "near",
    "under",
    "since",
    "until",
    "via",
];

/// How deep the subject search may recurse through controllers and coordinations.
const MAX_DEPTH: usize = 4;

/// The verb group in this sentence whose head is token `j`.
pub fn group_headed_at(view: &View<'_, '_>, j: usize) -> Option<usize> {
    let g = view.doc.verb_at.get(j).copied().flatten()?;
    (view.doc.verbs[g].head == j).then_some(g)
}

fn group<'a>(view: &'a View<'_, '_>, g: usize) -> &'a VerbGroup {
    &view.doc.verbs[g]
}

/// Verb groups of the view's sentence, in order.
fn groups_of(view: &View<'_, '_>) -> Range<usize> {
    let verbs = &view.doc.verbs;
    let first = verbs.partition_point(|v| v.tokens.start < view.range.start);
    let last = verbs.partition_point(|v| v.tokens.start < view.range.end);
    first..last
}

/// The first token left of `j` that is not an adverb (or `None` at the sentence start).
fn left_skipping_adverbs(view: &View<'_, '_>, j: usize) -> Option<usize> {
    let mut k = j;
    while k > view.range.start {
        k -= 1;
        if view.doc.pos[k] != Pos::Adv || view.arg_at(k).is_some() {
            return Some(k);
        }
    }
    None
}

/// Whether group `g` is the verb of a relative clause ("who met", "which hosted").
pub fn relative_antecedent(view: &View<'_, '_>, g: usize) -> Option<Arg> {
    let start = group(view, g).tokens.start;
    let k = left_skipping_adverbs(view, start)?;
    if !matches!(view.key(k), "who" | "which" | "that") {
        return None;
    }
    let mut a = k;
    if a > view.range.start && view.key(a - 1) == "," {
        a -= 1;
    }
    view.arg_ending_at(a).cloned()
}

/// The subject of verb group `g`, with its conjuncts; each with the tokens before it inside the
/// coordination, where conjunct-level cues live.
pub fn subject_of(view: &View<'_, '_>, g: usize, fits: &dyn Fn(&Arg) -> bool) -> Vec<(Arg, Range<usize>)> {
    subject_at_depth(view, g, fits, 0)
}

fn subject_at_depth(
    view: &View<'_, '_>,
    g: usize,
    fits: &dyn Fn(&Arg) -> bool,
    depth: usize,
) -> Vec<(Arg, Range<usize>)> {
    if depth > MAX_DEPTH {
        return Vec::new();
    }
    let vg = group(view, g).clone();
    let start = vg.tokens.start;
    // "X, who held talks": the antecedent, with what is coordinated with it.
    if let Some(a) = relative_antecedent(view, g) {
        return if fits(&a) {
            view.with_conjuncts_left(a, &fits)
        } else {
            Vec::new()
        };
    }
    let range = groups_of(view);
    let before = left_skipping_adverbs(view, start);
    // "is scheduled to have", "asked Umerov to attend".
    if vg.form == VerbForm::Infinitive
        && let Some(c) = controller(view, g, range.clone())
    {
        let cg = group(view, c);
        // An object between the controller and "to" does it, if the verb says so.
        if OBJECT_CONTROL.contains(&view.key(cg.head)) {
            let objects = view.objects(cg.tokens.end, 10, &["to"], fits);
            if !objects.is_empty() {
                return objects;
            }
        }
        return subject_at_depth(view, c, fits, depth + 1);
    }
    // "... and meet with Zhao": a verb right after "and" shares the subject of the verb it is
    // coordinated with.
    if let Some(k) = before
        && matches!(view.key(k), "and" | "but" | "or")
        && let Some(p) = previous_main(view, g, range.clone())
    {
        return subject_at_depth(view, p, fits, depth + 1);
    }
    // "before flying to Shanghai", "After landing in Paris, accompanied by ...": a participle
    // or gerund of an adjunct has the main clause's subject.
    if matches!(vg.form, VerbForm::Gerund | VerbForm::Participle)
        && (before.is_none()
            || before.is_some_and(|k| ADJUNCT_OPENERS.contains(&view.key(k)) || view.key(k) == ","))
        && !(vg.form == VerbForm::Participle && reduced_relative(view, &vg))
        && let Some(m) = main_clause(view, g, range.clone())
    {
        return subject_at_depth(view, m, fits, depth + 1);
    }
    // A passive participle right after a noun phrase ("the team, led by"): that noun phrase.
    if vg.form == VerbForm::Participle && reduced_relative(view, &vg) {
        let mut k = start;
        while k > view.range.start && matches!(view.key(k - 1), "," | "\u{2014}" | "\u{2013}" | "-" | "--") {
            k -= 1;
        }
        return view
            .arg_ending_at(k)
            .filter(|a| fits(a))
            .map(|a| vec![(a.clone(), a.tokens.start..a.tokens.start)])
            .unwrap_or_default();
    }
    nearest_subject(view, start, fits, vg.form == VerbForm::Gerund)
}

/// The verb groups that an infinitive at `g` depends on, innermost first ("invited X to
/// visit": "invited"), whose words say whether it is planned.
pub fn controllers(view: &View<'_, '_>, g: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut g = g;
    let range = groups_of(view);
    for _ in 0..MAX_DEPTH {
        if group(view, g).form != VerbForm::Infinitive {
            break;
        }
        match controller(view, g, range.clone()) {
            Some(c) => {
                out.push(group(view, c).tokens.clone());
                g = c;
            }
            None => break,
        }
    }
    out
}

/// A participle that modifies the noun phrase before it ("the team—led by X").
fn reduced_relative(view: &View<'_, '_>, vg: &VerbGroup) -> bool {
    let mut k = vg.tokens.start;
    while k > view.range.start && matches!(view.key(k - 1), "," | "\u{2014}" | "\u{2013}" | "-" | "--") {
        k -= 1;
    }
    // "After landing in Paris, accompanied by X": a place is not accompanied; the participle
    // is the main subject's.
    let company = matches!(
        view.key(vg.head),
        "accompanied" | "escorted" | "flanked" | "joined"
    );
    vg.passive
        && view
            .arg_ending_at(k)
            .is_some_and(|a| !(company && a.etype.is_place()))
}

/// The verb group an infinitive complements: the nearest group before it with only adjectives,
/// adverbs or one object in between ("is due to attend", "plans to visit", "invited X to").
fn controller(view: &View<'_, '_>, g: usize, range: Range<usize>) -> Option<usize> {
    let start = group(view, g).tokens.start;
    let p = (range.start..g).next_back()?;
    let pg = group(view, p);
    let mut objects = 0;
    let mut j = pg.tokens.end;
    while j < start {
        if let Some(a) = view.arg_at(j) {
            objects += 1;
            j = a.tokens.end;
            continue;
        }
        let pos = view.doc.pos[j];
        let ok = matches!(
            pos,
            Pos::Adj | Pos::Adv | Pos::Det | Pos::Noun | Pos::Number | Pos::Possessive
        ) || matches!(view.key(j), "," | "'s");
        if !ok || is_boundary(view.key(j)) {
            return None;
        }
        j += 1;
    }
    (objects <= 1 && start - pg.tokens.end <= 12).then_some(p)
}

/// The verb group before `g` at the same level: not a relative clause's, not inside an
/// adjunct; the one a verb after "and" is coordinated with.
fn previous_main(view: &View<'_, '_>, g: usize, range: Range<usize>) -> Option<usize> {
    let mut p = g;
    while p > range.start {
        p -= 1;
        if relative_antecedent(view, p).is_some() {
            continue;
        }
        let vg = group(view, p);
        if matches!(vg.form, VerbForm::Finite | VerbForm::Infinitive | VerbForm::Base) {
            return Some(p);
        }
    }
    None
}

/// The main clause's verb for an adjunct at `g`: the first finite group of the sentence that is
/// not a relative clause's, before or after the adjunct.
fn main_clause(view: &View<'_, '_>, g: usize, range: Range<usize>) -> Option<usize> {
    let finite = |p: usize| {
        p != g && group(view, p).form == VerbForm::Finite && relative_antecedent(view, p).is_none()
    };
    // An adjunct after the main clause takes the last main verb before it; one that opens the
    // sentence, the first after it.
    (range.start..g)
        .rev()
        .find(|&p| finite(p))
        .or_else(|| (g + 1..range.end).find(|&p| finite(p)))
}

/// The nearest argument left of `t` that fits and is not the object of a preposition or a
/// possessor, skipping relative clauses and parentheses, with its conjuncts.
fn nearest_subject(
    view: &View<'_, '_>,
    t: usize,
    fits: &dyn Fn(&Arg) -> bool,
    gerund: bool,
) -> Vec<(Arg, Range<usize>)> {
    let floor = view.range.start.max(t.saturating_sub(80));
    // "X said the party would meet Y": a common noun phrase right before the verb is its
    // subject, even when it names nobody the article knows.
    if !gerund
        && t >= floor + 2
        && view.arg_at(t - 1).is_none()
        && view.doc.pos[t - 1] == Pos::Noun
        && matches!(view.key(t - 2), "the" | "a" | "an")
    {
        return Vec::new();
    }
    let mut j = t;
    while j > floor {
        j -= 1;
        let key = view.key(j);
        if is_boundary(key) && !matches!(key, "that" | "which") {
            return Vec::new();
        }
        // A subordinate clause's verb does not take its subject from the clause before:
        // "Residents gather ... as volunteers arrive".
        if !gerund && is_subordinator(view, j) {
            return Vec::new();
        }
        // Skip a parenthesis: "(1876-1949)", "(32 kilometers)".
        if key == ")" {
            let mut depth = 1;
            while j > floor && depth > 0 {
                j -= 1;
                match view.key(j) {
                    ")" => depth += 1,
                    "(" => depth -= 1,
                    _ => {}
                }
            }
            continue;
        }
        // Skip a relative clause ending here: ", who is in charge of economic policy,".
        if key == ","
            && let Some(w) = relative_start(view, j, floor)
        {
            j = w;
            continue;
        }
        if matches!(key, "which" | "that") {
            return Vec::new();
        }
        if let Some(a) = view.arg_at(j) {
            let a = a.clone();
            j = a.tokens.start;
            if fits(&a) && !view.is_oblique(&a) {
                // "senior officials from the US and Turkey will join": a coordination whose
                // first member is the object of a preposition is no subject, unless it is
                // right before the verb ("as to X and Y skipping the meeting").
                let all = view.with_conjuncts_left(a.clone(), &fits);
                let adjacent = gerund && a.tokens.end == t;
                if adjacent || all.first().is_none_or(|(f, _)| !view.is_oblique(f)) {
                    return all;
                }
                // "Envoys from Egypt and Saudi Arabia are expected to attend", "the delegations
                // from X, Y and Z agreed": people of those countries are the subject, with
                // whatever is coordinated with them ("Qatar's prime minister and senior
                // officials from the US and Turkey").
                if let Some(head) = all.first().and_then(|(f, _)| people_from(view, f)) {
                    let mut out = all.clone();
                    let mut k = head;
                    while k > view.range.start && matches!(view.key(k - 1), "the" | "senior" | "top") {
                        k -= 1;
                    }
                    if k > view.range.start + 1
                        && matches!(view.key(k - 1), "and" | ",")
                        && let Some(left) = view.arg_ending_at(k - 1).filter(|x| fits(x)).cloned()
                    {
                        let mut more = view.with_conjuncts_left(left, &fits);
                        more.extend(out);
                        out = more;
                    }
                    return out;
                }
                j = all.first().map(|(f, _)| f.tokens.start).unwrap_or(j);
            }
        }
    }
    Vec::new()
}

/// For an argument after "from"/"of" that follows a plural noun of people ("officials from X",
/// "delegations of X"), where that noun is.
fn people_from(view: &View<'_, '_>, a: &Arg) -> Option<usize> {
    let mut k = a.tokens.start;
    while k > view.range.start && view.key(k - 1) == "the" {
        k -= 1;
    }
    if k < view.range.start + 2 || !matches!(view.key(k - 1), "from" | "of") {
        return None;
    }
    let noun = k - 2;
    matches!(
        view.key(noun),
        "officials"
            | "envoys"
            | "delegations"
            | "representatives"
            | "diplomats"
            | "negotiators"
            | "delegates"
            | "leaders"
            | "ministers"
            | "teams"
            | "mediators"
    )
    .then_some(noun)
}

/// Words that open a subordinate clause ("as volunteers arrive", "when Xi visited").
fn is_subordinator(view: &View<'_, '_>, j: usize) -> bool {
    match view.key(j) {
        "as" => !(view.key(j + 1) == "well" || (j > view.range.start && view.key(j - 1) == "well")),
        "when" | "while" | "because" | "although" | "though" | "if" | "unless" | "until" | "once"
        | "whereas" | "where" | "whenever" => true,
        _ => false,
    }
}

/// For a comma at `comma` that closes a relative clause (", who ... ,"), where that clause's
/// opening comma is.
fn relative_start(view: &View<'_, '_>, comma: usize, floor: usize) -> Option<usize> {
    let mut k = comma;
    while k > floor + 1 {
        k -= 1;
        let key = view.key(k);
        if key == "," {
            return matches!(view.key(k + 1), "who" | "which" | "whose" | "whom").then_some(k);
        }
        if is_boundary(key) && !matches!(key, "which") {
            return None;
        }
    }
    None
}

/// A participle or gerund used as an adjective before a name: "met visiting Prime Minister X",
/// "the outgoing president".
fn adjectival(view: &View<'_, '_>, j: usize) -> bool {
    let Some(h) = view.doc.verb_at[j] else {
        return false;
    };
    let vg = &view.doc.verbs[h];
    vg.tokens.len() == 1
        && matches!(vg.form, VerbForm::Gerund | VerbForm::Participle)
        && view.arg_at(j + 1).is_some()
        && j > view.range.start
        && (view.doc.verb_at[j - 1].is_some() || matches!(view.doc.pos[j - 1], Pos::Det | Pos::Possessive))
}

/// Where the clause of group `g` ends for its objects and prepositional phrases: a boundary, a
/// relative pronoun, a verb coordinated with it, or a new clause.
pub fn clause_end(view: &View<'_, '_>, g: usize) -> usize {
    let vg = group(view, g);
    let mut j = vg.tokens.end;
    while j < view.range.end {
        let key = view.key(j);
        if is_boundary(key) || matches!(key, ":" | "who" | "whom" | "whose" | "where" | "when" | "while") {
            return j;
        }
        if view.arg_at(j).is_none()
            && let Some(h) = view.doc.verb_at[j]
            && h != g
            && !adjectival(view, j)
        {
            // Another verb: a new clause, or a verb coordinated with this one.
            return j;
        }
        if matches!(key, "and" | "but") && view.arg_at(j + 1).is_none() {
            let mut k = j + 1;
            while k < view.range.end && view.doc.pos[k] == Pos::Adv {
                k += 1;
            }
            if view.doc.verb_at.get(k).copied().flatten().is_some() {
                return j;
            }
        }
        j += 1;
    }
    view.range.end
}

/// The direct objects of group `g`: fitting arguments right after it, before any preposition.
pub fn objects_of(view: &View<'_, '_>, g: usize, fits: &dyn Fn(&Arg) -> bool) -> Vec<(Arg, Range<usize>)> {
    let vg = group(view, g);
    let end = clause_end(view, g);
    let mut j = vg.tokens.end;
    // Only determiners, adjectives and the like before the object ("the president").
    while j < end && view.arg_at(j).is_none() {
        let key = view.key(j);
        if is_preposition(key) || key == "," || (view.doc.verb_at[j].is_some() && !adjectival(view, j)) {
            return Vec::new();
        }
        j += 1;
        if j > vg.tokens.end + 4 {
            return Vec::new();
        }
    }
    view.objects(
        j,
        end.saturating_sub(j).max(1),
        &["to", "for", "with", "in", "at"],
        fits,
    )
}

/// The prepositional phrases of group `g`'s clause, left to right.
pub fn pps_of(view: &View<'_, '_>, g: usize, fits: &dyn Fn(&Arg) -> bool) -> Vec<Pp> {
    let vg = group(view, g);
    let end = clause_end(view, g);
    let mut out = Vec::new();
    let mut j = vg.tokens.end;
    while j < end {
        if let Some(a) = view.arg_at(j) {
            j = a.tokens.end;
            continue;
        }
        let key = view.key(j);
        if is_preposition(key) || matches!(key, "into" | "toward" | "towards" | "alongside") {
            // The argument the preposition governs: right after it, past determiners and
            // modifiers ("to the Egyptian capital", "with Chinese Premier Li Qiang").
            let mut k = j + 1;
            while k < end && k < j + 5 && view.arg_at(k).is_none() && !is_preposition(view.key(k)) {
                if !matches!(
                    view.doc.pos[k],
                    Pos::Det | Pos::Adj | Pos::Number | Pos::Possessive | Pos::Adv
                ) {
                    break;
                }
                k += 1;
            }
            // A phrase's arguments end where the next phrase begins ("at the Casa Rosada by
            // President X": X belongs to "by").
            let args = if view.arg_at(k).is_some() {
                view.objects(k, end.saturating_sub(k).max(1), PHRASE_ENDS, fits)
            } else {
                Vec::new()
            };
            let next = args.last().map(|(a, _)| a.tokens.end).unwrap_or(j + 1);
            out.push(Pp {
                prep: key.to_string(),
                at: j,
                args,
            });
            j = next.max(j + 1);
            continue;
        }
        j += 1;
    }
    out
}

/// People who do what the subject does, with it: "X led the team alongside Y", "X, together
/// with Y, met Z". Read from the subject to the end of the clause.
pub fn partners(
    view: &View<'_, '_>,
    g: usize,
    subjects: &[(Arg, Range<usize>)],
    fits: &dyn Fn(&Arg) -> bool,
) -> Vec<(Arg, Range<usize>)> {
    let Some(from) = subjects.iter().map(|(a, _)| a.tokens.end).min() else {
        return Vec::new();
    };
    let end = clause_end(view, g);
    let mut out = Vec::new();
    for j in from..end {
        let with = view.key(j) == "alongside"
            || (view.key(j) == "with"
                && j > view.range.start
                && matches!(view.key(j - 1), "together" | "along"));
        if !with || view.arg_at(j + 1).is_none() {
            continue;
        }
        for (a, w) in view.objects(j + 1, end.saturating_sub(j + 1).max(1), PHRASE_ENDS, fits) {
            if !subjects.iter().any(|(s, _)| s.entities == a.entities) {
                out.push((a, w));
            }
        }
    }
    out
}
