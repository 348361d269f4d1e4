//! Coreference stage: groups mentions into entities, one per real-world thing in the article.
//!
//! Consumes mentions and roles; produces [`Entity`]s and sets `Mention::entity`. Names first
//! (full names, then surnames and first names that match them, lexicon entries by canonical
//! name, delegations by their country), then references that need those entities: pronouns,
//! title nominals ("the envoy", "the French leader", matched by title and qualifier) and
//! "both sides".

use rustc_hash::FxHashMap as HashMap;

use super::tokens::{Case, TokenKind};
use super::{Annotated, Entity, EntityType, MentionKind, Stage};
use crate::lexicon::{GazKind, Lexicons, TitleClass};

pub struct Coref;

impl Stage for Coref {
    fn name(&self) -> &'static str {
        "coref"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let mut b = Builder {
            by_key: HashMap::default(),
        };
        b.names(doc, lex);
        b.owned(doc, lex);
        references(doc, lex);
        finish(doc);
    }
}

struct Builder {
    by_key: HashMap<String, usize>,
}

fn norm(s: &str) -> String {
    let s = super::tokens::fold(s).to_lowercase();
    let s = s
        .trim_start_matches("the ")
        .trim_start_matches("a ")
        .trim_start_matches("an ");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn new_entity(doc: &mut Annotated<'_>, etype: EntityType, label: String) -> usize {
    doc.entities.push(Entity {
        etype,
        label,
        alternate: Vec::new(),
        mentions: Vec::new(),
        same_as: None,
        country: None,
        titles: Vec::new(),
        weak: true,
        keep: false,
        country_name: None,
    });
    doc.entities.len() - 1
}

fn link(doc: &mut Annotated<'_>, m: usize, e: usize) {
    doc.mentions[m].entity = Some(e);
    add_mention(doc, e, m);
    if !doc.mentions[m].weak {
        doc.entities[e].weak = false;
    }
}

/// The words of a person name, without particles' hyphens ("al-Busaidi" → ["al-busaidi"]).
fn name_words(doc: &Annotated<'_>, m: usize) -> Vec<String> {
    let r = doc.mentions[m].tokens.clone();
    let mut words: Vec<String> = Vec::new();
    for j in r {
        let k = doc.key(j).to_string();
        if k == "-" {
            if let Some(last) = words.last_mut() {
                last.push('-');
            }
            continue;
        }
        if doc.tokens[j].kind != TokenKind::Word {
            continue;
        }
        match words.last_mut() {
            Some(last) if last.ends_with('-') => last.push_str(&k),
            _ => words.push(k),
        }
    }
    words
}

impl Builder {
    fn entity_for_key(
        &mut self,
        doc: &mut Annotated<'_>,
        key: String,
        etype: EntityType,
        label: &str,
    ) -> usize {
        if let Some(&e) = self.by_key.get(&key) {
            return e;
        }
        let e = new_entity(doc, etype, label.to_string());
        self.by_key.insert(key, e);
        e
    }

    /// The entity of a country (or continent) by canonical name, made if needed.
    fn place_entity(&mut self, doc: &mut Annotated<'_>, lex: &Lexicons, canonical: &str) -> usize {
        let kind = [
            GazKind::Country,
            GazKind::Continent,
            GazKind::Region,
            GazKind::State,
        ]
        .into_iter()
        .find(|k| lex.gazetteer.by_canonical(*k, canonical).is_some())
        .unwrap_or(GazKind::Country);
        let etype = match kind {
            GazKind::Continent => EntityType::Continent,
            GazKind::Region => EntityType::Region,
            GazKind::State => EntityType::State,
            _ => EntityType::Country,
        };
        let e = self.entity_for_key(doc, format!("{}:{}", etype.name(), canonical), etype, canonical);
        if doc.entities[e].same_as.is_none() {
            doc.entities[e].same_as = lex
                .gazetteer
                .by_canonical(kind, canonical)
                .and_then(|g| g.same_as.clone());
        }
        e
    }

    /// Names and lexicon entries.
    fn names(&mut self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let n = doc.mentions.len();
        // Full person names first, so that surnames find them wherever they are.
        let mut persons: Vec<(usize, Vec<String>)> = Vec::new();
        for m in 0..n {
            let mk = &doc.mentions[m];
            if mk.etype == EntityType::Person && mk.kind == MentionKind::Name && name_words(doc, m).len() >= 2
            {
                let words = name_words(doc, m);
                let found = persons
                    .iter()
                    .find(|(_, w)| same_person(w, &words))
                    .map(|(e, _)| *e);
                let e = match found {
                    Some(e) => e,
                    None => {
                        let label = doc.doc.slice(doc.mentions[m].span).to_string();
                        let e = new_entity(doc, EntityType::Person, label);
                        persons.push((e, words));
                        e
                    }
                };
                link(doc, m, e);
            }
        }
        // People holding an office, for surnames that several people share.
        let office: rustc_hash::FxHashSet<usize> = doc
            .roles
            .iter()
            .filter(|r| r.class.is_job() && r.class != TitleClass::Spouse)
            .filter_map(|r| doc.mentions[r.person].entity)
            .collect();
        for m in 0..n {
            let mk = doc.mentions[m].clone();
            if mk.entity.is_some() {
                continue;
            }
            match mk.kind {
                MentionKind::Name if mk.etype == EntityType::Person => {
                    let words = name_words(doc, m);
                    let candidates: Vec<usize> = persons
                        .iter()
                        .filter(|(_, w)| {
                            let last = w.last().map(String::as_str).unwrap_or_default();
                            let bare = last.rsplit('-').next().unwrap_or(last);
                            words.len() == 1
                                && (words[0] == last || words[0] == bare || w.first() == Some(&words[0]))
                        })
                        .map(|(e, _)| *e)
                        .collect();
                    let e = match candidates.as_slice() {
                        [one] => *one,
                        [] => {
                            let label = doc.doc.slice(mk.span).to_string();
                            // "told Northline" after "(Northline)" in the dateline: the
                            // organisation, not a new person.
                            let other = [
                                EntityType::Organization,
                                EntityType::City,
                                EntityType::Place,
                                EntityType::Country,
                            ]
                            .iter()
                            .find_map(|t| {
                                self.by_key
                                    .get(&format!("{}:{}", t.name(), norm(&label)))
                                    .copied()
                            });
                            match other {
                                Some(e) if mk.weak => e,
                                _ => {
                                    let key = format!("Person:{}", words.join(" "));
                                    self.entity_for_key(doc, key, EntityType::Person, &label)
                                }
                            }
                        }
                        // "Trump" in an article on Donald and Melania Trump: the one with a
                        // job title, else the one named most.
                        many => principal(&office, many)
                            .unwrap_or_else(|| *most_recent(doc, many, m).unwrap_or(&many[0])),
                    };
                    link(doc, m, e);
                }
                MentionKind::Name => {
                    let text = doc.doc.slice(mk.span).to_string();
                    let key = format!("{}:{}", mk.etype.name(), norm(&text));
                    let label = text
                        .trim_start_matches("the ")
                        .trim_start_matches("The ")
                        .to_string();
                    let e = self.entity_for_key(doc, key, mk.etype, &label);
                    link(doc, m, e);
                }
                MentionKind::Known | MentionKind::Demonym => {
                    let canonical = mk.canonical.clone().unwrap_or_default();
                    let e = if matches!(mk.etype, EntityType::Country | EntityType::Continent) {
                        self.place_entity(doc, lex, &canonical)
                    } else {
                        let e = self.entity_for_key(
                            doc,
                            format!("{}:{}", mk.etype.name(), canonical),
                            mk.etype,
                            &canonical,
                        );
                        if doc.entities[e].same_as.is_none() {
                            doc.entities[e].same_as = mk.same_as.clone();
                        }
                        e
                    };
                    if mk.etype == EntityType::City {
                        doc.entities[e].country_name = lex
                            .gazetteer
                            .by_canonical(GazKind::City, &canonical)
                            .or_else(|| lex.gazetteer.by_canonical(GazKind::Capital, &canonical))
                            .and_then(|g| g.country.clone());
                    }
                    link(doc, m, e);
                }
                MentionKind::Delegation if mk.canonical.is_some() => {
                    let owner = mk.canonical.clone().unwrap_or_default();
                    let key = format!("Delegation:{owner}");
                    let label = delegation_label(doc, lex, m);
                    let e = self.entity_for_key(doc, key, EntityType::Delegation, &label);
                    link(doc, m, e);
                }
                _ => {}
            }
        }
    }

    /// Owned things: delegations' and descriptions' owners, descriptions themselves.
    fn owned(&mut self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        for m in 0..doc.mentions.len() {
            let mk = doc.mentions[m].clone();
            match mk.kind {
                MentionKind::Delegation if mk.entity.is_some() => {
                    let e = mk.entity.unwrap_or_default();
                    let owner = mk.owner.and_then(|o| doc.mentions[o].entity);
                    if let Some(o) = owner {
                        if doc.entities[o].etype == EntityType::Country {
                            doc.entities[e].country = Some(o);
                            doc.entities[e].country_name = Some(doc.entities[o].label.clone());
                        } else {
                            doc.entities[e].country = Some(o);
                            doc.entities[e].country_name = doc.entities[o].country_name.clone();
                        }
                    }
                }
                MentionKind::Name | MentionKind::Known if mk.etype == EntityType::Organization => {
                    if let Some(e) = mk.entity
                        && doc.entities[e].country.is_none()
                        && let Some(name) = country_before(doc, lex, m)
                    {
                        let c = self.place_entity(doc, lex, &name);
                        doc.entities[e].country = Some(c);
                        doc.entities[e].country_name = Some(doc.entities[c].label.clone());
                    }
                }
                MentionKind::Description => {
                    // Owners that are pronouns are resolved later; name the rest now.
                    let Some(o) = mk.owner else { continue };
                    if doc.mentions[o].kind == MentionKind::Pronoun {
                        continue;
                    }
                    self.description(doc, lex, m, o);
                }
                _ => {}
            }
        }
    }

    fn description(&mut self, doc: &mut Annotated<'_>, _lex: &Lexicons, m: usize, owner_mention: usize) {
        let Some(owner) = doc.mentions[owner_mention].entity else {
            return;
        };
        let head = doc
            .text_of(doc.mentions[owner_mention].tokens.end..doc.mentions[m].tokens.end)
            .to_string();
        let head = head
            .trim_start_matches("'s")
            .trim_start_matches("’s")
            .trim_start_matches('\'')
            .trim()
            .to_string();
        // The owner as written ("UN's nuclear watchdog"), or by name when written as a pronoun
        // ("its foreign ministry" → "Iran's foreign ministry").
        let owner_label = if doc.mentions[owner_mention].kind == MentionKind::Pronoun {
            doc.entities[owner].label.clone()
        } else {
            doc.text_of(doc.mentions[owner_mention].tokens.clone())
                .to_string()
        };
        let label = if doc.mentions[owner_mention].kind == MentionKind::Demonym {
            format!("{owner_label} {head}")
        } else {
            format!("{owner_label}'s {head}")
        };
        let key = format!("Organization:{}", norm(&label));
        let e = self.entity_for_key(doc, key, EntityType::Organization, &label);
        doc.entities[e].country = Some(owner);
        doc.entities[e].country_name = if doc.entities[owner].etype == EntityType::Country {
            Some(doc.entities[owner].label.clone())
        } else {
            doc.entities[owner].country_name.clone()
        };
        link(doc, m, e);
    }
}

/// The country an organisation's name says it belongs to: "Kenya's National Security
/// Council", "U.S. Treasury", "Kenyan Air Force", or its lexicon entry's country.
fn country_before(doc: &Annotated<'_>, lex: &Lexicons, m: usize) -> Option<String> {
    let mk = &doc.mentions[m];
    let start = doc.sentences[mk.sentence].tokens.start;
    // Mentions are sorted by where they start; one ending at `k` starts a few tokens before.
    let country_mention = |k: usize| {
        let from = doc.mentions.partition_point(|x| x.tokens.start + 8 < k);
        doc.mentions[from..]
            .iter()
            .take_while(|x| x.tokens.start < k)
            .filter(|x| x.tokens.end == k && x.sentence == mk.sentence)
            .find(|x| x.etype == EntityType::Country)
            .and_then(|x| x.canonical.clone())
    };
    // "Kenya's X", "U.S. X"
    let mut at = mk.tokens.start;
    if at > start && matches!(doc.key(at - 1), "'s" | "'") {
        at -= 1;
    }
    if at > start
        && let Some(c) = country_mention(at)
    {
        return Some(c);
    }
    // "Kenyan Air Force": a demonym opening the name.
    if let Some((len, entry)) = lex.gazetteer.longest_at(
        doc.sentence_keys(mk.tokens.start),
        |j| doc.tok(j),
        mk.tokens.start,
    ) && matches!(entry.kind, GazKind::Demonym | GazKind::Country)
        && mk.tokens.start + len < mk.tokens.end
    {
        return Some(entry.canonical.clone());
    }
    let canonical = mk.canonical.as_deref()?;
    lex.gazetteer
        .by_canonical(GazKind::Organization, canonical)?
        .country
        .clone()
}

fn same_person(a: &[String], b: &[String]) -> bool {
    a.last() == b.last() && (a.first() == b.first() || is_particle(b.first()) || is_particle(a.first()))
}

/// "da Rocha", "Al Thani", "van Dijk": a surname written with its particle is the surname.
fn is_particle(word: Option<&String>) -> bool {
    word.is_some_and(|w| {
        matches!(
            w.as_str(),
            "da" | "de"
                | "do"
                | "dos"
                | "das"
                | "del"
                | "della"
                | "di"
                | "du"
                | "van"
                | "von"
                | "der"
                | "den"
                | "al"
                | "el"
                | "bin"
                | "ibn"
                | "le"
                | "la"
        )
    })
}

/// Adds a mention to an entity, keeping its mentions in text order (mention indices are in
/// text order), so that "the last mention before" is a binary search.
fn add_mention(doc: &mut Annotated<'_>, e: usize, m: usize) {
    let mentions = &mut doc.entities[e].mentions;
    let at = mentions.partition_point(|&k| k < m);
    if mentions.get(at) != Some(&m) {
        mentions.insert(at, m);
    }
}

/// Among people sharing a surname, the one the article is about: the only one with a job
/// title that yields relations (President, Minister), if exactly one has one.
fn principal(office: &rustc_hash::FxHashSet<usize>, candidates: &[usize]) -> Option<usize> {
    let with_office: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|e| office.contains(e))
        .collect();
    match with_office.as_slice() {
        [one] => Some(*one),
        _ => None,
    }
}

