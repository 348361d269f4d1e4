//! Mention stage: finds what the text names or points at, sentence by sentence.
//!
//! Consumes tokens and sentences; produces [`Mention`]s of these kinds: gazetteer entries and
//! demonyms, delegations and sides ("the U.S. side", "Hamas negotiators", "the delegation"),
//! lower-case descriptions of organisations ("Russia's sovereign wealth fund"), pronouns,
//! "both sides", and capitalised names typed by shape and context. Nominal references ("the
//! envoy") come from the role stage, which knows titles.

use rustc_hash::FxHashSet as HashSet;
use std::ops::Range;

use super::names::{self, NameCandidate};
use super::tokens::{Case, TokenKind};
use super::{Annotated, EntityType, Mention, MentionKind, Stage};
use crate::lexicon::{GazEntry, GazKind, Lexicons, TitleClass, WordClass};

pub struct Mentions;

/// The rule id of a delegation named by the people who act for it ("Ukrainian officials").
pub const PEOPLE_SIDE: &str = "delegation.people";

impl Stage for Mentions {
    fn name(&self) -> &'static str {
        "mentions"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        // Words the article also writes in lower case are common words when a sentence starts
        // with them ("Trade ministers met ..." next to "trade talks").
        let lower: HashSet<String> = doc
            .tokens
            .iter()
            .zip(&doc.keys)
            .filter(|(t, k)| t.case == Case::Lower && t.kind == TokenKind::Word && k.len() > 2)
            .map(|(_, k)| k.clone())
            .collect();
        let mut claimed = vec![false; doc.tokens.len()];
        let mut names = Vec::new();
        for s in 0..doc.sentences.len() {
            let title_case = is_title_case(doc, lex, s);
            Scanner {
                doc: &mut *doc,
                lex,
                claimed: &mut claimed,
                names: &mut names,
                lower: &lower,
                sentence: s,
                title_case,
            }
            .run();
        }
        let people = person_words(doc, lex, &names);
        for c in names {
            if let Some(m) = type_name(doc, lex, &c, &people) {
                let after = m.tokens.end;
                let (org, sentence, canonical) = (
                    m.etype == EntityType::Organization,
                    m.sentence,
                    doc.text_of(m.tokens.clone()).to_string(),
                );
                doc.mentions.push(m);
                // "the RSF team", "Hamas negotiators" when the name is not in the gazetteer.
                let limit = doc.sentences[sentence].tokens.end;
                if org
                    && after < limit
                    && doc.tokens[after].case == Case::Lower
                    && let Some(len) =
                        lex.keywords
                            .phrase_at(doc.sentence_keys(after), after, WordClass::DelegationNoun)
                {
                    let owner = doc.mentions.len() - 1;
                    let start = doc.mentions[owner].tokens.start;
                    let first = doc.sentences[sentence].tokens.start;
                    let start = if start > first && matches!(doc.key(start - 1), "the" | "a" | "an") {
                        start - 1
                    } else {
                        start
                    };
                    let tokens = start..after + len;
                    doc.mentions.push(Mention {
                        span: doc.span_of(&tokens),
                        tokens,
                        sentence,
                        kind: MentionKind::Delegation,
                        etype: EntityType::Delegation,
                        canonical: Some(canonical),
                        same_as: None,
                        owner: Some(owner),
                        weak: false,
                        rule: "delegation.named",
                        entity: None,
                        group: Vec::new(),
                    });
                }
            }
        }
        super::sides::coordinated(doc);
        sort_mentions(doc);
    }
}

struct Scanner<'a, 'd> {
    doc: &'a mut Annotated<'d>,
    lex: &'a Lexicons,
    claimed: &'a mut Vec<bool>,
    names: &'a mut Vec<NameCandidate>,
    lower: &'a HashSet<String>,
    sentence: usize,
    /// The sentence capitalises (nearly) every word, as headlines do: a capital says nothing.
    title_case: bool,
}

