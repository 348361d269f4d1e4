//! Syntax stage: the part of speech of every token and the verb groups of every sentence
//! ("will not travel", "is scheduled", "to have", "was led"), the skeleton of clauses that the
//! relation frames read subjects, objects and prepositional phrases from.
//!
//! Consumes tokens, sentences and mentions (a name is a noun whatever its words are);
//! produces [`Annotated::pos`] and [`VerbGroup`]s. Tags come from the part-of-speech lexicon
//! (`data/lexicon/pos.tsv`), the most frequent tag unless the neighbours say otherwise: a
//! determiner or adjective before makes a noun ("the talks"), "to" or a modal a base verb ("to
//! visit", "will meet"), "be" a participle ("was led"), a subject a finite verb ("Lee departs").

use std::ops::Range;

use serde::Serialize;

use super::tokens::{Case, TokenKind};
use super::{Annotated, EntityType, MentionKind, Stage};
use crate::lexicon::{Lexicons, Pos};

pub struct Syntax;

/// What a verb group is, which decides where its subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VerbForm {
    /// Has a tense or a modal: "met", "will travel", "has been invited".
    Finite,
    /// "to visit", "to be received".
    Infinitive,
    /// "meeting", "before flying": a gerund or present participle with no auxiliary.
    Gerund,
    /// "led by", "accompanied by": a past participle with no auxiliary.
    Participle,
    /// A base form with no auxiliary ("meet" after "and").
    Base,
}

/// Auxiliaries, modals, adverbs and the main verb that belong together.
#[derive(Debug, Clone, Serialize)]
pub struct VerbGroup {
    pub tokens: Range<usize>,
    /// The main verb (the last verb of the group).
    pub head: usize,
    pub sentence: usize,
    pub form: VerbForm,
    /// A form of "be" (or "get") before a past participle, or a bare participle followed by
    /// "by": the subject is what the verb is done to.
    pub passive: bool,
    pub negated: bool,
}

impl Stage for Syntax {
    fn name(&self) -> &'static str {
        "syntax"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let mut pos = vec![Pos::Other; doc.tokens.len()];
        let mut named = vec![None; doc.tokens.len()];
        for m in &doc.mentions {
            for j in m.tokens.clone() {
                // A name or lexicon entry says more than a title around it ("US envoys").
                let specific = matches!(
                    m.kind,
                    MentionKind::Name | MentionKind::Known | MentionKind::Demonym
                );
                if named[j].is_none() || specific {
                    named[j] = Some((m.kind, m.etype));
                }
            }
        }
        for s in 0..doc.sentences.len() {
            let r = doc.sentences[s].tokens.clone();
            for j in r.clone() {
                pos[j] = tag(doc, lex, &pos, &named, j, r.start);
            }
        }
        doc.pos = pos;
        let mut groups = Vec::new();
        for s in 0..doc.sentences.len() {
            verb_groups(doc, s, &mut groups);
        }
        doc.verb_at = vec![None; doc.tokens.len()];
        for (g, vg) in groups.iter().enumerate() {
            for j in vg.tokens.clone() {
                doc.verb_at[j] = Some(g);
            }
        }
        doc.verbs = groups;
    }
}

/// Forms of "be".
pub fn is_be(key: &str) -> bool {
    matches!(
        key,
        "be" | "is"
            | "are"
            | "was"
            | "were"
            | "been"
            | "being"
            | "am"
            | "'re"
            | "'m"
            | "isn't"
            | "aren't"
            | "wasn't"
            | "weren't"
    )
}

/// Forms of "have".
pub fn is_have(key: &str) -> bool {
    matches!(
        key,
        "have" | "has" | "had" | "having" | "'ve" | "'d" | "hasn't" | "haven't" | "hadn't"
    )
}

/// Forms of "do" used as auxiliaries.
fn is_do(key: &str) -> bool {
    matches!(key, "do" | "does" | "did" | "don't" | "doesn't" | "didn't")
}