/// The entity mentioned last before mention `m`.
fn most_recent<'a>(doc: &Annotated<'_>, entities: &'a [usize], m: usize) -> Option<&'a usize> {
    entities.iter().max_by_key(|&&e| {
        let mentions = &doc.entities[e].mentions;
        mentions
            .partition_point(|&k| k < m)
            .checked_sub(1)
            .map(|i| mentions[i])
    })
}

/// "the U.S. side" → "U.S. side", "an expanded 20-strong delegation" → "delegation"; the first
/// conjunct of "Hamas and Israeli negotiators" → "Hamas negotiators".
fn delegation_label(doc: &Annotated<'_>, lex: &Lexicons, m: usize) -> String {
    let r = doc.mentions[m].tokens.clone();
    // "Ukrainian officials" → "Ukrainian delegation", "Russia's negotiators" → "Russian
    // delegation": a side named by its people is named as a side.
    if doc.mentions[m].rule == super::mentions::PEOPLE_SIDE
        && let Some(o) = doc.mentions[m].owner
    {
        let owner = &doc.mentions[o];
        let adjective = match owner.kind {
            MentionKind::Demonym => doc.text_of(owner.tokens.clone()).to_string(),
            _ => owner
                .canonical
                .as_ref()
                .filter(|_| owner.etype == EntityType::Country)
                .and_then(|c| lex.gazetteer.adjective_of.get(c).cloned())
                .unwrap_or_else(|| doc.text_of(owner.tokens.clone()).to_string()),
        };
        return format!("{adjective} delegation");
    }
    if doc.mentions[m].rule == super::sides::COORDINATED {
        let sentence = doc.mentions[m].sentence;
        let noun = doc.mentions[m + 1..]
            .iter()
            .take_while(|x| x.sentence == sentence)
            .find(|x| x.kind == MentionKind::Delegation && x.rule != super::sides::COORDINATED)
            .and_then(|x| x.owner.map(|o| doc.mentions[o].tokens.end..x.tokens.end))
            .map(|t| {
                let t = if matches!(doc.key(t.start), "'s" | "'") {
                    t.start + 1..t.end
                } else {
                    t
                };
                doc.text_of(t).to_string()
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "delegation".to_string());
        return format!("{} {noun}", doc.text_of(r));
    }
    let start = match doc.mentions[m].owner {
        Some(o) => doc.mentions[o].tokens.start,
        None => {
            let mut s = r.start;
            while s + 1 < r.end
                && (doc.tokens[s].case == Case::Lower
                    || doc.tokens[s].kind == TokenKind::Number
                    || doc.key(s) == "-"
                    || matches!(doc.key(s), "the" | "a" | "an"))
            {
                s += 1;
            }
            s
        }
    };
    doc.text_of(start.max(r.start)..r.end).to_string()
}

/// Pronouns, nominals, bare delegations and "both sides", in document order.
fn references(doc: &mut Annotated<'_>, lex: &Lexicons) {
    // Descriptions by owner, and the delegations of the article, looked up often below.
    let mut owned_by: HashMap<usize, Vec<usize>> = HashMap::default();
    for (d, mk) in doc.mentions.iter().enumerate() {
        if mk.kind == MentionKind::Description
            && let Some(o) = mk.owner
        {
            owned_by.entry(o).or_default().push(d);
        }
    }
    let delegations: Vec<usize> = (0..doc.entities.len())
        .filter(|&e| doc.entities[e].etype == EntityType::Delegation)
        .collect();
    let roles = RolesByEntity::new(doc);
    let sexes = sexes(doc);
    let mut linked: Vec<(usize, usize)> = Vec::new();
    let mut builder: Option<Builder> = None;
    for m in 0..doc.mentions.len() {
        if doc.mentions[m].entity.is_some() {
            continue;
        }
        let target = match doc.mentions[m].kind {
            MentionKind::Pronoun if doc.mentions[m].etype == EntityType::Person => {
                person_pronoun(doc, m, &sexes)
            }
            MentionKind::Pronoun => {
                // "made X and Y wait before meeting with them": people just coordinated.
                let people = if matches!(doc.key(doc.mentions[m].tokens.start), "them" | "they" | "their") {
                    coordinated_people(doc, m)
                } else {
                    Vec::new()
                };
                if people.len() >= 2 {
                    doc.mentions[m].group = people;
                    None
                } else {
                    recent(doc, m, 2, |e| {
                        e.etype.is_group() || e.etype == EntityType::Country
                    })
                }
            }
            MentionKind::Delegation => recent(doc, m, 2, |e| e.etype == EntityType::Delegation),
            MentionKind::Nominal => nominal(doc, m, &roles),
            MentionKind::Both if doc.mentions[m].etype == EntityType::Person => {
                doc.mentions[m].group = two_people(doc, m, &roles);
                None
            }
            MentionKind::Both => {
                // Only when it is clear which two: the article has exactly two delegations, or
                // two were named in the last few sentences.
                let recent = recent_distinct(doc, m, 3, 2, |e| e.etype == EntityType::Delegation);
                doc.mentions[m].group = if delegations.len() == 2 {
                    delegations.clone()
                } else if recent.len() == 2 {
                    recent
                } else {
                    Vec::new()
                };
                None
            }
            _ => None,
        };
        if let Some(e) = target {
            doc.mentions[m].entity = Some(e);
            // Added to the entity's list at the end, in one sort: inserting one by one into
            // long lists is quadratic.
            linked.push((e, m));
        }
        // Descriptions owned by a pronoun ("its foreign ministry") can be named now.
        if doc.mentions[m].kind == MentionKind::Pronoun
            && doc.mentions[m].entity.is_some()
            && let Some(owned) = owned_by.get(&m).cloned()
        {
            let b = builder.get_or_insert_with(|| Builder {
                by_key: existing_keys(doc),
            });
            for d in owned {
                b.description(doc, lex, d, m);
            }
        }
    }
    let mut touched = Vec::new();
    for (e, m) in linked {
        doc.entities[e].mentions.push(m);
        touched.push(e);
    }
    touched.sort_unstable();
    touched.dedup();
    for e in touched {
        let mentions = &mut doc.entities[e].mentions;
        mentions.sort_unstable();
        mentions.dedup();
    }
}

fn existing_keys(doc: &Annotated<'_>) -> HashMap<String, usize> {
    doc.entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.etype == EntityType::Organization)
        .map(|(i, e)| (format!("Organization:{}", norm(&e.label)), i))
        .collect()
}

