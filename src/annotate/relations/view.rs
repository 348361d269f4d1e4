//! A sentence seen as arguments: each token belongs to at most one argument (a person with
//! their title phrase, a delegation, an organisation, a place), so frames can look left and
//! right for the subject and object of a trigger.

use std::ops::Range;

use super::super::{Annotated, EntityType, MentionKind};

/// One argument: the tokens that stand for an entity (or for "both sides").
#[derive(Debug, Clone)]
pub struct Arg {
    pub tokens: Range<usize>,
    /// The entity, or for "both sides" the first of the group.
    pub entity: usize,
    /// All entities it stands for (two for "both sides").
    pub entities: Vec<usize>,
    pub etype: EntityType,
}

/// Tokens where a clause ends for subject and object search.
pub fn is_boundary(key: &str) -> bool {
    matches!(
        key,
        ";" | "that"
            | "which"
            | "while"
            | "whereas"
            | "although"
            | "though"
            | "because"
            | "but"
            | "whether"
            | "if"
            | "\""
            | "\u{201C}"
            | "\u{201D}"
    )
}

/// Honorifics written before a name ("Mr Okafor", "Dr. Moreau").
pub fn is_honorific(key: &str) -> bool {
    matches!(
        key,
        "mr" | "mr." | "mrs" | "mrs." | "ms" | "ms." | "dr" | "dr." | "sir" | "dame" | "madam" | "prof."
    )
}

/// Adverbs that qualify one conjunct ("and potentially Kushner").
pub fn is_conjunct_adverb(key: &str) -> bool {
    matches!(
        key,
        "potentially"
            | "possibly"
            | "perhaps"
            | "maybe"
            | "also"
            | "likely"
            | "probably"
            | "even"
            | "later"
            | "then"
            | "not"
    )
}

/// Prepositions: an argument right after one is not a subject.
pub fn is_preposition(key: &str) -> bool {
    matches!(
        key,
        "with"
            | "to"
            | "for"
            | "of"
            | "by"
            | "from"
            | "in"
            | "at"
            | "on"
            | "about"
            | "against"
            | "between"
            | "among"
            | "aboard"
            | "including"
            | "alongside"
            | "despite"
            | "toward"
            | "towards"
            | "via"
            | "over"
            | "under"
            | "after"
            | "before"
            | "than"
            | "like"
            | "behind"
            | "near"
            | "into"
            | "through"
            | "amid"
            | "amidst"
            | "regarding"
            | "during"
            | "without"
            | "beside"
            | "across"
            | "around"
            | "upon"
    )
}

/// The mentions and roles of each sentence, built once so that a view of a sentence costs
/// the size of that sentence, not of the document.
/// How far left of a trigger the subject is looked for, in tokens.
const SUBJECT_REACH: usize = 80;

pub struct SentenceIndex {
    mentions: Vec<Vec<usize>>,
    roles: Vec<Vec<usize>>,
    /// For each token, whether it is inside a quotation.
    pub quoted: Vec<bool>,
    /// The delegation (side) of each country or organisation that has one.
    pub side_of: rustc_hash::FxHashMap<usize, usize>,
    /// The country of each person whose role names one.
    pub countries: rustc_hash::FxHashMap<usize, usize>,
}

impl SentenceIndex {
    pub fn new(doc: &Annotated<'_>) -> Self {
        let mut mentions = vec![Vec::new(); doc.sentences.len()];
        for (i, m) in doc.mentions.iter().enumerate() {
            mentions[m.sentence].push(i);
        }
        let mut roles = vec![Vec::new(); doc.sentences.len()];
        for (i, r) in doc.roles.iter().enumerate() {
            roles[doc.mentions[r.person].sentence].push(i);
        }
        let mut quoted = vec![false; doc.tokens.len()];
        for q in &doc.quotes {
            let first = doc.tokens.partition_point(|t| t.span.start < q.span.start);
            for (j, t) in doc.tokens.iter().enumerate().skip(first) {
                if t.span.start >= q.span.end {
                    break;
                }
                quoted[j] = true;
            }
        }
        let mut side_of = rustc_hash::FxHashMap::default();
        for (e, entity) in doc.entities.iter().enumerate() {
            if entity.etype == EntityType::Delegation
                && let Some(c) = entity.country
            {
                side_of.entry(c).or_insert(e);
            }
        }
        SentenceIndex {
            mentions,
            roles,
            quoted,
            side_of,
            countries: super::locality::countries_of_people(doc),
        }
    }
}

pub struct View<'a, 'd> {
    pub doc: &'a Annotated<'d>,
    pub index: &'a SentenceIndex,
    pub range: Range<usize>,
    /// The sentence is the headline, whose grammar is terse ("Ukraine, Russia end talks").
    pub headline: bool,
    args: Vec<Arg>,
    /// For each token of the sentence, the index of the argument covering it.
    at: Vec<Option<usize>>,
}

