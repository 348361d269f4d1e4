//! Noun phrases that more than one frame reads: the nouns that name occasions (talks,
//! summits, visits) and the place a phrase names ("the Egyptian resort Sharm El Sheikh").

use super::args::is_place;
use super::view::{Arg, View, is_boundary};
use crate::annotate::MentionKind;
use crate::lexicon::Pos;

/// What kind of occasion a noun names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Talks, negotiations, meetings, dinners: the parties meet.
    Talks,
    /// Summits, conferences, gatherings: attendees meet only where the text says so.
    Summit,
    /// Visits and trips: who makes them goes somewhere.
    Visit,
}

/// Whether a word names an occasion ("talks", "meeting", "summit", "visit").
pub fn is_occasion_noun(key: &str) -> bool {
    kind_of(key).is_some()
}

/// The kind of occasion a word names, if it names one.
pub fn kind_of(key: &str) -> Option<Kind> {
    Some(match key {
        "talks" | "negotiations" | "discussions" | "consultations" | "meeting" | "meetings" | "sit-down"
        | "dinner" | "luncheon" | "lunch" | "breakfast" | "banquet" | "conversations" | "round" => {
            Kind::Talks
        }
        "summit" | "summits" | "conference" | "gathering" | "forum" | "ceremony" => Kind::Summit,
        "visit" | "trip" | "tour" | "journey" => Kind::Visit,
        _ => return None,
    })
}

/// The place a noun phrase starting at `from` names: its last place, the head ("the Egyptian
/// Red Sea resort Sharm El Sheikh" is Sharm El Sheikh), never a possessor ("Oman's permanent
/// mission" names no place); with where the phrase ends.
pub fn place_phrase(view: &View<'_, '_>, from: usize, limit: usize) -> Option<(Arg, usize)> {
    let doc = view.doc;
    let mut head: Option<Arg> = None;
    let mut q = from;
    while q < limit {
        if let Some(a) = view.arg_at(q) {
            let a = a.clone();
            q = a.tokens.end;
            if matches!(doc.key(q), "'s" | "'") {
                head = None;
                q += 1;
                continue;
            }
            if !is_place(&a) {
                break;
            }
            // "in the Russian government": a demonym before a noun says whose, not where.
            if is_demonym(view, &a) && q < limit && matches!(doc.pos[q], Pos::Noun) {
                head = None;
                continue;
            }
            head = Some(a);
            continue;
        }
        if !matches!(doc.pos[q], Pos::Det | Pos::Adj | Pos::Noun | Pos::Number) || is_boundary(doc.key(q)) {
            break;
        }
        q += 1;
    }
    head.map(|a| (a, q))
}

/// Whether an argument is written as a demonym ("Russian"), not as its country's name.
fn is_demonym(view: &View<'_, '_>, a: &Arg) -> bool {
    let mentions = &view.doc.mentions;
    let from = mentions.partition_point(|m| m.tokens.start < a.tokens.start);
    mentions[from..]
        .iter()
        .take_while(|m| m.tokens.start == a.tokens.start)
        .any(|m| m.tokens == a.tokens && m.kind == MentionKind::Demonym)
}