/// The most recent entity before mention `m`, within `sentences` sentences, that fits.
fn recent(doc: &Annotated<'_>, m: usize, sentences: usize, fits: impl Fn(&Entity) -> bool) -> Option<usize> {
    recent_distinct(doc, m, sentences, 1, fits).into_iter().next()
}

/// How many mentions back a reference looks for its antecedent, at most.
const RECENT_REACH: usize = 300;

fn recent_distinct(
    doc: &Annotated<'_>,
    m: usize,
    sentences: usize,
    want: usize,
    fits: impl Fn(&Entity) -> bool,
) -> Vec<usize> {
    recent_entities(doc, m, sentences, want, |e| fits(&doc.entities[e]))
}

/// Up to `want` distinct entities, by index, mentioned last before mention `m` within
/// `sentences` sentences, that fit.
fn recent_entities(
    doc: &Annotated<'_>,
    m: usize,
    sentences: usize,
    want: usize,
    fits: impl Fn(usize) -> bool,
) -> Vec<usize> {
    let here = &doc.mentions[m];
    let first_sentence = here.sentence.saturating_sub(sentences);
    let mut out = Vec::new();
    // Within a few sentences, and a few hundred mentions back at most (a sentence may be huge).
    for k in (m.saturating_sub(RECENT_REACH)..m).rev() {
        let mk = &doc.mentions[k];
        if mk.sentence < first_sentence {
            break;
        }
        if mk.tokens.end > here.tokens.start || is_inner(doc, k) {
            continue;
        }
        if let Some(e) = mk.entity
            && !out.contains(&e)
            && fits(e)
        {
            out.push(e);
            if out.len() == want {
                break;
            }
        }
    }
    out
}