fn is_modal(key: &str) -> bool {
    matches!(
        key,
        "will"
            | "would"
            | "can"
            | "could"
            | "may"
            | "might"
            | "shall"
            | "should"
            | "must"
            | "'ll"
            | "won't"
            | "wouldn't"
            | "can't"
            | "cannot"
            | "couldn't"
            | "shouldn't"
            | "mustn't"
    )
}

/// Negation inside a verb group.
pub fn is_negation(key: &str) -> bool {
    matches!(key, "not" | "never" | "n't") || key.ends_with("n't") || key == "cannot"
}

/// Adverbs that may sit inside a verb group ("will also travel", "has not yet met").
fn is_group_adverb(key: &str, pos: Pos) -> bool {
    is_negation(key)
        || (pos == Pos::Adv
            && !matches!(
                key,
                "when" | "where" | "why" | "how" | "then" | "there" | "here" | "so" | "as" | "up" | "down"
            ))
}

/// The most likely tag of token `j`, given the tags before it.
fn tag(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    pos: &[Pos],
    named: &[Option<(MentionKind, EntityType)>],
    j: usize,
    start: usize,
) -> Pos {
    let t = &doc.tokens[j];
    match t.kind {
        TokenKind::Number => return Pos::Number,
        TokenKind::Punct | TokenKind::Symbol => return Pos::Other,
        TokenKind::Word => {}
    }
    let key = doc.key(j);
    match named[j].map(|(k, _)| k) {
        Some(MentionKind::Name | MentionKind::Known | MentionKind::Delegation | MentionKind::Both) => {
            return Pos::Proper;
        }
        Some(MentionKind::Demonym) => return Pos::Adj,
        _ => {}
    }
    if key == "'s" || key == "'" {
        // "it's", "he's": a verb; after a name, the possessive.
        return if j > start && pos[j - 1] == Pos::Pronoun {
            Pos::Present
        } else {
            Pos::Possessive
        };
    }
    if is_modal(key) {
        return Pos::Modal;
    }
    if key == "to" {
        return Pos::To;
    }
    // What comes before, skipping adverbs ("will also travel", "was reportedly led").
    let mut k = j;
    while k > start && pos[k - 1] == Pos::Adv {
        k -= 1;
    }
    let prev = if k > start { pos[k - 1] } else { Pos::Other };
    let prev_key = if k > start { doc.key(k - 1) } else { "" };
    let immediate = if j > start { pos[j - 1] } else { Pos::Other };
    let immediate_key = if j > start { doc.key(j - 1) } else { "" };
    let tags: &[Pos] = match lex.pos.tags(key) {
        Some(tags) => tags,
        None => {
            return guess(doc, j, key, start);
        }
    };
    let has = |p: Pos| tags.contains(&p);
    let first_of = |want: &[Pos]| tags.iter().copied().find(|p| want.contains(p));
    // A capitalised word inside a sentence that no lexicon knows as lower case is a name.
    if t.case != Case::Lower && j > start && !has(Pos::Det) && !has(Pos::Prep) && !has(Pos::Pronoun) {
        let function = tags
            .iter()
            .any(|p| !matches!(p, Pos::Noun | Pos::Proper | Pos::Adj));
        if !function && named[j].is_none() {
            return Pos::Proper;
        }
    }
    if tags.len() == 1 {
        return tags[0];
    }
    // "be", "have" and "do" are verbs, whatever rarer readings the lexicon lists.
    if (is_be(key) || is_have(key) || is_do(key))
        && let Some(p) = tags.iter().copied().find(|p| p.is_verb())
    {
        return p;
    }
    // A closed-class reading wins when the word is one ("the", "with", "and", "that").
    if let Some(p) = first_of(&[Pos::Det, Pos::Conj, Pos::Possessive])
        && tags[0] == p
    {
        return p;
    }
    if matches!(tags[0], Pos::Prep | Pos::Pronoun) {
        return tags[0];
    }
    // After "to": a base verb.
    if immediate == Pos::To && has(Pos::Verb) {
        return Pos::Verb;
    }
    // After a modal or "do" (adverbs between): a base verb.
    if (prev == Pos::Modal || is_do(prev_key)) && has(Pos::Verb) {
        return Pos::Verb;
    }
    // After "be": a participle or a gerund; after "have": a participle.
    if is_be(prev_key) {
        if let Some(p) = first_of(&[Pos::Participle, Pos::Gerund]) {
            return p;
        }
        if has(Pos::Adj) {
            return Pos::Adj;
        }
    }
    if is_have(prev_key)
        && let Some(p) = first_of(&[Pos::Participle])
    {
        return p;
    }
    // After a determiner, a possessive, an adjective or a number: a noun or an adjective.
    if (matches!(immediate, Pos::Det | Pos::Possessive | Pos::Adj | Pos::Number) || immediate_key == "'s")
        && let Some(p) = first_of(&[Pos::Noun, Pos::Adj, Pos::Proper])
    {
        return p;
    }
    // "summit talks", "peace talks": a plural noun after a singular common noun.
    if immediate == Pos::Noun
        && key.ends_with('s')
        && has(Pos::Noun)
        && !immediate_key.ends_with('s')
        && doc.tokens[j - 1].case == doc.tokens[j].case
    {
        return Pos::Noun;
    }
    // A bare participle followed by "by" is passive: "the team, led by".
    if has(Pos::Participle) && doc.key(j + 1) == "by" && doc.sentence_of(j + 1) == doc.sentence_of(j) {
        return Pos::Participle;
    }
    // After a preposition: a gerund when the word is one ("before flying"), else a noun ("for
    // talks").
    if immediate == Pos::Prep {
        if has(Pos::Gerund) && key.ends_with("ing") {
            return Pos::Gerund;
        }
        if let Some(p) = first_of(&[Pos::Noun, Pos::Proper]) {
            return p;
        }
        if has(Pos::Gerund) {
            return Pos::Gerund;
        }
        // "for follow up talks": no preposition but "to" takes a bare verb, so it is a noun's
        // modifier.
        if immediate_key != "to" && has(Pos::Verb) {
            return Pos::Noun;
        }
    }
    // "an official visit": a present tense without "-s" cannot agree with a singular noun
    // before it, so the word is a noun.
    if immediate == Pos::Noun
        && !immediate_key.ends_with('s')
        && !key.ends_with('s')
        && has(Pos::Noun)
        && !has(Pos::Past)
    {
        return Pos::Noun;
    }
    // "made X and Y wait": after a causative and its object, a bare verb.
    if has(Pos::Verb) && after_causative(doc, pos, j, start) {
        return Pos::Verb;
    }
    // After a subject (a name, a pronoun, a noun, "who"): a finite verb if the word can be one.
    // A place other than a country is rarely a subject: "the Red Sea resort Sharm El Sheikh".
    let after_place =
        j > start && named[j - 1].is_some_and(|(_, t)| t.is_place() && t != EntityType::Country);
    let after_subject = !after_place
        && (matches!(immediate, Pos::Proper | Pos::Pronoun | Pos::Noun)
            || matches!(prev_key, "who" | "which" | "that")
            || named[j.saturating_sub(1)].is_some() && j > start);
    if after_subject && let Some(p) = first_of(&[Pos::Past, Pos::Present]) {
        return p;
    }
    // After "and"/"or" between verbs: the form of the verb before ("met and talked").
    if immediate == Pos::Conj && j >= start + 2 && pos[j - 2].is_verb() && has(pos[j - 2]) {
        return pos[j - 2];
    }
    tags[0]
}

