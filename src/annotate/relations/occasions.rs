//! Occasions: talks, meetings, summits and visits that a noun names ("talks between X and Y",
//! "a luncheon meeting with X", "the summit in South Africa", "his state visit to Britain"),
//! with their parties, the place where they happen and the clause that governs them. The same
//! occasion named again ("the talks", "the summit") a few sentences later is one occasion, so
//! what one sentence says of it (who takes part) and another (where, who joins) add up.
//!
//! What follows from an occasion: its parties meet each other ("meet.occasion"); whoever joins
//! or attends it meets its parties ("meet.joined"); a party from elsewhere, or whoever attends
//! it, travels to its place ("travel.occasion"); whoever visits goes where the visit goes
//! ("travel.visit_noun"). A country taking part stands for its delegation.

use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use super::args::Found;
use super::args::{actors, cover, found, is_place, meets};
use super::clause;
use super::locality::{is_foreign, is_local};
use super::phrases::{Kind, kind_of, place_phrase};
use super::view::{Arg, SentenceIndex, View, is_boundary};
use crate::annotate::syntax;
use crate::annotate::{Annotated, EntityType};
use crate::lexicon::{Lexicons, Pos, Predicate, Status};

/// "talks" → "talk", "negotiations" → "negotiation": the noun without its plural.
fn singular(key: &str) -> String {
    match key {
        "talks" | "negotiations" | "discussions" | "consultations" => "talk".to_string(),
        _ => key.trim_end_matches('s').to_string(),
    }
}

/// Verbs whose subject takes part in the occasion they govern ("held talks", "had a meeting").
const HOLD: &[&str] = &[
    "hold",
    "holds",
    "held",
    "holding",
    "have",
    "has",
    "had",
    "having",
    "conduct",
    "conducts",
    "conducted",
    "conducting",
    "begin",
    "began",
    "begun",
    "begins",
    "beginning",
    "resume",
    "resumed",
    "resumes",
    "resuming",
    "conclude",
    "concluded",
    "concludes",
    "concluding",
    "continue",
    "continued",
    "continues",
    "start",
    "started",
    "starts",
    "open",
    "opened",
    "opens",
    "launch",
    "launched",
    "wrap",
    "wrapped",
    "end",
    "ended",
    "ends",
    "finish",
    "finished",
    "complete",
    "completed",
    "stage",
    "staged",
    "make",
    "made",
    "makes",
    "making",
    "pay",
    "paid",
    "pays",
    "paying",
];

/// How a verb's subject joins an occasion that others hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// "will join ... for talks", "attended the summit": comes, meets the parties.
    Attend,
    /// "skipped", "boycotted": did not come.
    Skip,
    /// "hosted talks between X and Y": meets the parties where it is.
    Host,
}

/// Verbs whose subject joins an occasion that others hold.
const JOIN: &[(&str, Join)] = &[
    ("join", Join::Attend),
    ("joins", Join::Attend),
    ("joined", Join::Attend),
    ("joining", Join::Attend),
    ("attend", Join::Attend),
    ("attends", Join::Attend),
    ("attended", Join::Attend),
    ("attending", Join::Attend),
    ("participate", Join::Attend),
    ("participated", Join::Attend),
    ("participates", Join::Attend),
    ("participating", Join::Attend),
    ("oversee", Join::Attend),
    ("oversaw", Join::Attend),
    ("oversees", Join::Attend),
    ("overseeing", Join::Attend),
    ("mediate", Join::Attend),
    ("mediated", Join::Attend),
    ("mediating", Join::Attend),
    ("chair", Join::Attend),
    ("chaired", Join::Attend),
    ("chairing", Join::Attend),
    ("host", Join::Host),
    ("hosts", Join::Host),
    ("hosted", Join::Host),
    ("hosting", Join::Host),
    ("convene", Join::Host),
    ("convened", Join::Host),
    ("convenes", Join::Host),
    ("skip", Join::Skip),
    ("skipped", Join::Skip),
    ("skipping", Join::Skip),
    ("miss", Join::Skip),
    ("missed", Join::Skip),
    ("boycott", Join::Skip),
    ("boycotted", Join::Skip),
    ("boycotting", Join::Skip),
    ("snub", Join::Skip),
    ("snubbed", Join::Skip),
];