/// "the two leaders": the two people named last (within three sentences) whose roles fit
/// the noun ("leaders" are heads of state or government).
fn two_people(doc: &Annotated<'_>, m: usize, roles: &RolesByEntity) -> Vec<usize> {
    let noun = doc
        .key(doc.mentions[m].tokens.end - 1)
        .trim_end_matches('s')
        .to_string();
    let fits = |e: usize| {
        let mut roles_of = roles.of_entity.get(&e).into_iter().flatten();
        doc.entities[e].etype == EntityType::Person
            && match noun.as_str() {
                "leader" => roles_of.any(|r| r.class.leads_country() || r.class == TitleClass::Head),
                "man" | "men" | "women" | "woman" | "pair" => true,
                word => roles_of.any(|r| r.title.contains(word)),
            }
    };
    let found = recent_entities(doc, m, 3, 2, fits);
    if found.len() == 2 { found } else { Vec::new() }
}

/// The people coordinated last before mention `m` in its sentence or the one before ("X and
/// Y", "X, Y and Z", with titles between: "envoy X and son-in-law Y").
fn coordinated_people(doc: &Annotated<'_>, m: usize) -> Vec<usize> {
    let here = &doc.mentions[m];
    let first_sentence = here.sentence.saturating_sub(1);
    let people: Vec<usize> = (m.saturating_sub(60)..m)
        .filter(|&k| {
            let mk = &doc.mentions[k];
            mk.sentence >= first_sentence
                && matches!(mk.kind, MentionKind::Name | MentionKind::Known)
                && mk
                    .entity
                    .is_some_and(|e| doc.entities[e].etype == EntityType::Person)
        })
        .collect();
    // Walk back from the last person over links that contain "and" or a comma.
    let Some(&last) = people.last() else {
        return Vec::new();
    };
    let mut out = vec![doc.mentions[last].entity.unwrap_or_default()];
    let mut right = last;
    let mut saw_and = false;
    for &k in people.iter().rev().skip(1) {
        let between = doc.mentions[k].tokens.end..doc.mentions[right].tokens.start;
        if between.len() > 6 || doc.mentions[k].sentence != doc.mentions[right].sentence {
            break;
        }
        let keys: Vec<&str> = between.clone().map(|j| doc.key(j)).collect();
        let linked = keys.iter().any(|k| matches!(*k, "and" | ","));
        // Only title words and links in between, no verb or preposition.
        let plain = between.clone().all(|j| {
            matches!(doc.key(j), "and" | "," | "-")
                || doc.tokens[j].case == Case::Lower
                    && !matches!(
                        doc.key(j),
                        "with" | "to" | "by" | "of" | "for" | "from" | "met" | "said"
                    )
                || doc.tokens[j].is_capitalised()
        });
        if !linked || !plain {
            break;
        }
        saw_and |= keys.contains(&"and");
        if let Some(e) = doc.mentions[k].entity
            && !out.contains(&e)
        {
            out.push(e);
        }
        right = k;
    }
    if !saw_and {
        return Vec::new();
    }
    out.reverse();
    out
}