/// Whether token `j` follows "make", "let" or "help" and its object only ("made the envoys
/// wait", "let Kushner and Witkoff go").
fn after_causative(doc: &Annotated<'_>, pos: &[Pos], j: usize, start: usize) -> bool {
    let mut k = j;
    let mut object = false;
    while k > start && k + 16 > j {
        k -= 1;
        match doc.key(k) {
            "made" | "make" | "makes" | "making" | "let" | "lets" | "letting" | "help" | "helped"
            | "helps" => return object,
            _ => {}
        }
        let np = matches!(
            pos[k],
            Pos::Proper | Pos::Noun | Pos::Det | Pos::Adj | Pos::Possessive | Pos::Conj | Pos::Number
        ) || matches!(doc.key(k), "," | "-" | "'s" | "in" | "of");
        if !np {
            return false;
        }
        object |= matches!(pos[k], Pos::Proper | Pos::Noun);
    }
    false
}

/// A word the lexicon does not know: names are proper nouns; suffixes say the rest.
fn guess(doc: &Annotated<'_>, j: usize, key: &str, start: usize) -> Pos {
    if doc.tokens[j].case != Case::Lower {
        return Pos::Proper;
    }
    let _ = start;
    if key.ends_with("ing") && key.len() > 5 {
        Pos::Gerund
    } else if key.ends_with("ed") && key.len() > 4 {
        Pos::Past
    } else if key.ends_with("ly") && key.len() > 4 {
        Pos::Adv
    } else {
        Pos::Noun
    }
}

