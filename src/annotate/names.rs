//! Proper-name shapes: finds runs of capitalised words ("Badr bin Hamad al-Busaidi",
//! "National Security and Defense Council", "InterContinental Hotel") and the context around
//! them that the mention stage needs to type them.
//!
//! Consumes tokens and the lexicons; produces [`NameCandidate`]s. Typing is left to the
//! mention stage, which sees the whole document (a surname seen in a full name is a person).

use std::ops::Range;

use super::Annotated;
use super::tokens::{Case, TokenKind};
use crate::lexicon::{CalendarClass, Lexicons, WordClass};

/// A capitalised run and what surrounds it.
#[derive(Debug, Clone)]
pub struct NameCandidate {
    pub tokens: Range<usize>,
    pub sentence: usize,
    /// The keyword class of the head (last word before any "of ..." tail).
    pub head: Option<WordClass>,
    /// The first word is an organisation head ("Ministry of Defence").
    pub org_first: bool,
    /// A job title or honorific stands right before it.
    pub after_title: bool,
    /// The preposition right before it, lower-cased ("in", "to").
    pub after_prep: Option<String>,
    /// "at"/"during"/"ahead of" before it: a conference there is an event.
    pub event_context: bool,
    /// A single upper-case word ("AFP", "IAEA").
    pub acronym: bool,
    pub has_digit: bool,
    /// Followed by a speech verb ("Grossi said") or an apposition with a title.
    pub person_context: bool,
    /// Inside a dateline: a place, or the agency.
    pub dateline: bool,
    pub agency: bool,
    /// A common word opening a sentence: kept only when it is a known person's name.
    pub initial_common: bool,
}

/// Whether token `i` starts a sentence (or a quotation or clause that behaves like one).
pub fn at_sentence_start(doc: &Annotated<'_>, i: usize, sentence_start: usize) -> bool {
    if i == sentence_start {
        return true;
    }
    let prev = doc.tok(i - 1);
    matches!(
        prev,
        "\"" | "\u{201C}" | "'" | "\u{2018}" | "(" | "[" | "\u{2014}" | "\u{2013}" | ":"
    ) || doc.tokens[i - 1].kind == TokenKind::Symbol
        && (i - 1 == sentence_start || at_sentence_start(doc, i - 1, sentence_start))
}

/// A capitalised word that may start or continue a name.
pub fn is_name_word(doc: &Annotated<'_>, lex: &Lexicons, i: usize) -> bool {
    let t = &doc.tokens[i];
    if t.kind != TokenKind::Word || !matches!(t.case, Case::Title | Case::Upper) {
        return false;
    }
    let key = doc.key(i);
    if key == "i" || key == "'s" {
        return false;
    }
    if matches!(
        lex.calendar.get(key),
        Some((CalendarClass::Weekday | CalendarClass::Month, _))
    ) {
        return false;
    }
    // Capitalised titles ("President", "Secretary of State") introduce names; they are not
    // part of them.
    if lex
        .titles
        .senses_at(doc.sentence_keys(i), i)
        .is_some_and(|(_, s)| {
            s.iter()
                .any(|s| s.class.is_job() || s.class == crate::lexicon::TitleClass::Honorific)
        })
    {
        return false;
    }
    true
}