fn join_of(head: &str) -> Option<Join> {
    JOIN.iter().find(|(w, _)| *w == head).map(|(_, j)| *j)
}

/// A modifier naming a mediator: "US-mediated talks", "Qatar-brokered negotiations".
fn mediating(key: &str) -> bool {
    matches!(
        key,
        "mediated"
            | "brokered"
            | "hosted"
            | "sponsored"
            | "backed"
            | "led"
            | "facilitated"
            | "organised"
            | "organized"
    )
}

/// How many sentences back a phrase may refer to an occasion named by another noun.
const REACH: usize = 6;
/// How many of the latest occasions a phrase may refer to.
const RECENT_OCCASIONS: usize = 40;
/// How many sentences back "the talks" may refer to talks.
const SAME_NOUN_REACH: usize = 15;

#[derive(Debug, Default)]
struct Occasion {
    kind: Option<Kind>,
    parties: Vec<usize>,
    /// The side of each party: parties on one side ("X and Y travel for talks with Z": X
    /// and Y) do not meet each other through the occasion.
    sides: Vec<u32>,
    /// Readings so far, to number the sides of each.
    readings: u32,
    /// The noun that first named it ("talks").
    noun: String,
    /// Who has been said to travel to its place already.
    travelled: Vec<usize>,
    joiners: Vec<usize>,
    place: Option<usize>,
    last_sentence: usize,
}

/// One noun naming an occasion, read from its sentence.
struct Reading {
    kind: Kind,
    /// The noun, singular ("talk", "meeting").
    noun: String,
    /// The noun and the phrase around it.
    tokens: Range<usize>,
    /// Each party with the tokens before it and its side within this reading.
    parties: Vec<(Arg, Range<usize>, u32)>,
    joiners: Vec<(Arg, Range<usize>, Join)>,
    place: Option<Arg>,
    /// Further places in a row: "in Malaysia and later in Japan and South Korea".
    more_places: Vec<Arg>,
    /// For a visit: where it goes.
    destination: Option<Arg>,
    /// Tokens whose cues give the status (the governing verb group and the noun phrase).
    windows: Vec<Range<usize>>,
    /// The same for the parties, when the governing verb is about joiners ("will join X
    /// and Y for talks" says nothing of when X and Y talk).
    party_windows: Vec<Range<usize>>,
    /// Whether the phrase points back ("the talks", "those negotiations").
    definite: bool,
    /// Whether the phrase says it is another occasion ("the next round of talks").
    distinct: bool,
    /// A status the grammar fixes: a headline's bare infinitive ("X to join talks") is planned.
    fixed: Option<Status>,
}

/// Finds the occasions of the document and the relations they imply, each with its sentence
/// and rule id.
/// The fourth member of each item is the occasion, for grouping into one event.
pub fn relations(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    index: &SentenceIndex,
) -> Vec<(Found, usize, &'static str, usize)> {
    let countries = &index.countries;
    let mut out = Vec::new();
    let mut occasions: Vec<Occasion> = Vec::new();
    for s in 0..doc.sentences.len() {
        if doc.sentences[s].dateline {
            continue;
        }
        let view = View::new(doc, s, index);
        let r = doc.sentences[s].tokens.clone();
        for j in r.clone() {
            if index.quoted[j] || view.arg_at(j).is_some() {
                continue;
            }
            let Some(kind) = kind_of(doc.key(j)) else { continue };
            if !matches!(doc.pos[j], Pos::Noun | Pos::Proper) {
                continue;
            }
            // "round" names an occasion only as "a round of talks", read at "talks".
            if doc.key(j) == "round" {
                continue;
            }
            let Some(reading) = read(&view, lex, j, kind) else {
                continue;
            };
            let o = attach(&mut occasions, &reading, s);
            let mut emitted = Vec::new();
            emit(
                doc,
                lex,
                &view,
                &mut occasions[o],
                &reading,
                s,
                countries,
                &mut emitted,
            );
            out.extend(emitted.into_iter().map(|(f, s, rule)| (f, s, rule, o)));
        }
        // "Ukraine has confirmed it will attend": attending with nothing named attends the
        // occasion just talked about.
        for g in groups_in(doc, s) {
            let Some(reading) = bare_attendance(&view, g, &occasions, s) else {
                continue;
            };
            let o = reading.1;
            let reading = reading.0;
            occasions[o].last_sentence = s;
            let mut emitted = Vec::new();
            emit(
                doc,
                lex,
                &view,
                &mut occasions[o],
                &reading,
                s,
                countries,
                &mut emitted,
            );
            out.extend(emitted.into_iter().map(|(f, s, rule)| (f, s, rule, o)));
        }
    }
    out
}