impl<'a, 'd> View<'a, 'd> {
    pub fn new(doc: &'a Annotated<'d>, sentence: usize, index: &'a SentenceIndex) -> Self {
        let range = doc.sentences[sentence].tokens.clone();
        let mut candidates: Vec<Arg> = Vec::new();
        for r in index.roles[sentence].iter().map(|&i| &doc.roles[i]) {
            let m = &doc.mentions[r.person];
            if let Some(e) = m.entity {
                let mut tokens = r.unit.clone();
                if tokens.start > range.start && is_honorific(doc.key(tokens.start - 1)) {
                    tokens.start -= 1;
                }
                candidates.push(Arg {
                    tokens,
                    entity: e,
                    entities: vec![e],
                    etype: doc.entities[e].etype,
                });
            }
        }
        for m in index.mentions[sentence].iter().map(|&i| &doc.mentions[i]) {
            // "Mr Okafor": the honorific belongs to the name.
            let honorific = m.etype == EntityType::Person
                && m.tokens.start > range.start
                && is_honorific(doc.key(m.tokens.start - 1));
            let tokens = if honorific {
                m.tokens.start - 1..m.tokens.end
            } else {
                m.tokens.clone()
            };
            if m.group.len() >= 2 && matches!(m.kind, MentionKind::Both | MentionKind::Pronoun) {
                candidates.push(Arg {
                    tokens: m.tokens.clone(),
                    entity: m.group[0],
                    entities: m.group.clone(),
                    etype: doc.entities[m.group[0]].etype,
                });
            } else if let Some(e) = m.entity {
                candidates.push(Arg {
                    tokens,
                    entity: e,
                    entities: vec![e],
                    etype: doc.entities[e].etype,
                });
            }
        }
        // A title standing for nobody the article names ("the Ukrainian president" when it
        // could not be resolved) hides the names inside it: "Ukrainian" is not the subject.
        let unresolved: Vec<std::ops::Range<usize>> = index.mentions[sentence]
            .iter()
            .map(|&i| &doc.mentions[i])
            .filter(|m| m.kind == MentionKind::Nominal && m.entity.is_none())
            .map(|m| m.tokens.clone())
            .collect();
        candidates.retain(|a| {
            !unresolved
                .iter()
                .any(|u| u.start <= a.tokens.start && a.tokens.end <= u.end && a.tokens.len() < u.len())
        });
        // Outermost first; an argument inside a longer one is not an argument of its own.
        // For the same tokens, a delegation wins: "Hamas" in "Hamas and Israeli negotiators".
        candidates.sort_by_key(|a| {
            (
                a.tokens.start,
                std::cmp::Reverse(a.tokens.end),
                a.etype != EntityType::Delegation,
            )
        });
        let mut at = vec![None; range.len()];
        let mut args = Vec::new();
        for a in candidates {
            if a.tokens.start < range.start || a.tokens.end > range.end {
                continue;
            }
            if a.tokens.clone().any(|j| at[j - range.start].is_some()) {
                continue;
            }
            for j in a.tokens.clone() {
                at[j - range.start] = Some(args.len());
            }
            args.push(a);
        }
        let headline = doc
            .blocks
            .get(doc.sentences[sentence].block)
            .is_some_and(|b| b.kind == super::super::BlockKind::Headline);
        View {
            doc,
            index,
            range,
            headline,
            args,
            at,
        }
    }

    pub fn arg_at(&self, j: usize) -> Option<&Arg> {
        if !self.range.contains(&j) {
            return None;
        }
        self.at[j - self.range.start].map(|i| &self.args[i])
    }

    pub fn key(&self, j: usize) -> &str {
        self.doc.key(j)
    }

    /// Whether any token of `r` belongs to an argument.
    pub fn covered(&self, r: Range<usize>) -> bool {
        r.into_iter().any(|j| self.arg_at(j).is_some())
    }

    /// The argument ending right before token `j` (skipping nothing).
    pub fn arg_ending_at(&self, j: usize) -> Option<&Arg> {
        (j > self.range.start)
            .then(|| self.arg_at(j - 1))
            .flatten()
            .filter(|a| a.tokens.end == j)
    }

    /// Whether the argument is the object of a preposition or a possessor.
    pub fn is_oblique(&self, a: &Arg) -> bool {
        let mut k = a.tokens.start;
        // Skip a determiner or adjective that is not part of the argument ("with a Ukrainian").
        while k > self.range.start && matches!(self.key(k - 1), "the" | "a" | "an") {
            k -= 1;
        }
        let before = if k > self.range.start { self.key(k - 1) } else { "" };
        is_preposition(before) || matches!(self.key(a.tokens.end), "'s" | "'")
    }