/// The capitalised run starting at `i` (which must be a name word), within `limit`.
/// `claimed` marks tokens already taken by other mentions.
pub fn scan(doc: &Annotated<'_>, lex: &Lexicons, i: usize, limit: usize, claimed: &[bool]) -> Range<usize> {
    let free = |j: usize| j < limit && !claimed[j];
    let mut end = i + 1;
    let mut last_good = end;
    // Words of one name are separated by white space only ("Hallandale Beach, Florida" is two).
    let joined = |j: usize| {
        doc.doc.text[doc.tokens[j - 1].span.end..doc.tokens[j].span.start]
            .trim()
            .is_empty()
    };
    while free(end) && joined(end) {
        let t = &doc.tokens[end];
        let key = doc.key(end);
        if is_name_word(doc, lex, end) && t.space_before {
            end += 1;
            last_good = end;
        } else if key == "-"
            && !t.space_before
            && free(end + 1)
            && !doc.tokens[end + 1].space_before
            && (is_name_word(doc, lex, end + 1) || lex.keywords.is(doc.key(end + 1), WordClass::Particle))
        {
            // "al-Busaidi", "Jean-Yves"; the word after the hyphen is taken next round.
            end += 1;
            if !is_name_word(doc, lex, end) {
                end += 1; // a particle after the hyphen, as in "Sharm el-Sheikh"
            }
        } else if key == "-"
            && !t.space_before
            && free(end + 1)
            && !doc.tokens[end + 1].space_before
            && doc.tokens[end + 1].case == Case::Lower
            && doc.tokens[end + 1].kind == TokenKind::Word
            && doc.key(end + 1).chars().count() <= 4
            && !lex.common_words.contains(doc.key(end + 1))
            && doc.tokens[end - 1].case == Case::Title
        {
            // The lower-case second half of a given name: "Min-jae", "Jong-un", "Jin-ho".
            end += 2;
            last_good = end;
        } else if !t.space_before
            && doc.tokens[end - 1].kind == TokenKind::Punct
            && is_name_word(doc, lex, end)
        {
            end += 1;
            last_good = end;
        } else if key == "'s"
            && matches!(doc.key(end - 1), "people" | "workers")
            && free(end + 1)
            && is_name_word(doc, lex, end + 1)
        {
            // "National People's Congress", "Workers' Party".
            end += 1;
        } else if lex.keywords.is(key, WordClass::NameConnector)
            && t.case == Case::Lower
            && doc.key(end + 1) == "the"
            && free(end + 2)
            && is_name_word(doc, lex, end + 2)
            && (lex.keywords.is(doc.key(end - 1), WordClass::OrgHead)
                || lex.keywords.is(doc.key(end - 1), WordClass::PlaceHead))
        {
            // "Standing Committee of the National People's Congress".
            end += 2;
        } else if (lex.keywords.is(key, WordClass::Particle)
            || lex.keywords.is(key, WordClass::NameConnector))
            && t.case == Case::Lower
            && free(end + 1)
            && (is_name_word(doc, lex, end + 1)
                || (doc.key(end + 1) == "-" && !doc.tokens[end + 1].space_before)
                // "van den Broeck", "bin Abdul"
                || (lex.keywords.is(doc.key(end + 1), WordClass::Particle)
                    && free(end + 2)
                    && is_name_word(doc, lex, end + 2)))
        {
            end += 1;
        } else {
            break;
        }
    }
    cut_connectors(doc, lex, i..last_good)
}

/// "Ministry of Defence", "National Security and Defense Council", "Conference of
/// Disarmament" keep their "of"/"and"; "Witkoff and Kushner" is two names.
fn cut_connectors(doc: &Annotated<'_>, lex: &Lexicons, r: Range<usize>) -> Range<usize> {
    let is_head = |j: usize| {
        lex.keywords.is(doc.key(j), WordClass::OrgHead) || lex.keywords.is(doc.key(j), WordClass::PlaceHead)
    };
    let connector = r.clone().find(|&j| {
        doc.tokens[j].case == Case::Lower && lex.keywords.is(doc.key(j), WordClass::NameConnector)
    });
    let Some(c) = connector else { return r };
    if is_head(r.end - 1) || is_head(r.start) || (c > r.start && is_head(c - 1)) {
        return r;
    }
    r.start..c
}