/// Whether a sentence capitalises its common words ("Ukraine-Russia Peace Talks End
/// Abruptly"), so that capitals cannot tell names from common words. A sentence full of
/// names ("Wang met President Park on Monday") is not.
pub fn is_title_case(doc: &Annotated<'_>, lex: &Lexicons, sentence: usize) -> bool {
    let words: Vec<usize> = doc.sentences[sentence]
        .tokens
        .clone()
        .filter(|&j| doc.tokens[j].kind == TokenKind::Word && doc.tok(j).chars().count() > 3)
        .collect();
    let capitalised = words
        .iter()
        .filter(|&&j| doc.tokens[j].case == Case::Title)
        .count();
    let common_capitals = words
        .iter()
        .filter(|&&j| doc.tokens[j].case == Case::Title && lex.common_words.contains(doc.key(j)))
        .count();
    // In a title-case line the only lower-case words are short function words ("of", "with").
    let content_in_lower_case = words.iter().any(|&j| {
        doc.tokens[j].case == Case::Lower
            && !matches!(
                doc.key(j),
                "with"
                    | "from"
                    | "into"
                    | "over"
                    | "upon"
                    | "onto"
                    | "than"
                    | "that"
                    | "this"
                    | "amid"
                    | "after"
                    | "before"
                    | "about"
                    | "against"
                    | "between"
                    | "during"
                    | "without"
                    | "under"
                    | "near"
            )
    });
    words.len() >= 3 && capitalised * 10 >= words.len() * 7 && common_capitals >= 2 && !content_in_lower_case
}

impl Scanner<'_, '_> {
    fn run(&mut self) {
        let range = self.doc.sentences[self.sentence].tokens.clone();
        let mut i = range.start;
        while i < range.end {
            i = self.at(i, range.start, range.end).max(i + 1);
        }
    }

    fn push(
        &mut self,
        tokens: Range<usize>,
        kind: MentionKind,
        etype: EntityType,
        rule: &'static str,
    ) -> usize {
        for j in tokens.clone() {
            self.claimed[j] = true;
        }
        self.doc.mentions.push(Mention {
            span: self.doc.span_of(&tokens),
            tokens,
            sentence: self.sentence,
            kind,
            etype,
            canonical: None,
            same_as: None,
            owner: None,
            weak: false,
            rule,
            entity: None,
            group: Vec::new(),
        });
        self.doc.mentions.len() - 1
    }