/// The verb groups of sentence `s`.
fn groups_in(doc: &Annotated<'_>, s: usize) -> Vec<usize> {
    let first = doc.verbs.partition_point(|v| v.sentence < s);
    (first..doc.verbs.len())
        .take_while(|&g| doc.verbs[g].sentence == s)
        .collect()
}

/// A verb of attending with no occasion named after it, read as joining the most recent
/// occasion of the last two sentences.
fn bare_attendance(
    view: &View<'_, '_>,
    g: usize,
    occasions: &[Occasion],
    s: usize,
) -> Option<(Reading, usize)> {
    let doc = view.doc;
    let vg = &doc.verbs[g];
    let how = join_of(doc.key(vg.head))?;
    if how == Join::Host || view.doc.verb_at[vg.head].is_none() {
        return None;
    }
    let end = clause::clause_end(view, g);
    // An object of its own ("attended the summit", "joined the government") is no bare
    // attendance.
    if (vg.tokens.end..end.min(vg.tokens.end + 3))
        .any(|j| view.arg_at(j).is_some() || matches!(doc.pos[j], Pos::Noun | Pos::Det | Pos::Possessive))
    {
        return None;
    }
    let from = occasions.len().saturating_sub(RECENT_OCCASIONS);
    let o = from
        + occasions[from..].iter().rposition(|o| {
            o.kind != Some(Kind::Visit) && o.last_sentence + 2 >= s && !o.parties.is_empty()
        })?;
    let fits = meets(view);
    let subject_fits = |a: &Arg| fits(a) || a.etype == EntityType::Country;
    let subjects = clause::subject_of(view, g, &subject_fits);
    if subjects.is_empty() {
        return None;
    }
    let mut windows = vec![vg.tokens.clone()];
    windows.extend(clause::controllers(view, g));
    if let Some((a, _)) = subjects.last() {
        windows.push(a.tokens.end.min(vg.tokens.start)..vg.tokens.start);
    }
    let reading = Reading {
        kind: occasions[o].kind.unwrap_or(Kind::Talks),
        noun: occasions[o].noun.clone(),
        tokens: vg.tokens.clone(),
        parties: Vec::new(),
        joiners: subjects.into_iter().map(|(a, w)| (a, w, how)).collect(),
        place: None,
        more_places: Vec::new(),
        destination: None,
        party_windows: windows.clone(),
        windows,
        definite: true,
        distinct: false,
        fixed: None,
    };
    Some((reading, o))
}

