//! What the frames share about arguments: which ones travel, meet or are places, what a
//! country stands for as a participant, and how a found relation is put together.

use std::ops::Range;

use super::view::{Arg, View};
use crate::annotate::EntityType;
use crate::lexicon::{Predicate, Status};

/// A relation found by a frame, before it gets its evidence span.
#[derive(Debug, Clone)]
pub struct Found {
    pub predicate: Predicate,
    pub subject: usize,
    pub object: usize,
    pub windows: Vec<Range<usize>>,
    pub fixed: Option<Status>,
    /// Tokens of the arguments and trigger, for the evidence span.
    pub tokens: Range<usize>,
}

/// People and delegations travel; organisations and countries do not.
pub fn is_traveller(a: &Arg) -> bool {
    matches!(a.etype, EntityType::Person | EntityType::Delegation)
}

/// Cities, countries, regions and other places.
pub fn is_place(a: &Arg) -> bool {
    a.etype.is_place()
}

/// People, organisations, delegations, and countries that have a delegation in the article.
pub fn meets<'v>(view: &'v View<'_, '_>) -> impl Fn(&Arg) -> bool + 'v {
    move |a: &Arg| {
        a.etype.is_actor() || (a.etype == EntityType::Country && view.index.side_of.contains_key(&a.entity))
    }
}

/// The entities an argument stands for as a participant: a country stands for its delegation.
pub fn actors(view: &View<'_, '_>, a: &Arg) -> Vec<usize> {
    if a.etype == EntityType::Country {
        return view.index.side_of.get(&a.entity).copied().into_iter().collect();
    }
    a.entities.clone()
}

/// A relation found by a frame, with the tokens its status is read from.
pub fn found(
    predicate: Predicate,
    subject: usize,
    object: usize,
    windows: Vec<Range<usize>>,
    tokens: Range<usize>,
) -> Found {
    Found {
        predicate,
        subject,
        object,
        windows,
        fixed: None,
        tokens,
    }
}

/// The tokens from the first of two ranges to the end of the last.
pub fn cover(a: &Range<usize>, b: &Range<usize>) -> Range<usize> {
    a.start.min(b.start)..a.end.max(b.end)
}
