//! Role stage: finds job titles and attaches them to the people who hold them, and turns
//! titles that stand alone ("the envoy", "the French leader") into nominal mentions.
//!
//! Consumes tokens, mentions and the titles lexicon; produces [`Role`]s and nominal
//! [`Mention`]s. A title phrase is: what it is relative to (a qualifier such as "U.S." or
//! "Iranian", a possessor such as "Trump's" or "its"), modifiers ("former", "special"), the
//! title itself, and a complement ("of Russia's sovereign wealth fund", "for economic
//! diplomacy"). It attaches to the name right after it ("U.S. Secretary of State Marco Rubio",
//! "Trump's special envoy, Steve Witkoff") or to the name before it, in apposition ("Kirill
//! Dmitriev, head of Russia's sovereign wealth fund").

use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

use super::tokens::{Case, TokenKind};
use super::{Annotated, EntityType, Mention, MentionKind, Role, Stage};
use crate::lexicon::{Lexicons, TitleClass};

pub struct Roles;

/// A parsed title phrase before it is attached.
#[derive(Debug, Clone)]
struct TitleNp {
    /// First token of the phrase (determiner, qualifier or possessor).
    start: usize,
    /// The title words, modifiers included.
    chain: Range<usize>,
    /// Past the complement.
    end: usize,
    class: TitleClass,
    plural: bool,
    former: bool,
    determiner: bool,
    of: Option<Of>,
    /// Whose title it is, when a possessive says so ("his Malawian counterpart").
    possessor: Option<Of>,
    title: String,
}

#[derive(Debug, Clone, Copy)]
enum Of {
    Mention(usize),
    /// A possessor that is itself a title phrase standing alone ("the Ukrainian president's").
    Phrase(usize),
}

impl Stage for Roles {
    fn name(&self) -> &'static str {
        "roles"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let index = MentionIndex::new(doc);
        let mut nps = Vec::new();
        for s in 0..doc.sentences.len() {
            if doc.sentences[s].dateline {
                continue;
            }
            let r = doc.sentences[s].tokens.clone();
            let mut j = r.start;
            while j < r.end {
                match title_np(doc, lex, &index, j, r.clone(), &nps) {
                    Some(np) => {
                        j = np.chain.end;
                        nps.push((s, np));
                    }
                    None => j += 1,
                }
            }
        }
        // Attach each phrase to a name; phrases with no name become nominal mentions.
        let mut nominal_of_np: HashMap<usize, usize> = HashMap::default();
        let mut pending: Vec<(usize, Role)> = Vec::new();
        for (k, (s, np)) in nps.iter().enumerate() {
            let r = doc.sentences[*s].tokens.clone();
            let people = attach(doc, lex, &index, np, r.clone());
            if people.is_empty() {
                if np.class == TitleClass::Kin {
                    continue;
                }
                if np.determiner || np.of.is_some() {
                    let tokens = np.start..np.chain.end;
                    doc.mentions.push(Mention {
                        span: doc.span_of(&tokens),
                        tokens,
                        sentence: *s,
                        kind: MentionKind::Nominal,
                        etype: EntityType::Person,
                        canonical: None,
                        same_as: None,
                        owner: None,
                        weak: false,
                        rule: "nominal.title",
                        entity: None,
                        group: Vec::new(),
                    });
                    let m = doc.mentions.len() - 1;
                    nominal_of_np.insert(k, m);
                    pending.push((k, role(doc, np, m, np.start..np.chain.end)));
                }
                continue;
            }
            for (person, unit) in people {
                pending.push((k, role(doc, np, person, unit)));
            }
        }
        let resolve = |of: Option<Of>| match of {
            Some(Of::Mention(m)) => Some(m),
            Some(Of::Phrase(p)) => nominal_of_np.get(&p).copied(),
            None => None,
        };
        for (k, mut role) in pending {
            role.of = resolve(nps[k].1.of);
            role.possessor = resolve(nps[k].1.possessor);
            // "President Tomas Reyes of Chile": the country after the name.
            if role.of.is_none()
                && doc.mentions[role.person].kind != MentionKind::Nominal
                && doc.key(role.unit.end) == "of"
                && let Some(m) = index.starting_at(role.unit.end + 1).filter(|&m| {
                    // In the person's sentence: "head" ending a paragraph is not the next one's.
                    doc.mentions[m].sentence == doc.mentions[role.person].sentence
                        && matches!(
                            doc.mentions[m].etype,
                            EntityType::Country | EntityType::Organization
                        )
                })
            {
                role.of = Some(m);
                role.unit.end = doc.mentions[m].tokens.end;
            }
            doc.roles.push(role);
        }
        let new_index = super::mentions::sort_mentions(doc);
        for role in &mut doc.roles {
            role.person = new_index[role.person];
            role.of = role.of.map(|o| new_index[o]);
            role.possessor = role.possessor.map(|o| new_index[o]);
        }
        widen_units(doc);
    }
}