/// Groups the verbs of sentence `s`.
fn verb_groups(doc: &Annotated<'_>, s: usize, out: &mut Vec<VerbGroup>) {
    let r = doc.sentences[s].tokens.clone();
    let mut j = r.start;
    while j < r.end {
        let p = doc.pos[j];
        let key = doc.key(j);
        let opens = p.is_verb()
            || p == Pos::Modal
            || (p == Pos::To && doc.pos.get(j + 1).is_some_and(|q| q.is_verb()));
        if !opens || doc.tokens[j].kind != TokenKind::Word {
            j += 1;
            continue;
        }
        let start = j;
        let mut head = None;
        let mut k = j;
        let mut passive_aux = false;
        let mut negated = false;
        let mut finite = false;
        while k < r.end {
            let key = doc.key(k);
            let p = doc.pos[k];
            if k == start && p == Pos::To {
                k += 1;
                continue;
            }
            if p == Pos::Modal {
                finite = true;
                negated |= is_negation(key);
                k += 1;
                continue;
            }
            if is_group_adverb(key, p) && head.is_some_and(|h| is_aux(doc.key(h))) {
                negated |= is_negation(key);
                k += 1;
                continue;
            }
            if is_group_adverb(key, p) && head.is_none() && k > start {
                negated |= is_negation(key);
                k += 1;
                continue;
            }
            if p.is_verb() {
                // A verb after a main verb that is no auxiliary starts a new group ("made them
                // wait"), unless it is a participle after "be"/"have"/"get".
                if let Some(h) = head
                    && !is_aux(doc.key(h))
                {
                    break;
                }
                if p.is_finite() {
                    finite = true;
                }
                if let Some(h) = head
                    && (is_be(doc.key(h)) || matches!(doc.key(h), "get" | "got" | "gets" | "getting"))
                    && p == Pos::Participle
                {
                    passive_aux = true;
                } else if head.is_some() && p != Pos::Participle && p != Pos::Gerund && p != Pos::Verb {
                    break;
                }
                negated |= is_negation(key);
                head = Some(k);
                k += 1;
                continue;
            }
            break;
        }
        let Some(head) = head else {
            j = k.max(j + 1);
            continue;
        };
        // Trailing adverbs belong to the clause, not the group.
        let mut end = head + 1;
        if doc.pos.get(end) == Some(&Pos::Particle) && r.contains(&end) {
            end += 1;
        }
        let head_pos = doc.pos[head];
        let form = if doc.key(start) == "to" {
            Form::Infinitive
        } else if finite || head_pos.is_finite() {
            Form::Finite
        } else if head != start {
            // "has met", "been invited": an auxiliary with no tense of its own.
            Form::Finite
        } else {
            match head_pos {
                Pos::Gerund => Form::Gerund,
                Pos::Participle => Form::Participle,
                _ => Form::Base,
            }
        };
        let passive = passive_aux || (form == Form::Participle && doc.key(end) == "by");
        let _ = key;
        out.push(VerbGroup {
            tokens: start..end,
            head,
            sentence: s,
            form,
            passive,
            negated,
        });
        j = end;
    }
}