/// Whether a mention lies inside a longer one (the "Ukrainian" of "the Ukrainian team").
fn is_inner(doc: &Annotated<'_>, k: usize) -> bool {
    let t = &doc.mentions[k].tokens;
    (k.saturating_sub(3)..k).any(|j| {
        let o = &doc.mentions[j].tokens;
        o.start <= t.start && t.end <= o.end && o.len() > t.len()
    })
}

/// "He" at the start of a sentence is the previous sentence's subject; elsewhere, the most
/// recent person.
/// What titles and honorifics say of a person's sex: "first lady", "queen", "Mrs" are a
/// woman's; "king", "husband", "Mr" a man's. `None` when nothing says.
fn sexes(doc: &Annotated<'_>) -> HashMap<usize, Option<bool>> {
    const FEMALE: &[&str] = &[
        "lady",
        "queen",
        "wife",
        "princess",
        "duchess",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "madam",
        "dame",
        "chairwoman",
        "spokeswoman",
        "congresswoman",
        "daughter",
        "mother",
        "sister",
        "widow",
        "empress",
    ];
    const MALE: &[&str] = &[
        "king",
        "prince",
        "husband",
        "son",
        "father",
        "brother",
        "mr",
        "mr.",
        "sir",
        "lord",
        "duke",
        "chairman",
        "spokesman",
        "congressman",
        "emperor",
        "sheikh",
    ];
    let mut words: HashMap<usize, Vec<String>> = HashMap::default();
    for r in &doc.roles {
        if let Some(e) = doc.mentions[r.person].entity {
            words
                .entry(e)
                .or_default()
                .extend(r.title.to_lowercase().split_whitespace().map(str::to_string));
        }
    }
    for m in &doc.mentions {
        if let Some(e) = m.entity
            && m.tokens.start > 0
            && doc.entities[e].etype == EntityType::Person
        {
            words
                .entry(e)
                .or_default()
                .push(doc.key(m.tokens.start - 1).to_string());
        }
    }
    words
        .into_iter()
        .map(|(e, w)| {
            let female = w.iter().any(|x| FEMALE.contains(&x.as_str()));
            let male = w.iter().any(|x| MALE.contains(&x.as_str()));
            let sex = match (female, male) {
                (true, false) => Some(true),
                (false, true) => Some(false),
                _ => None,
            };
            (e, sex)
        })
        .collect()
}