/// Which occasion a reading names: a recent one of the same kind when it points back or
/// shares a party, else a new one.
fn attach(occasions: &mut Vec<Occasion>, r: &Reading, s: usize) -> usize {
    let compatible = |o: &Occasion| {
        o.last_sentence + if o.noun == r.noun { SAME_NOUN_REACH } else { REACH } >= s
            && match (o.kind, r.kind) {
                (Some(a), b) => a == b || (a != Kind::Visit && b != Kind::Visit),
                (None, _) => true,
            }
    };
    let ids: Vec<usize> = r
        .parties
        .iter()
        .flat_map(|(a, _, _)| a.entities.clone())
        .collect();
    // Somewhere else is another occasion: "meetings in Busan" after a summit in Seoul, or
    // "to hold meetings in Busan" (not "the meetings") after a summit whose place is unsaid.
    let elsewhere = |o: &Occasion| match (o.place, &r.place) {
        (Some(p), Some(q)) => p != q.entity,
        (None, Some(_)) => !r.definite,
        _ => false,
    };
    let fits = |o: &Occasion| {
        compatible(o)
            && !elsewhere(o)
            && (ids.is_empty() && r.definite && !r.distinct
                || (!ids.is_empty() && ids.iter().all(|e| o.parties.contains(e) || o.joiners.contains(e)))
                || (r.definite && !r.distinct && o.parties.is_empty()))
    };
    // "the talks" goes back to talks before it goes back to "his conversations"; "the last
    // round of talks" is another occasion.
    // Only the last occasions can be in reach; looking further back would make long texts
    // quadratic.
    let from = occasions.len().saturating_sub(RECENT_OCCASIONS);
    let found = if r.distinct {
        None
    } else {
        occasions[from..]
            .iter()
            .rposition(|o| fits(o) && o.noun == r.noun)
            .or_else(|| {
                // A phrase that only points back ("the summit") needs the same noun.
                if ids.is_empty() {
                    None
                } else {
                    occasions[from..].iter().rposition(fits)
                }
            })
            .map(|i| from + i)
    };
    match found {
        Some(o) => {
            occasions[o].last_sentence = s;
            o
        }
        None => {
            occasions.push(Occasion {
                kind: Some(r.kind),
                noun: r.noun.clone(),
                last_sentence: s,
                ..Default::default()
            });
            occasions.len() - 1
        }
    }
}