fn role(doc: &Annotated<'_>, np: &TitleNp, person: usize, unit: Range<usize>) -> Role {
    Role {
        person,
        title: np.title.clone(),
        title_span: doc.span_of(&np.chain),
        class: np.class,
        former: np.former,
        of: None,
        possessor: None,
        unit,
    }
}

/// A possessor's own title phrase belongs to the unit it owns: "US president Donald Trump's
/// envoys Steve Witkoff" is one unit for Witkoff.
fn widen_units(doc: &mut Annotated<'_>) {
    let mut starts: HashMap<usize, usize> = HashMap::default();
    for r in &doc.roles {
        let e = starts.entry(r.person).or_insert(r.unit.start);
        *e = (*e).min(r.unit.start);
    }
    for r in &mut doc.roles {
        if let Some(of) = r.of
            && doc.mentions[of].tokens.start == r.unit.start
            && let Some(&s) = starts.get(&of)
        {
            r.unit.start = r.unit.start.min(s);
        }
    }
}

/// Mentions by where they start and end, outermost first.
struct MentionIndex {
    ending: HashMap<usize, Vec<usize>>,
    starting: HashMap<usize, Vec<usize>>,
    inside: Vec<bool>,
}

impl MentionIndex {
    fn new(doc: &Annotated<'_>) -> Self {
        let mut ending: HashMap<usize, Vec<usize>> = HashMap::default();
        let mut starting: HashMap<usize, Vec<usize>> = HashMap::default();
        for (i, m) in doc.mentions.iter().enumerate() {
            ending.entry(m.tokens.end).or_default().push(i);
            starting.entry(m.tokens.start).or_default().push(i);
        }
        for v in ending.values_mut().chain(starting.values_mut()) {
            v.sort_by_key(|&i| std::cmp::Reverse(doc.mentions[i].tokens.len()));
        }
        MentionIndex {
            ending,
            starting,
            inside: inside_names(doc),
        }
    }

    fn ending_at(&self, end: usize) -> Option<usize> {
        self.ending.get(&end).and_then(|v| v.first().copied())
    }

    fn starting_at(&self, start: usize) -> Option<usize> {
        self.starting.get(&start).and_then(|v| v.first().copied())
    }
}