/// Describes the run `r`; `limit` is the end of its sentence.
pub fn candidate(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    r: Range<usize>,
    sentence: usize,
    sentence_start: usize,
    limit: usize,
) -> NameCandidate {
    let words: Vec<usize> = r
        .clone()
        .filter(|&j| doc.tokens[j].kind == TokenKind::Word)
        .collect();
    // The head is the last capitalised word before a connector ("Conference" in
    // "Conference of Disarmament"), or the last word.
    let connector = words.iter().position(|&j| {
        doc.tokens[j].case == Case::Lower && lex.keywords.is(doc.key(j), WordClass::NameConnector)
    });
    let head_tok = match connector {
        Some(c) if c > 0 => words[c - 1],
        _ => *words.last().unwrap_or(&r.start),
    };
    let class_of = |j: usize| {
        [WordClass::OrgHead, WordClass::PlaceHead]
            .into_iter()
            .find(|c| lex.keywords.is(doc.key(j), *c))
    };
    // The last word decides when it is a head ("National Security and Defense Council");
    // otherwise the word before a connector ("Conference of Disarmament").
    let head = words
        .last()
        .and_then(|&j| class_of(j))
        .or_else(|| class_of(head_tok));
    let org_first = words.len() > 1 && lex.keywords.is(doc.key(r.start), WordClass::OrgHead);
    let before = |k: usize| (r.start >= sentence_start + k).then(|| doc.key(r.start - k));
    let after_title = r.start > sentence_start
        && lex
            .titles
            .matches_at(doc.sentence_keys(r.start - 1), r.start - 1)
            .is_some();
    let after_prep = before(1)
        .filter(|p| lex.keywords.is(p, WordClass::PlacePrep))
        .map(str::to_string)
        .or_else(|| {
            // "in the Palais des Nations"
            (before(1) == Some("the"))
                .then(|| before(2))
                .flatten()
                .filter(|p| lex.keywords.is(p, WordClass::PlacePrep))
                .map(str::to_string)
        });
    let event_context = matches!(before(1), Some("at" | "during"))
        || matches!(
            before(2),
            Some("at" | "during" | "attend" | "attending" | "attended")
        )
        || (before(1) == Some("the")
            && matches!(before(2), Some("of" | "to"))
            && matches!(before(3), Some("sidelines" | "ahead")));
    let acronym = words.len() == 1 && doc.tokens[r.start].case == Case::Upper;
    let has_digit = doc.text_of(r.clone()).chars().any(|c| c.is_ascii_digit());
    let next = r.end;
    let speech = next < limit
        && lex
            .quotes
            .speech_verbs
            .longest_at(doc.sentence_keys(next), next)
            .is_some();
    let apposition = next + 1 < limit
        && doc.key(next) == ","
        && (lex
            .titles
            .senses_at(doc.sentence_keys(next + 1), next + 1)
            .is_some_and(|(_, s)| s.iter().any(|s| s.class.is_job()))
            || (matches!(doc.key(next + 1), "the" | "a" | "an")
                && (next + 2..(next + 6).min(limit)).any(|k| {
                    lex.titles
                        .senses_at(doc.sentence_keys(k), k)
                        .is_some_and(|(_, s)| s.iter().any(|s| s.class.is_job()))
                })));
    NameCandidate {
        tokens: r,
        sentence,
        head,
        org_first,
        after_title,
        after_prep,
        event_context,
        acronym,
        has_digit,
        person_context: speech || apposition,
        dateline: doc.sentences[sentence].dateline,
        agency: doc.sentences[sentence].agency,
        initial_common: false,
    }
}

trait MatchesAt {
    fn matches_at(&self, keys: &[String], at: usize) -> Option<()>;
}

impl MatchesAt for crate::lexicon::Titles {
    /// A job title or honorific that ends right at `at` (single word, or the last word of a
    /// longer title such as "Secretary of State").
    fn matches_at(&self, keys: &[String], at: usize) -> Option<()> {
        (at.saturating_sub(3)..=at).find_map(|s| {
            self.senses_at(keys, s).and_then(|(len, senses)| {
                (s + len == at + 1
                    && senses
                        .iter()
                        .any(|x| x.class.is_job() || x.class == crate::lexicon::TitleClass::Honorific))
                .then_some(())
            })
        })
    }
}