/// Reads the phrase around an occasion noun at `j`.
fn read(view: &View<'_, '_>, lex: &Lexicons, j: usize, kind: Kind) -> Option<Reading> {
    let doc = view.doc;
    let fits = meets(view);
    let mut parties: Vec<(Arg, Range<usize>, u32)> = Vec::new();
    // Sides: 0 is the governing verb's subject (and a possessor), 1 the "with" phrase; each
    // member of a "between" list or a hyphenated pair is a side of its own.
    let mut own_side = 10u32;
    let mut next_side = || {
        own_side += 1;
        own_side
    };
    let mut joiners: Vec<(Arg, Range<usize>, Join)> = Vec::new();
    // Left of the noun: modifiers, hyphenated pairs ("Russia-Ukraine"), a mediator
    // ("US-mediated"), a possessor ("Lee's", "their"), a determiner.
    let mut k = j;
    let mut definite = false;
    // "the next round of talks" is another occasion; "trilateral talks with X and Y": X and Y
    // meet each other too.
    let mut distinct = false;
    let mut many_sided = false;
    while k > view.range.start {
        let p = k - 1;
        if let Some(a) = view.arg_at(p) {
            let a = a.clone();
            let after = a.tokens.end;
            if matches!(doc.key(after), "'s" | "'") {
                if fits(&a) || a.etype == EntityType::Person {
                    parties.push((a.clone(), a.tokens.start..a.tokens.start, 0));
                }
                k = a.tokens.start;
                break;
            }
            if doc.key(after) == "-" && mediating(doc.key(after + 1)) {
                if fits(&a) {
                    joiners.push((a.clone(), a.tokens.start..a.tokens.start, Join::Attend));
                }
                k = a.tokens.start;
                continue;
            }
            // "Russia-Ukraine talks": hyphenated sides; "the Mercosur summit", "NATO talks": a
            // name before the noun says whose occasion it is, not who meets.
            if doc.key(after) == "-" && fits(&a) && !a.etype.is_place() {
                parties.push((a.clone(), a.tokens.start..a.tokens.start, next_side()));
                k = a.tokens.start;
                continue;
            }
            // "his talks with Tusk": a possessive pronoun is whose occasion it is.
            if after == k && matches!(doc.key(a.tokens.start), "his" | "her" | "their" | "its") {
                if fits(&a) || a.etype == EntityType::Person {
                    parties.push((a.clone(), a.tokens.start..a.tokens.start, 0));
                }
                definite = true;
                k = a.tokens.start;
                break;
            }
            if after == k && !a.etype.is_place() {
                let hyphen_before = a.tokens.start > view.range.start && doc.key(a.tokens.start - 1) == "-";
                if hyphen_before && fits(&a) {
                    parties.push((a.clone(), a.tokens.start..a.tokens.start, next_side()));
                }
                k = a.tokens.start;
                continue;
            }
            if a.etype.is_place() {
                // "the Geneva talks": where, not who.
                k = a.tokens.start;
                continue;
            }
            break;
        }
        let key = doc.key(p);
        // "Wang's first trip": the possessor.
        if matches!(key, "'s" | "'")
            && let Some(a) = view.arg_ending_at(p).cloned()
        {
            if fits(&a) || a.etype == EntityType::Person {
                parties.push((a.clone(), a.tokens.start..a.tokens.start, 0));
            }
            k = a.tokens.start;
            break;
        }
        if matches!(key, "the" | "those" | "these" | "this" | "that") {
            definite = true;
            k = p;
            break;
        }
        if matches!(key, "his" | "her" | "their" | "its") {
            if let Some(m) = index_pronoun(view, p)
                && let Some(e) = doc.mentions[m].entity
            {
                let etype = doc.entities[e].etype;
                if etype.is_actor() {
                    parties.push((
                        Arg {
                            tokens: p..p + 1,
                            entity: e,
                            entities: vec![e],
                            etype,
                        },
                        p..p,
                        0,
                    ));
                }
            }
            definite = true;
            k = p;
            break;
        }
        if matches!(key, "a" | "an") {
            k = p;
            break;
        }
        if matches!(
            key,
            "last"
                | "previous"
                | "earlier"
                | "next"
                | "new"
                | "another"
                | "latest"
                | "upcoming"
                | "future"
                | "fresh"
                | "further"
                | "first"
                | "second"
                | "third"
                | "fourth"
                | "fifth"
        ) {
            distinct = true;
        }
        if matches!(
            key,
            "trilateral" | "three-way" | "multilateral" | "quadrilateral" | "four-way" | "three-party"
        ) {
            many_sided = true;
        }
        let modifier = matches!(doc.pos[p], Pos::Adj | Pos::Noun | Pos::Number | Pos::Participle)
            || matches!(key, "-" | "of" | "round" | "rounds")
            || mediating(key);
        if !modifier || is_boundary(key) {
            break;
        }
        k = p;
    }
    let np_start = k;
    // Right of the noun: "with X and Y", "between X and Y", "in PLACE", "to PLACE".
    let mut place = None;
    let mut more_places: Vec<Arg> = Vec::new();
    let mut destination = None;
    let mut e = j + 1;
    let limit = view.range.end.min(j + 25);
    while e < limit {
        let key = doc.key(e);
        if is_boundary(key) || matches!(key, ";" | ":" | "who" | "which" | "where" | "when") {
            break;
        }
        if view.arg_at(e).is_none() && doc.verb_at[e].is_some() {
            break;
        }
        match key {
            "with" | "between" | "among" | "involving" => {
                let found = view.objects(e + 1, 12, &["in", "at", "on", "to", "for", "over"], &fits);
                if found.is_empty() {
                    e += 1;
                    continue;
                }
                e = found.last().map(|(a, _)| a.tokens.end).unwrap_or(e + 1);
                for (a, w) in found {
                    let side = if key == "with" && !many_sided {
                        1
                    } else {
                        next_side()
                    };
                    parties.push((a, w, side));
                }
                continue;
            }
            "in" | "at" if place.is_none() => {
                if let Some((a, end)) = place_phrase(view, e + 1, limit) {
                    place = Some(a);
                    e = end;
                    // "and later in Japan and South Korea".
                    while e < limit && matches!(view.key(e), "and" | ",") {
                        let mut k = e + 1;
                        while k < limit
                            && matches!(view.key(k), "later" | "then" | "also" | "finally" | "and")
                        {
                            k += 1;
                        }
                        if k < limit && matches!(view.key(k), "in" | "at" | "to") {
                            k += 1;
                        }
                        match place_phrase(view, k, limit) {
                            Some((a, end)) if is_place(&a) => {
                                more_places.push(a);
                                e = end;
                            }
                            _ => break,
                        }
                    }
                    continue;
                }
            }
            "to" if kind == Kind::Visit && destination.is_none() => {
                if let Some((a, end)) = place_phrase(view, e + 1, limit) {
                    destination = Some(a);
                    e = end;
                    continue;
                }
            }
            _ => {}
        }
        if key == "," && !view.arg_at(e + 1).is_some_and(is_place) {
            break;
        }
        e += 1;
    }
    let np = np_start..e.max(j + 1);
    // The clause around: the verb that governs the phrase, and whose subject takes part.
    let mut windows = vec![
        np_start.saturating_sub(3).max(view.range.start)..np_start,
        np.clone(),
    ];
    let mut party_windows = None;
    let mut fixed = None;
    if let Some((g, role)) = governor(view, np_start) {
        let vg = doc.verbs[g].clone();
        if vg.form == crate::annotate::syntax::VerbForm::Infinitive
            && clause::controllers(view, g).is_empty()
            && role != Governed::During
        {
            fixed = Some(if vg.negated {
                Status::Negated
            } else {
                Status::Planned
            });
        }
        let head = doc.key(vg.head);
        let subject_fits = |a: &Arg| fits(a) || a.etype == EntityType::Country;
        let subjects = clause::subject_of(view, g, &subject_fits);
        let cue_from = subjects
            .last()
            .map(|(a, _)| a.tokens.end.min(vg.tokens.start))
            .unwrap_or(vg.tokens.start);
        // "agreed to strengthen ties during a summit": what the clause plans says nothing of
        // whether the summit took place; the phrase itself does.
        if role != Governed::During {
            windows.push(cue_from..vg.tokens.end);
        }
        match role {
            Governed::Object if HOLD.contains(&head) && kind != Kind::Visit => {
                // "X and Y held talks" (no "with"): each is a side.
                let with = parties.iter().any(|(_, _, side)| *side == 1);
                for (a, w) in subjects {
                    let side = if with { 0 } else { next_side() };
                    parties.push((a, w, side));
                }
            }
            Governed::Object | Governed::For if join_of(head).is_some() => {
                party_windows = Some(vec![np.clone()]);
                let how = join_of(head).unwrap_or(Join::Attend);
                for (a, w) in subjects {
                    joiners.push((a, w, how));
                }
                // "chaired the talks alongside X": X joins too.
                for pp in clause::pps_of(view, g, &fits) {
                    if pp.prep == "alongside" && pp.at >= np_start {
                        for (a, w) in pp.args {
                            joiners.push((a, w, how));
                        }
                    }
                }
                // "will join Hamas and Israeli negotiators for talks": the joined are the parties.
                if role == Governed::For {
                    for (a, w) in clause::objects_of(view, g, &fits) {
                        parties.push((a, w, next_side()));
                    }
                }
            }
            Governed::Object if kind == Kind::Visit && (HOLD.contains(&head) || syntax::is_be(head)) => {
                // "made a state visit to Britain", "is on a visit to Laos": the subject visits.
                parties.extend(subjects.into_iter().map(|(a, w)| (a, w, 0)));
            }
            Governed::During if kind == Kind::Visit => {
                // "returned home after a three-day visit to India": the subject made the visit.
                parties.extend(subjects.into_iter().map(|(a, w)| (a, w, 0)));
            }
            Governed::During if kind != Kind::Visit => {
                // "X and Y agreed ... during a summit in Tokyo": each took part, as a side.
                let with = parties.iter().any(|(_, _, side)| *side == 1);
                for (a, w) in subjects {
                    let side = if with { 0 } else { next_side() };
                    parties.push((a, w, side));
                }
            }
            Governed::For if kind != Kind::Visit => {
                // "is scheduled to travel to Moscow for talks with the Russian side": whoever
                // goes somewhere for talks takes part in them, as one side.
                parties.extend(subjects.into_iter().map(|(a, w)| (a, w, 0)));
            }
            _ => {}
        }
    }
    let _ = lex;
    if parties.is_empty() && joiners.is_empty() && place.is_none() && destination.is_none() && !definite {
        return None;
    }
    Some(Reading {
        kind,
        noun: singular(doc.key(j)),
        tokens: np,
        parties,
        joiners,
        place,
        more_places,
        destination,
        party_windows: party_windows.unwrap_or_else(|| windows.clone()),
        windows,
        definite,
        distinct,
        fixed,
    })
}