fn title_np(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    index: &MentionIndex,
    j: usize,
    sentence: Range<usize>,
    earlier: &[(usize, TitleNp)],
) -> Option<TitleNp> {
    if doc.tokens[j].kind != TokenKind::Word {
        return None;
    }
    // Titles inside a known name ("Ministry of Foreign Affairs") are not roles.
    if index.inside[j] {
        return None;
    }
    let crate::lexicon::TitleChain {
        tokens: chain,
        class,
        plural,
        former,
        kept,
    } = lex.titles.chain(doc.sentence_keys(j), j, sentence.end)?;
    if index.inside[chain.end - 1] {
        return None;
    }
    // "an official visit", "official talks": the word describes the noun after it.
    if doc.key(chain.end - 1) == "official"
        && chain.end < sentence.end
        && doc.tokens[chain.end].case == Case::Lower
        && lex
            .pos
            .tags(doc.key(chain.end))
            .is_some_and(|t| t[0] == crate::lexicon::Pos::Noun)
    {
        return None;
    }
    let mut title_words: Vec<String> = kept.iter().map(|r| doc.text_of(r.clone()).to_string()).collect();
    // Left side, inwards out: a qualifier ("Malawian", "U.S.", "national security council"),
    // then a possessor ("Trump's", "his", "the Ukrainian president's"), then a determiner.
    let mut start = chain.start;
    let mut of = None;
    let mut possessor = None;
    let mut determiner = false;
    if let Some(m) = index.ending_at(chain.start) {
        let mk = &doc.mentions[m];
        if mk.etype != EntityType::Person
            && mk.kind != MentionKind::Pronoun
            && mk.tokens.start >= sentence.start
        {
            of = Some(Of::Mention(m));
            start = mk.tokens.start;
            if mk.kind == MentionKind::Description && mk.owner.is_none() {
                // "the national security council secretary"
                let text = doc.text_of(mk.tokens.clone());
                let text = ["the ", "a ", "an ", "The ", "A ", "An "]
                    .iter()
                    .fold(text, |t, d| t.strip_prefix(d).unwrap_or(t));
                title_words.insert(0, text.to_string());
            }
        }
    }
    // "special Middle East envoy": a region is the title's field, not whose title it is.
    if let Some(Of::Mention(m)) = of
        && matches!(
            doc.mentions[m].etype,
            EntityType::Region | EntityType::Continent | EntityType::Place
        )
    {
        title_words.insert(0, doc.text_of(doc.mentions[m].tokens.clone()).to_string());
        of = None;
        while start > sentence.start
            && lex
                .titles
                .senses_at(doc.sentence_keys(start - 1), start - 1)
                .is_some_and(|(len, s)| len == 1 && s.iter().any(|s| s.class == TitleClass::Modifier))
        {
            start -= 1;
            title_words.insert(0, doc.tok(start).to_string());
        }
    }
    if start > sentence.start {
        let k = start - 1;
        let key = doc.key(k);
        if key == "'s" || key == "'" {
            if let Some(m) = index.ending_at(k) {
                possessor = Some(Of::Mention(m));
                start = doc.mentions[m].tokens.start;
                // "President Lena Moreau's son-in-law": the possessor's own title belongs to
                // the phrase.
                if let Some((_, np)) = earlier
                    .iter()
                    .rev()
                    .take_while(|(_, np)| np.chain.end + 8 > start)
                    .find(|(_, np)| (np.end == start || np.chain.end == start) && np.start >= sentence.start)
                {
                    start = np.start;
                }
            } else if let Some((p, np)) = earlier
                .iter()
                .enumerate()
                .rev()
                .take_while(|(_, (_, np))| np.chain.end + 8 > k)
                .find(|(_, (_, np))| np.chain.end == k)
            {
                possessor = Some(Of::Phrase(p));
                start = np.1.start;
            }
        } else if matches!(key, "his" | "her" | "its" | "their")
            && let Some(m) = index
                .ending_at(start)
                .filter(|&m| doc.mentions[m].kind == MentionKind::Pronoun)
        {
            possessor = Some(Of::Mention(m));
            start = k;
        }
    }
    // "Former NATO secretary general", "ex-US president".
    let mut former = former;
    if start > sentence.start {
        let k = if doc.key(start - 1) == "-" && start >= sentence.start + 2 {
            start - 2
        } else {
            start - 1
        };
        if lex
            .titles
            .senses_at(doc.sentence_keys(k), k)
            .is_some_and(|(len, s)| {
                k + len >= start.saturating_sub(1) && s.iter().any(|s| s.class == TitleClass::Former)
            })
        {
            former = true;
            start = k;
        }
    }
    if start > sentence.start && matches!(doc.key(start - 1), "the" | "a" | "an") {
        start -= 1;
        determiner = true;
    }
    if of.is_none() {
        of = possessor;
    }
    // Right side: "of"/"for" complement.
    let mut end = chain.end;
    let joined = doc.text_of(chain.clone()).to_lowercase();
    if (doc.key(end) == "for" || (doc.key(end) == "of" && !joined.contains(" of "))) && end + 1 < sentence.end
    {
        let mut k = end + 1;
        // "head of the on-site Ukrainian delegation": a mention may start at the determiner.
        if doc.key(k) == "the" && index.starting_at(k).is_none() {
            k += 1;
        }
        // "head of Chile's Security Council": the possessed body, not its country.
        let possessed = |m: usize| {
            let after = doc.mentions[m].tokens.end;
            (after + 1 < sentence.end && matches!(doc.key(after), "'s" | "\u{2019}s"))
                .then(|| index.starting_at(after + 1))
                .flatten()
                .filter(|&o| {
                    matches!(
                        doc.mentions[o].etype,
                        EntityType::Organization | EntityType::Delegation
                    )
                })
                .unwrap_or(m)
        };
        if let Some(m) = index
            .starting_at(k)
            .filter(|&m| doc.mentions[m].etype != EntityType::Person)
            .map(possessed)
        {
            if of.is_none()
                || matches!(of, Some(Of::Mention(q)) if doc.mentions[q].kind == MentionKind::Pronoun)
            {
                of = Some(Of::Mention(m));
            } else {
                // The qualifier already says whose; the complement says of what: "U.S.
                // Assistant Secretary of State for African Affairs".
                let mut e = doc.mentions[m].tokens.end;
                while e < sentence.end
                    && e < doc.mentions[m].tokens.end + 3
                    && doc.tokens[e].case == Case::Title
                    && index
                        .starting_at(e)
                        .is_none_or(|x| doc.mentions[x].etype != EntityType::Person)
                {
                    e += 1;
                }
                title_words.push(doc.text_of(end..e).to_string());
                end = e;
            }
            end = end.max(doc.mentions[m].tokens.end);
        } else {
            let mut words = Vec::new();
            let mut e = end + 1;
            while e < sentence.end
                && words.len() < 4
                && doc.tokens[e].kind == TokenKind::Word
                && doc.tokens[e].case == Case::Lower
                && !matches!(
                    doc.key(e),
                    "the" | "a" | "and" | "to" | "who" | "which" | "that" | "in" | "on"
                )
            {
                words.push(doc.tok(e).to_string());
                e += 1;
            }
            if !words.is_empty() {
                title_words.push(format!("{} {}", doc.tok(end), words.join(" ")));
                end = e;
            }
        }
    }
    // "ambassador to Brazil".
    if doc.key(end) == "to"
        && let Some(m) = index
            .starting_at(end + 1)
            .filter(|&m| doc.mentions[m].etype.is_place())
    {
        title_words.push(doc.text_of(end..doc.mentions[m].tokens.end).to_string());
        end = doc.mentions[m].tokens.end;
    }
    let title = title_words.join(" ").replace(" - ", "-");
    Some(TitleNp {
        possessor,
        start,
        chain,
        end,
        class,
        plural,
        former,
        determiner,
        of,
        title,
    })
}