fn person_pronoun(doc: &Annotated<'_>, m: usize, sexes: &HashMap<usize, Option<bool>>) -> Option<usize> {
    let here = &doc.mentions[m];
    let s = here.sentence;
    // "he" is not the first lady, "she" not the king.
    let wants_female = match doc.key(here.tokens.start) {
        "she" | "her" | "hers" | "herself" => Some(true),
        "he" | "him" | "his" | "himself" => Some(false),
        _ => None,
    };
    let compatible = |e: usize| match (wants_female, sexes.get(&e).copied().flatten()) {
        (Some(w), Some(f)) => w == f,
        _ => true,
    };
    // The subject of a sentence: its first person mention that is no object of a
    // preposition, and not a guess from a lone capitalised word.
    let subject_of = |sentence: usize, before: usize| {
        let start = doc.sentences[sentence].tokens.start;
        let first = doc.mentions.partition_point(|mk| mk.tokens.start < start);
        doc.mentions[first..]
            .iter()
            .take_while(|mk| mk.sentence == sentence)
            .find(|mk| {
                mk.sentence == sentence
                    && mk.tokens.end <= before
                    && mk.kind != MentionKind::Pronoun
                    && mk.entity.is_some_and(|e| {
                        doc.entities[e].etype == EntityType::Person && !doc.entities[e].weak && compatible(e)
                    })
                    && !(mk.tokens.start > start
                        && matches!(
                            doc.key(mk.tokens.start - 1),
                            "with" | "to" | "by" | "of" | "for" | "from" | "about" | "against" | "told"
                        ))
            })
            .and_then(|mk| mk.entity)
    };
    let first_word = doc.sentences[s]
        .tokens
        .clone()
        .find(|&j| doc.tokens[j].kind == TokenKind::Word);
    if first_word == Some(here.tokens.start) {
        // "He" opening a sentence continues with the previous sentence's subject.
        if s > 0
            && let Some(e) = subject_of(s - 1, usize::MAX)
        {
            return Some(e);
        }
    } else if !matches!(doc.key(here.tokens.start), "his" | "her" | "him")
        && let Some(e) = subject_of(s, here.tokens.start)
    {
        // "X told reporters that he ...": the subject of the sentence. Possessives and
        // objects ("her counterpart") take the nearest person instead.
        return Some(e);
    }
    recent_entities(doc, m, 3, 1, |e| {
        doc.entities[e].etype == EntityType::Person && !doc.entities[e].weak && compatible(e)
    })
    .into_iter()
    .next()
}