/// How a noun phrase hangs on the verb that governs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Governed {
    /// "held talks", "attend the summit", "had a luncheon meeting".
    Object,
    /// "join X for talks", "arrived for talks".
    For,
    /// "agreed ... during a summit": the clause happened at the occasion.
    During,
}

/// The verb group whose object (or "for" phrase) the noun phrase starting at `np_start` is.
fn governor(view: &View<'_, '_>, np_start: usize) -> Option<(usize, Governed)> {
    let doc = view.doc;
    let mut k = np_start;
    let mut role = Governed::Object;
    // Skip "three hours of", "a new round of", "part in".
    let floor = view.range.start.max(np_start.saturating_sub(14));
    while k > floor {
        let p = k - 1;
        if let Some(g) = doc.verb_at[p] {
            return Some((g, role));
        }
        let key = doc.key(p);
        if matches!(key, "for" | "during" | "after" | "following") {
            role = if key == "for" {
                Governed::For
            } else {
                Governed::During
            };
            // "will join X and Y for talks": past the objects to the verb.
            let mut q = p;
            while q > floor {
                q -= 1;
                if let Some(g) = doc.verb_at[q] {
                    return Some((g, role));
                }
                if let Some(a) = view.arg_at(q) {
                    q = a.tokens.start;
                    continue;
                }
                // "agreed to strengthen ties during a summit": any words of the clause.
                if role == Governed::During && !is_boundary(doc.key(q)) && doc.key(q) != "," {
                    continue;
                }
                if !matches!(
                    doc.key(q),
                    "and"
                        | ","
                        | "on"
                        | "in"
                        | "at"
                        | "to"
                        | "into"
                        | "from"
                        | "the"
                        | "today"
                        | "tomorrow"
                        | "week"
                        | "weekend"
                        | "month"
                        | "year"
                        | "morning"
                        | "afternoon"
                        | "evening"
                ) && !matches!(doc.pos[q], Pos::Adv | Pos::Det | Pos::Adj | Pos::Number)
                    && !is_weekday(doc.key(q))
                {
                    return None;
                }
            }
            return None;
        }
        if !(matches!(key, "of" | "in" | "part" | "a" | "an" | "the" | "on")
            || matches!(doc.pos[p], Pos::Number | Pos::Adj | Pos::Noun | Pos::Adv))
            || view.arg_at(p).is_some()
        {
            return None;
        }
        k = p;
    }
    None
}