    /// Tries every recogniser at token `i`; returns where to continue.
    fn at(&mut self, i: usize, start: usize, end: usize) -> usize {
        let (doc, lex) = (&*self.doc, self.lex);
        if doc.tokens[i].kind != TokenKind::Word || self.claimed[i] {
            return i + 1;
        }
        if let Some(len) = lex
            .keywords
            .phrase_at(doc.sentence_keys(i), i, WordClass::GroupBothPeople)
        {
            self.push(i..i + len, MentionKind::Both, EntityType::Person, "both_people");
            return i + len;
        }
        if let Some(len) = lex
            .keywords
            .phrase_at(doc.sentence_keys(i), i, WordClass::GroupBoth)
        {
            self.push(
                i..i + len,
                MentionKind::Both,
                EntityType::Delegation,
                "both_sides",
            );
            return i + len;
        }
        if doc.tokens[i].is_capitalised()
            && let Some((len, entry)) = lex.gazetteer.longest_at(doc.sentence_keys(i), |j| doc.tok(j), i)
        {
            return self.known(i, len, entry.clone(), start, end);
        }
        let key = doc.key(i).to_string();
        let key = key.as_str();
        // "Vice Premier He Lifeng": a capitalised "He" inside a sentence, before a name, is a
        // family name written first.
        let surname_he = key == "he"
            && doc.tokens[i].case == Case::Title
            && !names::at_sentence_start(doc, i, start)
            && i + 1 < end
            && names::is_name_word(doc, lex, i + 1)
            && doc.tokens[i + 1].space_before;
        if !surname_he
            && (lex.keywords.is(key, WordClass::PronounPerson)
                || lex.keywords.is(key, WordClass::PronounGroup))
        {
            let group = lex.keywords.is(key, WordClass::PronounGroup);
            // People do not own ministries: only "its"/"their" open a description.
            let possessive = false;
            let m = self.push(
                i..i + 1,
                MentionKind::Pronoun,
                if group {
                    EntityType::Organization
                } else {
                    EntityType::Person
                },
                "pronoun",
            );
            if group || possessive {
                self.description(m, i + 1, end);
            }
            return i + 1;
        }
        if doc.tokens[i].case == Case::Lower
            && let Some(len) = self.bare_delegation(i, start, end)
        {
            let from = self.determiner_start(i, start);
            self.push(
                from..i + len,
                MentionKind::Delegation,
                EntityType::Delegation,
                "delegation.bare",
            );
            return i + len;
        }
        if doc.tokens[i].case == Case::Lower
            && let Some(r) = self.titled_description(i, end)
        {
            let m = self.push(
                r.clone(),
                MentionKind::Description,
                EntityType::Organization,
                "description.before_title",
            );
            self.doc.mentions[m].weak = true;
            return r.end;
        }
        // A capitalised title ("Secretary of State", "Commerce Minister", "Mr.") is read by
        // the role stage, not as a name.
        if doc.tokens[i].is_capitalised() {
            if let Some(chain) = lex.titles.chain(doc.sentence_keys(i), i, end) {
                return chain.tokens.end;
            }
            if let Some((len, senses)) = lex.titles.senses_at(doc.sentence_keys(i), i)
                && senses
                    .iter()
                    .any(|s| s.class == crate::lexicon::TitleClass::Honorific)
            {
                return i + len;
            }
        }
        let sentence_start = start;
        // "I'm", "I've": the pronoun, wherever it stands.
        if ["i'm", "i've", "i'll", "i'd"].contains(&key.replace('\u{2019}', "'").as_str()) {
            return i + 1;
        }
        if names::is_name_word(doc, lex, i)
            || (lex.keywords.is(key, WordClass::Particle)
                && doc.key(i + 1) == "-"
                && names::is_name_word(doc, lex, (i + 2).min(end - 1)))
        {
            // A common word opening a sentence ("Despite", "Fall") is a name only if the
            // article names someone so elsewhere; decided once all names are known.
            // In a title-case headline every common word is such a word.
            let common_in_title = self.title_case
                && (lex.common_words.contains(key)
                    || self.lower.contains(key)
                    || lex
                        .pos
                        .tags(key)
                        .is_some_and(|t| !matches!(t[0], crate::lexicon::Pos::Proper)));
            if common_in_title {
                let mut c = names::candidate(doc, lex, i..i + 1, self.sentence, start, end);
                c.initial_common = true;
                self.names.push(c);
                return i + 1;
            }
            // A word the lexicon knows as a common noun or adjective, opening a sentence and
            // followed by a lower-case word ("World leaders gather"), is one too.
            let next_lower = doc
                .tokens
                .get(i + 1)
                .is_some_and(|t| t.case == Case::Lower && t.kind == TokenKind::Word);
            let lexicon_common = next_lower
                && lex
                    .pos
                    .tags(key)
                    .is_some_and(|t| matches!(t[0], crate::lexicon::Pos::Noun | crate::lexicon::Pos::Adj));
            // An adverb or a function word opening a sentence ("Ordinarily, ...", "I'm") is
            // one whatever follows.
            let lexicon_function = lex.pos.tags(key).is_some_and(|t| {
                use crate::lexicon::Pos::*;
                matches!(t[0], Adv | Pronoun | Det | Prep | Conj | Modal | Possessive | To)
            });
            let initial_common = names::at_sentence_start(doc, i, sentence_start)
                && (lex.common_words.contains(key) || lexicon_common || lexicon_function)
                && !doc.sentences[self.sentence].dateline;
            if initial_common {
                if doc
                    .tokens
                    .get(i + 1)
                    .is_some_and(|t| t.is_capitalised() && t.space_before)
                {
                    return i + 1;
                }
                let mut c = names::candidate(doc, lex, i..i + 1, self.sentence, start, end);
                c.initial_common = true;
                self.names.push(c);
                return i + 1;
            }
            let mut run = names::scan(doc, lex, i, end, self.claimed);
            if self.title_case {
                // "Lee Departs For Beijing": a name ends before a common word.
                let cut = (run.start + 1..run.end).find(|&j| {
                    let k = doc.key(j);
                    doc.tokens[j].kind == TokenKind::Word
                        && (lex.common_words.contains(k)
                            || self.lower.contains(k)
                            || lex
                                .pos
                                .tags(k)
                                .is_some_and(|t| !matches!(t[0], crate::lexicon::Pos::Proper)))
                });
                if let Some(c) = cut {
                    run.end = c;
                }
            }
            let r = trim_common_tail(doc, lex, run.clone());
            if r.is_empty() {
                return run.end;
            }
            // A single capital letter is an initial or a pronoun, not a name.
            if r.len() == 1 && doc.tok(r.start).chars().count() < 2 {
                return i + 1;
            }
            // A lone word opening a sentence that the article also writes in lower case.
            if r.len() == 1 && names::at_sentence_start(doc, i, sentence_start) && self.lower.contains(key) {
                return i + 1;
            }
            let c = names::candidate(doc, lex, r.clone(), self.sentence, start, end);
            for j in r.clone() {
                self.claimed[j] = true;
            }
            self.names.push(c);
            return r.end;
        }
        i + 1
    }