/// A title standing alone: the person whose roles match its title word and qualifier, the one
/// mentioned last before it; a title before any such person is named only when the qualifier
/// makes it unique among the people named soon after.
fn nominal(doc: &Annotated<'_>, m: usize, roles: &RolesByEntity) -> Option<usize> {
    let role = &doc.roles[*roles.of_mention.get(&m)?];
    let head = role
        .title
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .to_lowercase();
    let head = head.trim_end_matches('s').to_string();
    // "their envoys" whose "their" is unknown could be anyone's; "Chadian officials" are
    // several people, none of them in particular.
    if role.of.is_some_and(|o| doc.mentions[o].entity.is_none()) {
        return None;
    }
    let last = doc.key(doc.mentions[m].tokens.end - 1);
    if last.ends_with('s') && last.trim_end_matches('s') == head && head.len() > 2 {
        return None;
    }
    let qualifier = role.of.and_then(|o| doc.mentions[o].entity);
    let fits = |e: usize| {
        roles.of_entity.get(&e).is_some_and(|rs| {
            rs.iter().any(|r| {
                title_fits(&head, role.class, r.class, &r.title)
                    && qualifier.is_none_or(|q| affiliated(doc, r.of, q))
            })
        })
    };
    // The most recent fitting person, a few hundred mentions back at most.
    let linked = |k: usize| {
        doc.mentions[k]
            .entity
            .filter(|&e| doc.entities[e].etype == EntityType::Person)
    };
    if let Some(e) = (m.saturating_sub(RECENT_REACH)..m)
        .rev()
        .filter_map(linked)
        .find(|&e| fits(e))
    {
        return Some(e);
    }
    // "President X ... the Ukrainian president": a person whose title fits but names no
    // country, when exactly one person named before has such a title.
    let plural = doc.key(doc.mentions[m].tokens.end - 1).ends_with('s');
    if let Some(q) = qualifier.filter(|_| !plural) {
        let unqualified = |e: usize| {
            roles.of_entity.get(&e).is_some_and(|rs| {
                rs.iter().any(|r| {
                    // "the U.S. leader" for "President X": "leader" names the class.
                    r.of.is_none()
                        && r.class == role.class
                        && (head == "leader" || r.title.split_whitespace().any(|w| w == head))
                })
            }) && !roles.of_entity.get(&e).is_some_and(|rs| {
                rs.iter().any(|r| {
                    r.of.and_then(|o| doc.mentions[o].entity)
                        .is_some_and(|x| doc.entities[x].etype == EntityType::Country && x != q)
                })
            })
        };
        let mut found: Vec<usize> = (m.saturating_sub(RECENT_REACH)..m)
            .rev()
            .filter_map(linked)
            .filter(|&e| unqualified(e))
            .collect();
        found.dedup();
        found.sort_unstable();
        found.dedup();
        // Someone named in full since, without any title, may be the one meant ("Viktor
        // Orlov had been accessible ... the Russian leader's power").
        let untitled_since = |e: usize| {
            // The fitting person was found within this reach, so their last mention is too.
            let from = m.saturating_sub(RECENT_REACH);
            let last = (from..m)
                .rev()
                .find(|&k| doc.mentions[k].entity == Some(e))
                .unwrap_or(from);
            (last + 1..m).filter_map(linked).any(|p| {
                p != e
                    && !roles.of_entity.contains_key(&p)
                    && doc.entities[p].label.split_whitespace().count() >= 2
            })
        };
        if found.len() == 1 && !untitled_since(found[0]) {
            return Some(found[0]);
        }
    }
    qualifier?;
    let mut after = (m + 1..doc.mentions.len().min(m + 1 + RECENT_REACH))
        .filter_map(linked)
        .filter(|&e| fits(e));
    let one = after.next()?;
    after.all(|e| e == one).then_some(one)
}

/// The roles of people named in the article (not of titles standing alone), by entity, and
/// the role of each title mention.
struct RolesByEntity {
    /// The distinct roles of each person entity.
    of_entity: HashMap<usize, Vec<Held>>,
    of_mention: HashMap<usize, usize>,
}