type Form = VerbForm;

/// Auxiliaries: "be", "have", "do" and "get" forms, which a main verb may follow.
fn is_aux(key: &str) -> bool {
    is_be(key) || is_have(key) || is_do(key) || matches!(key, "get" | "got" | "gets" | "getting")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotate::Pipeline;
    use crate::document::{Document, Metadata};

    /// Each verb group of a sentence: its words, form, passive, negated.
    fn groups(text: &str) -> Vec<(String, VerbForm, bool, bool)> {
        let doc = Document::new("t", text, Metadata::default());
        let lex = Lexicons::builtin();
        let a = Pipeline::new(lex).annotate(&doc);
        a.verbs
            .iter()
            .map(|g| {
                (
                    a.text_of(g.tokens.clone()).to_string(),
                    g.form,
                    g.passive,
                    g.negated,
                )
            })
            .collect()
    }

    /// A verb group as the table writes it: words, form, passive, negated.
    type Group = (&'static str, VerbForm, bool, bool);

    #[test]
    fn verb_groups_of_news_sentences() {
        use VerbForm::*;
        let cases: &[(&str, &[Group])] = &[
            (
                "Foreign Minister Ana Duarte will not travel to Lima.",
                &[("will not travel", Finite, false, true)],
            ),
            (
                "The talks were led by Amara Okafor.",
                &[("were led", Finite, true, false)],
            ),
            (
                "Okafor invited Duarte for follow up talks in Lima.",
                &[("invited", Finite, false, false)],
            ),
            (
                "The Kenyan team, led by Amara Okafor, arrived in Lima.",
                &[
                    ("led", Participle, true, false),
                    ("arrived", Finite, false, false),
                ],
            ),
            (
                "Okafor is scheduled to have talks with Lena Moreau before flying to Lima.",
                &[
                    ("is scheduled", Finite, true, false),
                    ("to have", Infinitive, false, false),
                    ("flying", Gerund, false, false),
                ],
            ),
            (
                "President Bruno Castellano departs for Nairobi on Sunday.",
                &[("departs", Finite, false, false)],
            ),
            (
                "Castellano did not attend the summit.",
                &[("did not attend", Finite, false, true)],
            ),
            (
                "The visit follows talks between the two sides.",
                &[("follows", Finite, false, false)],
            ),
        ];
        for (text, want) in cases {
            let got = groups(text);
            let want: Vec<(String, VerbForm, bool, bool)> = want
                .iter()
                .map(|(w, f, p, n)| (w.to_string(), *f, *p, *n))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn nouns_after_determiners_and_verbs_after_subjects() {
        let doc = Document::new(
            "t",
            "The talks ended. Okafor talks to reporters. She hopes to visit Lima.",
            Metadata::default(),
        );
        let a = Pipeline::new(Lexicons::builtin()).annotate(&doc);
        let tag_of = |word: &str, nth: usize| {
            let j = (0..a.tokens.len())
                .filter(|&j| a.tok(j) == word)
                .nth(nth)
                .unwrap();
            a.pos[j]
        };
        assert_eq!(tag_of("talks", 0), Pos::Noun);
        assert_eq!(tag_of("talks", 1), Pos::Present);
        assert_eq!(tag_of("visit", 0), Pos::Verb);
        assert_eq!(tag_of("ended", 0), Pos::Past);
    }
}