    /// A gazetteer match at `i`: maybe the start of a longer name, a delegation or a description.
    fn known(&mut self, i: usize, len: usize, entry: GazEntry, start: usize, end: usize) -> usize {
        let (doc, lex) = (&*self.doc, self.lex);
        // "Geneva Solutions", "UN Conference of Disarmament", "Munich Security Conference":
        // a known name followed by capitalised words ending in a keyword is one longer name.
        if i + len < end && names::is_name_word(doc, lex, i + len) && entry.kind != GazKind::Person {
            let longer = names::scan(doc, lex, i, end, self.claimed);
            if longer.end > i + len
                && lex
                    .gazetteer
                    .longest_at(doc.sentence_keys(i + len), |j| doc.tok(j), i + len)
                    .is_none()
            {
                let c = names::candidate(doc, lex, longer.clone(), self.sentence, start, end);
                if c.head.is_some() {
                    for j in longer.clone() {
                        self.claimed[j] = true;
                    }
                    self.names.push(c);
                    return longer.end;
                }
            }
        }
        let after = i + len;
        // "the Ukrainian delegation", "the U.S. side", "Hamas negotiators", "Ukraine's team",
        // and a capital for its government: "Khartoum's delegation" is Sudan's.
        let noun_at = if matches!(doc.key(after), "'s" | "'") {
            after + 1
        } else {
            after
        };
        if matches!(
            entry.kind,
            GazKind::Country | GazKind::Demonym | GazKind::Organization | GazKind::Capital
        ) && let Some(dlen) = self.delegation_noun(noun_at, end)
            && (entry.kind != GazKind::Capital || noun_at > after)
        {
            let from = self.determiner_start(i, start);
            let m = self.push(
                from..noun_at + dlen,
                MentionKind::Delegation,
                EntityType::Delegation,
                "delegation.qualified",
            );
            let owner_name = match entry.kind {
                GazKind::Capital => entry.country.clone().unwrap_or_else(|| entry.canonical.clone()),
                _ => entry.canonical.clone(),
            };
            self.doc.mentions[m].canonical = Some(owner_name);
            let owner = self.push_known(i, len, &entry);
            self.doc.mentions[m].owner = Some(owner);
            return noun_at + dlen;
        }
        // "Ukrainian officials", "Hamas representatives": the side's delegation, kept only
        // when a relation uses it.
        if matches!(
            entry.kind,
            GazKind::Country | GazKind::Demonym | GazKind::Organization
        ) && noun_at < end
            && doc.tokens[noun_at].case == Case::Lower
            && let Some(dlen) =
                lex.keywords
                    .phrase_at(doc.sentence_keys(noun_at), noun_at, WordClass::SidePeople)
        {
            let from = self.determiner_start(i, start);
            let m = self.push(
                from..noun_at + dlen,
                MentionKind::Delegation,
                EntityType::Delegation,
                PEOPLE_SIDE,
            );
            self.doc.mentions[m].canonical = Some(entry.canonical.clone());
            self.doc.mentions[m].weak = true;
            let owner = self.push_known(i, len, &entry);
            self.doc.mentions[m].owner = Some(owner);
            return noun_at + dlen;
        }
        let possessive = matches!(doc.key(after), "'s" | "'");
        let m = self.push_known(i, len, &entry);
        // "Russia's sovereign wealth fund", "Iranian foreign ministry".
        if entry.kind != GazKind::Person {
            let desc_from = if possessive { after + 1 } else { after };
            if desc_from > after || entry.kind == GazKind::Demonym || entry.kind == GazKind::Country {
                self.description(m, desc_from, end);
            }
        }
        after
    }