    /// The subject of the clause ending at `t`: the nearest non-oblique fitting argument to the
    /// left, with the arguments coordinated with it ("Witkoff and Kushner"). Each comes with
    /// the tokens before it inside the coordination ("and potentially"), where conjunct-level
    /// cues live.
    pub fn subject(&self, t: usize, fits: impl Fn(&Arg) -> bool) -> Vec<(Arg, Range<usize>)> {
        let mut j = t;
        // A subject is near its verb; bounding the search keeps a sentence of any length linear.
        let floor = self.range.start.max(t.saturating_sub(SUBJECT_REACH));
        while j > floor {
            j -= 1;
            if is_boundary(self.key(j)) {
                return Vec::new();
            }
            // "X, who held talks": the relative pronoun's antecedent is the subject.
            if matches!(self.key(j), "who" | "whom")
                && j > self.range.start + 1
                && self.key(j - 1) == ","
                && let Some(a) = self.arg_ending_at(j - 1)
            {
                let a = a.clone();
                return if fits(&a) {
                    vec![(a.clone(), a.tokens.start..a.tokens.start)]
                } else {
                    Vec::new()
                };
            }
            if let Some(a) = self.arg_at(j) {
                let a = a.clone();
                j = a.tokens.start;
                if fits(&a) && !self.is_oblique(&a) {
                    return self.with_conjuncts_left(a, &fits);
                }
            }
        }
        Vec::new()
    }

    pub fn with_conjuncts_left(&self, first: Arg, fits: &impl Fn(&Arg) -> bool) -> Vec<(Arg, Range<usize>)> {
        let mut out = vec![(first.clone(), first.tokens.start..first.tokens.start)];
        let mut start = first.tokens.start;
        let mut first_link = true;
        loop {
            // "X and Y", "X, Y and Z", "X, and potentially Y"; the link next to the last
            // conjunct has "and" or "or" ("by X, Y met" is no coordination).
            let mut k = start;
            let mut saw_coordinator = false;
            let mut saw_and = false;
            while k > self.range.start && k + 4 > start {
                let key = self.key(k - 1);
                if key == "and" || key == "," || key == "or" {
                    saw_coordinator = true;
                    saw_and |= key != ",";
                    k -= 1;
                } else if is_conjunct_adverb(key) {
                    k -= 1;
                } else {
                    break;
                }
            }
            // Headlines coordinate with a comma alone: "Ukraine, Russia end talks".
            if first_link && !saw_and && !self.headline {
                break;
            }
            first_link = false;
            match self.arg_ending_at(k) {
                Some(a) if saw_coordinator && fits(a) => {
                    let window = k..start;
                    if let Some(last) = out.last_mut() {
                        last.1 = window;
                    }
                    out.push((a.clone(), a.tokens.start..a.tokens.start));
                    start = a.tokens.start;
                }
                _ => break,
            }
        }
        out.reverse();
        out
    }

    /// Fitting arguments right of `t` in the same phrase, with coordinated ones, stopping at
    /// a boundary, at `stop` words, or after `max` tokens.
    pub fn objects(
        &self,
        t: usize,
        max: usize,
        stop: &[&str],
        fits: impl Fn(&Arg) -> bool,
    ) -> Vec<(Arg, Range<usize>)> {
        let end = self.range.end.min(t + max);
        let mut j = t;
        let mut out: Vec<(Arg, Range<usize>)> = Vec::new();
        let mut window_start = t;
        while j < end {
            let key = self.key(j);
            if let Some(a) = self.arg_at(j) {
                let a = a.clone();
                j = a.tokens.end;
                // "to meet Ukraine's needs": a possessor is not the object; what it owns is
                // ("invited Ukraine's Rustem Umerov": the person after it).
                if matches!(self.key(j), "'s" | "'") && out.is_empty() {
                    if self.arg_at(j + 1).is_some() {
                        j += 1;
                        continue;
                    }
                    break;
                }
                if fits(&a) {
                    out.push((a, window_start..j));
                    // Continue only through a coordination: "X and Y", "X, Y and Z",
                    // "X, and potentially Y" (not an apposition: "X, a steadfast ally").
                    let mut k = j;
                    let mut coordinated = false;
                    while k < end
                        && k < j + 4
                        && (matches!(self.key(k), "and" | "," | "or") || is_conjunct_adverb(self.key(k)))
                    {
                        coordinated |= self.key(k) != "," || self.arg_at(k + 1).is_some();
                        k += 1;
                    }
                    if coordinated && self.arg_at(k).is_some_and(&fits) {
                        window_start = j;
                        j = k;
                        continue;
                    }
                    return out;
                }
                continue;
            }
            if is_boundary(key) || stop.contains(&key) {
                break;
            }
            j += 1;
        }
        out
    }
}