fn is_weekday(key: &str) -> bool {
    matches!(
        key,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// The pronoun mention at token `p`, if any.
fn index_pronoun(view: &View<'_, '_>, p: usize) -> Option<usize> {
    let doc = view.doc;
    let i = doc.mentions.partition_point(|m| m.tokens.start < p);
    (i < doc.mentions.len() && doc.mentions[i].tokens.start == p).then_some(i)
}

/// Adds what a reading says to its occasion and emits the relations that become known.
#[allow(clippy::too_many_arguments)]
fn emit(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    view: &View<'_, '_>,
    o: &mut Occasion,
    r: &Reading,
    s: usize,
    countries: &HashMap<usize, usize>,
    out: &mut Vec<(Found, usize, &'static str)>,
) {
    let windows = r.windows.clone();
    let evidence = |a: &Range<usize>| cover(&r.tokens, a);
    if let Some(p) = &r.place {
        o.place.get_or_insert(p.entity);
    }
    // New parties meet the parties already known on other sides, and the joiners.
    o.readings += 1;
    let base = 1000 * o.readings;
    for (a, w, side) in &r.parties {
        let side = base + side;
        for e in actors(view, a) {
            if o.parties.contains(&e) {
                continue;
            }
            if r.kind != Kind::Visit {
                let others: Vec<usize> = o
                    .parties
                    .iter()
                    .zip(&o.sides)
                    .filter(|(_, s)| **s != side)
                    .map(|(p, _)| *p)
                    .chain(o.joiners.iter().copied())
                    .collect();
                for other in others {
                    if other != e {
                        let mut ws = if o.joiners.contains(&other) {
                            windows.clone()
                        } else {
                            r.party_windows.clone()
                        };
                        ws.push(w.clone());
                        let mut f = found(Predicate::MetWith, e, other, ws, evidence(&a.tokens));
                        if o.joiners.contains(&other) {
                            f.fixed = r.fixed;
                        }
                        out.push((f, s, "meet.occasion"));
                    }
                }
            }
            o.parties.push(e);
            o.sides.push(side);
        }
    }
    for (a, w, how) in &r.joiners {
        for e in actors(view, a) {
            if o.joiners.contains(&e) || o.parties.contains(&e) {
                continue;
            }
            let mut ws = windows.clone();
            ws.push(w.clone());
            let f_fixed = if *how == Join::Skip {
                Some(Status::Negated)
            } else {
                r.fixed
            };
            if r.kind == Kind::Talks {
                for &other in &o.parties {
                    if other != e {
                        let mut f = found(Predicate::MetWith, e, other, ws.clone(), evidence(&a.tokens));
                        f.fixed = f_fixed;
                        out.push((f, s, "meet.joined"));
                    }
                }
            }
            if let Some(place) = o.place
                && *how != Join::Host
                && !is_local(doc, countries, e, place)
                && !o.travelled.contains(&e)
            {
                let mut f = found(Predicate::TravelsTo, e, place, ws.clone(), evidence(&a.tokens));
                f.fixed = f_fixed;
                out.push((f, s, "travel.occasion"));
                o.travelled.push(e);
            }
            o.joiners.push(e);
        }
    }
    // Parties from elsewhere travel to the place, once it is known, unless the occasion may
    // not happen or did not.
    let status = crate::annotate::modality::status_in(doc, lex, &windows);
    if let Some(place) = o.place
        && r.kind != Kind::Visit
        && !matches!(status, Status::Possible | Status::Negated)
    {
        for &e in &o.parties {
            if is_foreign(doc, countries, e, place) && !o.travelled.contains(&e) {
                let mut f = found(Predicate::TravelsTo, e, place, windows.clone(), r.tokens.clone());
                f.fixed = r.fixed;
                out.push((f, s, "travel.occasion"));
                o.travelled.push(e);
            }
            for more in &r.more_places {
                if is_foreign(doc, countries, e, more.entity) {
                    let mut f = found(
                        Predicate::TravelsTo,
                        e,
                        more.entity,
                        windows.clone(),
                        r.tokens.clone(),
                    );
                    f.fixed = r.fixed;
                    out.push((f, s, "travel.occasion"));
                }
            }
        }
    }
    if r.kind == Kind::Visit
        && let Some(d) = &r.destination
    {
        for &e in &o.parties {
            if doc.entities[e].etype.is_place() {
                continue;
            }
            out.push((
                found(
                    Predicate::TravelsTo,
                    e,
                    d.entity,
                    windows.clone(),
                    cover(&r.tokens, &d.tokens),
                ),
                s,
                "travel.visit_noun",
            ));
        }
    }
}