    fn push_known(&mut self, i: usize, len: usize, entry: &GazEntry) -> usize {
        let (kind, etype) = match entry.kind {
            GazKind::Demonym => (MentionKind::Demonym, EntityType::Country),
            GazKind::Country => (MentionKind::Known, EntityType::Country),
            GazKind::Capital | GazKind::City => (MentionKind::Known, EntityType::City),
            GazKind::State => (MentionKind::Known, EntityType::State),
            GazKind::Region => (MentionKind::Known, EntityType::Region),
            GazKind::Continent => (MentionKind::Known, EntityType::Continent),
            GazKind::Place => (MentionKind::Known, EntityType::Place),
            GazKind::Organization => (MentionKind::Known, EntityType::Organization),
            GazKind::Person => (MentionKind::Known, EntityType::Person),
        };
        let m = self.push(i..i + len, kind, etype, "gazetteer");
        let mention = &mut self.doc.mentions[m];
        mention.canonical = Some(entry.canonical.clone());
        mention.same_as = entry.same_as.clone();
        m
    }

    /// `[negotiating] delegation|side|team|negotiators` at `at`, as a length in tokens.
    fn delegation_noun(&self, at: usize, end: usize) -> Option<usize> {
        if at >= end {
            return None;
        }
        let doc = &*self.doc;
        let len = self
            .lex
            .keywords
            .phrase_at(doc.sentence_keys(at), at, WordClass::DelegationNoun)?;
        (doc.tokens[at].case == Case::Lower).then_some(len)
    }

    /// "the delegation", "an expanded 20-strong delegation": a delegation without its owner,
    /// resolved by coreference to the one the text is talking about.
    fn bare_delegation(&self, i: usize, start: usize, end: usize) -> Option<usize> {
        let doc = &*self.doc;
        let key = doc.key(i);
        if !(matches!(key, "delegation" | "delegations") || key == "negotiating" && doc.key(i + 1) == "team")
        {
            return None;
        }
        let len = if key == "negotiating" { 2 } else { 1 };
        (i + len <= end && self.determiner_start(i, start) < i).then_some(len)
    }

    /// The determiner that opens the noun phrase ending at `i` ("the", "an expanded 20-strong").
    fn determiner_start(&self, i: usize, start: usize) -> usize {
        let doc = &*self.doc;
        let mut j = i;
        while j > start && j + 6 > i {
            let k = doc.key(j - 1);
            if matches!(k, "the" | "a" | "an") {
                return j - 1;
            }
            if doc.tokens[j - 1].case == Case::Lower
                || doc.tokens[j - 1].kind == TokenKind::Number
                || k == "-"
            {
                j -= 1;
            } else {
                break;
            }
        }
        i
    }

    /// After an owner (country, organisation, pronoun): lower-case words ending in an
    /// organisation noun ("sovereign wealth fund", "national and security defence council").
    fn description(&mut self, owner: usize, from: usize, end: usize) {
        let doc = &*self.doc;
        let mut last_noun = None;
        let mut j = from;
        while j < end && j < from + 6 {
            let t = &doc.tokens[j];
            let k = doc.key(j);
            if t.kind != TokenKind::Word
                || t.case != Case::Lower
                || matches!(
                    k,
                    "the"
                        | "a"
                        | "an"
                        | "of"
                        | "to"
                        | "in"
                        | "for"
                        | "with"
                        | "on"
                        | "by"
                        | "is"
                        | "was"
                        | "has"
                        | "had"
                        | "will"
                        | "said"
                        | "since"
                )
                || (k.ends_with("ing") && k.len() > 5)
            {
                break;
            }
            if self.lex.keywords.is(k, WordClass::OrgNoun) {
                last_noun = Some(j);
            }
            j += 1;
        }
        let Some(noun) = last_noun else { return };
        if doc.key(noun) == "government" && noun == from {
            // "Iran's government" is the country acting; no separate organisation.
            return;
        }
        let owner_start = self.doc.mentions[owner].tokens.start;
        let m = self.push(
            owner_start..noun + 1,
            MentionKind::Description,
            EntityType::Organization,
            "description.owned",
        );
        let mention = &mut self.doc.mentions[m];
        mention.owner = Some(owner);
        mention.weak = true;
    }