/// For each token, whether it is inside a capitalised organisation or place name of more
/// than one word (titles there are not roles: "Ministry of Foreign Affairs").
fn inside_names(doc: &Annotated<'_>) -> Vec<bool> {
    let mut inside = vec![false; doc.tokens.len()];
    for m in &doc.mentions {
        if matches!(m.kind, MentionKind::Name | MentionKind::Known)
            && m.etype != EntityType::Person
            && m.tokens.len() > 1
        {
            for j in m.tokens.clone() {
                inside[j] = true;
            }
        }
    }
    inside
}

/// The people a title phrase belongs to, each with the unit of tokens that stands for them.
fn attach(
    doc: &Annotated<'_>,
    lex: &Lexicons,
    index: &MentionIndex,
    np: &TitleNp,
    sentence: Range<usize>,
) -> Vec<(usize, Range<usize>)> {
    // Only names inside the sentence: a title ending one paragraph is not the next one's.
    let person_at = |k: usize| -> Option<usize> {
        if !sentence.contains(&k) {
            return None;
        }
        index.starting.get(&k)?.iter().copied().find(|&m| {
            doc.mentions[m].etype == EntityType::Person
                && matches!(doc.mentions[m].kind, MentionKind::Name | MentionKind::Known)
        })
    };
    let mut out = Vec::new();
    // "Secretary of State Marco Rubio", "special envoy, Steve Witkoff".
    let mut k = np.end;
    if k < sentence.end && doc.key(k) == "," {
        k += 1;
    }
    // "Foreign Minister Prince Khalid al-Rashid", "President Mr. Li": honorifics in between.
    while k < sentence.end
        && person_at(k).is_none()
        && lex
            .titles
            .senses_at(doc.sentence_keys(k), k)
            .is_some_and(|(_, s)| s.iter().any(|s| s.class == TitleClass::Honorific))
    {
        k += lex
            .titles
            .senses_at(doc.sentence_keys(k), k)
            .map(|(len, _)| len)
            .unwrap_or(1);
    }
    if let Some(p) = person_at(k) {
        let mut end = doc.mentions[p].tokens.end;
        out.push((p, np.start..end));
        if np.plural {
            // "envoys Steve Witkoff and his son-in-law Jared Kushner".
            while end < sentence.end && matches!(doc.key(end), "and" | ",") {
                let mut n = end + 1;
                if n < sentence.end && doc.key(n) == "and" {
                    n += 1;
                }
                while n < sentence.end
                    && n < end + 9
                    && person_at(n).is_none()
                    && (doc.tokens[n].case == Case::Lower || doc.key(n) == "-")
                {
                    n += 1;
                }
                match person_at(n) {
                    Some(q) => {
                        end = doc.mentions[q].tokens.end;
                        out.push((q, n..end));
                    }
                    None => break,
                }
            }
        }
        return out;
    }
    // Apposition: "Kirill Dmitriev, head of Russia's sovereign wealth fund"; not a reporting
    // clause ("Faisal bin Khalid, a U.S. official said").
    let reporting = np.end < sentence.end
        && lex
            .quotes
            .speech_verbs
            .longest_at(doc.sentence_keys(np.end), np.end)
            .is_some();
    // An apposition is closed ("X, the envoy, said"; "... met X, the envoy."); a title phrase
    // followed by a verb is that verb's subject ("accompanied by X, the president met Y").
    let closed = np.end >= sentence.end
        || doc.tokens[np.end].kind != super::tokens::TokenKind::Word
        || doc.tokens[np.end].case != Case::Lower
        || matches!(
            doc.key(np.end),
            "and"
                | "or"
                | "but"
                | "who"
                | "whose"
                | "whom"
                | "which"
                | "in"
                | "at"
                | "on"
                | "to"
                | "for"
                | "from"
                | "with"
                | "of"
                | "since"
                | "until"
                | "during"
                | "after"
                | "before"
                | "as"
                | "told"
                | "says"
        );
    if np.start >= sentence.start + 2
        && !reporting
        && closed
        && doc.key(np.start - 1) == ","
        && let Some(p) = index.ending_at(np.start - 1)
        && doc.mentions[p].etype == EntityType::Person
        && matches!(doc.mentions[p].kind, MentionKind::Name | MentionKind::Known)
    {
        out.push((p, doc.mentions[p].tokens.start..np.end));
    }
    out
}