impl RolesByEntity {
    fn new(doc: &Annotated<'_>) -> Self {
        let mut of_entity: HashMap<usize, Vec<Held>> = HashMap::default();
        let mut of_mention = HashMap::default();
        for (i, r) in doc.roles.iter().enumerate() {
            of_mention.entry(r.person).or_insert(i);
            let mk = &doc.mentions[r.person];
            if mk.kind != MentionKind::Nominal
                && let Some(e) = mk.entity
                && doc.entities[e].etype == EntityType::Person
            {
                let held = Held {
                    class: r.class,
                    title: r.title.to_lowercase(),
                    of: r.of,
                };
                // Relative to the same entity, or to the same words when unresolved ("their
                // envoy" repeated is one role, not one per mention).
                let relative_to = |of: Option<usize>| {
                    of.map(|o| {
                        doc.mentions[o]
                            .entity
                            .ok_or_else(|| doc.text_of(doc.mentions[o].tokens.clone()).to_lowercase())
                    })
                };
                let all = of_entity.entry(e).or_default();
                // A person's title repeats in a long article; each distinct role is kept once.
                if !all.iter().any(|h| {
                    h.class == held.class
                        && h.title == held.title
                        && relative_to(h.of) == relative_to(held.of)
                }) {
                    all.push(held);
                }
            }
        }
        RolesByEntity {
            of_entity,
            of_mention,
        }
    }
}

/// A role as coreference compares it: class, lowercased title, and the mention it is relative to.
struct Held {
    class: TitleClass,
    title: String,
    of: Option<usize>,
}

/// Whether a nominal's title word fits a role ("the envoy" fits "special envoy", "the leader"
/// fits a head of state, "the official" fits anyone with a role).
/// `title` is lowercase.
fn title_fits(head: &str, nominal_class: TitleClass, class: TitleClass, title: &str) -> bool {
    match head {
        "official" | "officials" | "diplomat" => class.is_job(),
        // "the Peruvian leader" is a head of state or government; "the rebel leader" heads
        // a group.
        "leader" => class.leads_country() || (class == TitleClass::Head && nominal_class == TitleClass::Head),
        _ => {
            title.split_whitespace().any(|w| w.trim_end_matches('s') == head)
                || (class == nominal_class && class != TitleClass::Official)
        }
    }
}

/// Whether the mention a role is relative to is, or belongs to, entity `q`.
fn affiliated(doc: &Annotated<'_>, of: Option<usize>, q: usize) -> bool {
    let Some(e) = of.and_then(|o| doc.mentions[o].entity) else {
        return false;
    };
    e == q || doc.entities[e].country == Some(q)
}

/// Labels and alternate names from the mentions, job titles from the roles.
fn finish(doc: &mut Annotated<'_>) {
    for e in 0..doc.entities.len() {
        let mut names: Vec<String> = Vec::new();
        for &m in &doc.entities[e].mentions {
            let mk = &doc.mentions[m];
            if matches!(
                mk.kind,
                MentionKind::Name | MentionKind::Known | MentionKind::Delegation
            ) {
                let t = doc.doc.slice(mk.span);
                let t = t
                    .strip_prefix("the ")
                    .or_else(|| t.strip_prefix("The "))
                    .unwrap_or(t)
                    .to_string();
                if !names.contains(&t) {
                    names.push(t);
                }
            }
        }
        // A lexicon entry names the entity; otherwise the article's fullest form does.
        let from_lexicon = doc.entities[e]
            .mentions
            .iter()
            .any(|&m| doc.mentions[m].kind == MentionKind::Known);
        let entity = &mut doc.entities[e];
        if entity.etype == EntityType::Person
            && !from_lexicon
            && let Some(full) = names
                .iter()
                .max_by_key(|n| (n.split_whitespace().count(), std::cmp::Reverse(n.len())))
        {
            // The first of the longest forms: "Donald Trump" over "Trump".
            let words = full.split_whitespace().count();
            if let Some(first_full) = names.iter().find(|n| n.split_whitespace().count() == words) {
                entity.label = first_full.clone();
            }
        }
        entity.alternate = names.into_iter().filter(|n| *n != entity.label).collect();
    }
    for r in 0..doc.roles.len() {
        let role = &doc.roles[r];
        if !role.class.is_job() || doc.mentions[role.person].kind == MentionKind::Nominal {
            continue;
        }
        if let Some(e) = doc.mentions[role.person].entity {
            let title = role.title.clone();
            let titles = &mut doc.entities[e].titles;
            // "Secretary" adds nothing to "Secretary of State"; the fuller title replaces it.
            let lower = title.to_lowercase();
            if titles.iter().any(|t| t.to_lowercase().contains(&lower)) {
                continue;
            }
            titles.retain(|t| !lower.contains(&t.to_lowercase()));
            titles.push(title);
        }
    }
    for entity in &mut doc.entities {
        entity.keep = !entity.weak;
    }
}