    /// "national security council" right before a title ("... council secretary").
    fn titled_description(&self, i: usize, end: usize) -> Option<Range<usize>> {
        let doc = &*self.doc;
        if i > 0
            && doc.tokens[i - 1].case == Case::Lower
            && doc.tokens[i - 1].is_word()
            && !matches!(doc.key(i - 1), "the" | "a" | "an")
        {
            return None;
        }
        let mut j = i;
        while j < end && j < i + 5 && doc.tokens[j].case == Case::Lower && doc.tokens[j].is_word() {
            if self.lex.keywords.is(doc.key(j), WordClass::OrgNoun)
                && j + 1 < end
                && self
                    .lex
                    .titles
                    .senses_at(doc.sentence_keys(j + 1), j + 1)
                    .is_some_and(|(_, s)| s.iter().any(|s| s.class.is_job()))
            {
                return Some(i..j + 1);
            }
            j += 1;
        }
        None
    }
}

/// A run of common words ending in one that is no keyword is not a name ("Air Force One",
/// "Rose Garden"): the whole run is dropped.
fn trim_common_tail(doc: &Annotated<'_>, lex: &Lexicons, r: Range<usize>) -> Range<usize> {
    let last = r.end - 1;
    if r.len() >= 2 && doc.tokens[last].case == Case::Title {
        let k = doc.key(last);
        let keyword = lex.keywords.is(k, WordClass::OrgHead) || lex.keywords.is(k, WordClass::PlaceHead);
        // Only when every word is common: "Moussa Fall" is a name.
        let all_common = r
            .clone()
            .filter(|&j| doc.tokens[j].kind == TokenKind::Word)
            .all(|j| lex.common_words.contains(doc.key(j)));
        // Nor is a run ending in a number word.
        let number = matches!(
            k,
            "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten"
        );
        if (all_common || number) && !keyword {
            return r.start..r.start;
        }
    }
    r
}

/// Words of confident person names (first and last words of titled or multi-word names),
/// so that a lone "Umerov" later is known to be a person.
fn person_words(doc: &Annotated<'_>, lex: &Lexicons, names: &[NameCandidate]) -> HashSet<String> {
    let mut out = HashSet::default();
    for c in names.iter().filter(|c| !c.initial_common) {
        let words: Vec<usize> = c
            .tokens
            .clone()
            .filter(|&j| doc.tokens[j].kind == TokenKind::Word && doc.tokens[j].case != Case::Lower)
            .collect();
        let person = c.head.is_none()
            && !c.acronym
            && !c.dateline
            && !c.has_digit
            && (c.after_title || c.person_context || (words.len() >= 2 && !strong_place_prep(c)));
        if person {
            for &j in &words {
                if !lex.common_words.contains(doc.key(j)) || c.after_title {
                    out.insert(doc.keys[j].clone());
                }
            }
            // "al-Busaidi" is also "Busaidi".
            if let Some(&last) = words.last() {
                out.insert(doc.keys[last].clone());
            }
        }
    }
    for m in &doc.mentions {
        if m.etype == EntityType::Person && matches!(m.kind, MentionKind::Name | MentionKind::Known) {
            for j in m.tokens.clone() {
                out.insert(doc.keys[j].clone());
            }
        }
    }
    out
}

/// "an Ibero-American summit", "Korea-China relations": a compound whose hyphen joins a
/// country, demonym or city to something is an adjective, not a name.
fn hyphenated_pair(doc: &Annotated<'_>, lex: &Lexicons, c: &NameCandidate) -> bool {
    let Some(h) = c.tokens.clone().find(|&j| doc.key(j) == "-") else {
        return false;
    };
    let (left, right) = (c.tokens.start..h, h + 1..c.tokens.end);
    if left.is_empty() || right.is_empty() {
        return false;
    }
    let known_place = |r: &Range<usize>| {
        lex.gazetteer
            .longest_at(doc.sentence_keys(r.start), |j| doc.tok(j), r.start)
            .is_some_and(|(len, e)| {
                r.start + len == r.end
                    && matches!(
                        e.kind,
                        GazKind::Country | GazKind::Demonym | GazKind::Capital | GazKind::City
                    )
            })
    };
    known_place(&left) || known_place(&right)
}

fn strong_place_prep(c: &NameCandidate) -> bool {
    matches!(
        c.after_prep.as_deref(),
        Some("in" | "at" | "near" | "outside" | "inside")
    )
}

/// Types a name candidate; `None` drops it.
fn type_name(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    c: &NameCandidate,
    people: &HashSet<String>,
) -> Option<Mention> {
    use crate::lexicon::WordClass::{OrgHead, PlaceHead};
    let known_person = c
        .tokens
        .clone()
        .filter(|&j| doc.tokens[j].kind == TokenKind::Word)
        .all(|j| people.contains(doc.key(j)));
    let multi = c
        .tokens
        .clone()
        .filter(|&j| doc.tokens[j].kind == TokenKind::Word)
        .count()
        >= 2;
    if c.initial_common && !known_person {
        return None;
    }
    if hyphenated_pair(doc, lex, c) {
        return None;
    }
    // "Liberal Democrat leader Ed Davey", "Taliban spokesman X": a name right before a
    // lower-case title qualifies it; it is an organisation, not a person.
    let end = c.tokens.end;
    let qualifies_title = c.head.is_none()
        && !c.after_title
        && end < doc.tokens.len()
        && doc.tokens[end].case == Case::Lower
        && lex
            .titles
            .senses_at(doc.sentence_keys(end), end)
            .is_some_and(|(_, senses)| {
                senses
                    .iter()
                    .any(|s| s.class.is_job() && s.class != TitleClass::Kin)
            });
    let (etype, weak, rule) = if c.agency {
        (EntityType::Organization, false, "name.dateline_agency")
    } else if c.dateline {
        (EntityType::Place, false, "name.dateline")
    } else if c.head == Some(OrgHead) || c.org_first {
        let event_word = doc
            .tokens
            .get(c.tokens.end - 1)
            .is_some_and(|_| lex.keywords.is(doc.key(c.tokens.end - 1), WordClass::EventHead));
        if event_word && c.event_context {
            (EntityType::Event, false, "name.event_keyword")
        } else {
            (EntityType::Organization, false, "name.org_keyword")
        }
    } else if c.head == Some(PlaceHead) {
        (EntityType::Place, false, "name.place_keyword")
    } else if c.after_title {
        (EntityType::Person, false, "name.after_title")
    } else if qualifies_title {
        (EntityType::Organization, false, "name.before_title")
    } else if c.acronym {
        (EntityType::Organization, !c.person_context, "name.acronym")
    } else if c.has_digit {
        (EntityType::Organization, false, "name.alphanumeric")
    } else if known_person {
        (EntityType::Person, false, "name.person_words")
    } else if c.after_prep.is_some() && (!multi || strong_place_prep(c)) {
        (EntityType::Place, false, "name.after_preposition")
    } else if multi || c.person_context {
        (EntityType::Person, false, "name.person_shape")
    } else {
        (EntityType::Person, true, "name.single_word")
    };
    let mut tokens = c.tokens.clone();
    // "... for African Affairs Mary Cole": leading common words are the end of a title.
    if etype == EntityType::Person {
        while tokens.len() > 2
            && doc.tokens[tokens.start].kind == TokenKind::Word
            && lex.common_words.contains(doc.key(tokens.start))
            && doc.tokens[tokens.start + 1].kind == TokenKind::Word
        {
            tokens.start += 1;
        }
    }
    Some(Mention {
        span: doc.span_of(&tokens),
        tokens,
        sentence: c.sentence,
        kind: MentionKind::Name,
        etype,
        canonical: None,
        same_as: None,
        owner: None,
        weak,
        rule,
        entity: None,
        group: Vec::new(),
    })
}

/// Sorts mentions by position (outer before inner) and renumbers the owner links.
pub(crate) fn sort_mentions(doc: &mut Annotated<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..doc.mentions.len()).collect();
    order.sort_by_key(|&i| {
        let m = &doc.mentions[i];
        (m.span.start, std::cmp::Reverse(m.span.end), i)
    });
    let mut new_index = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut old: Vec<Option<Mention>> = std::mem::take(&mut doc.mentions).into_iter().map(Some).collect();
    doc.mentions = order
        .iter()
        .map(|&i| {
            let mut m = old[i].take().expect("each mention moves once");
            m.owner = m.owner.map(|o| new_index[o]);
            m
        })
        .collect();
    new_index
}
