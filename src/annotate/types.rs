//! The layers of an annotated document. Positions are byte [`Span`]s into the text and indices
//! into earlier layers.

use std::ops::Range;

use chrono::NaiveDate;
use serde::Serialize;

use super::syntax::VerbGroup;
use super::tokens::Token;
use crate::document::{Document, Span};
use crate::lexicon::{Pos, Predicate, Status, TitleClass};

/// What a block of lines is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Headline,
    Heading,
    /// Page furniture ("0 Comments", "Read more"): never mined.
    Furniture,
    Body,
}

#[derive(Debug, Clone, Serialize)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
}

/// "SEOUL, Jan. 4 (Yonhap) --": where and when the article was filed.
#[derive(Debug, Clone, Serialize)]
pub struct Dateline {
    pub span: Span,
    /// The place segments ("Hallandale Beach", "Florida").
    pub places: Vec<Span>,
    pub date_text: Option<Span>,
    pub date: Option<NaiveDate>,
    pub agency: Option<Span>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sentence {
    pub span: Span,
    pub tokens: Range<usize>,
    pub block: usize,
    /// A part of a dateline, kept as a sentence of its own so its names are found.
    pub dateline: bool,
    /// The news agency of a dateline ("Reuters" in "KYIV (Reuters) -").
    pub agency: bool,
}

/// Coarse entity types; the RDF mapping picks the schema.org class from them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    Person,
    Organization,
    Delegation,
    Country,
    City,
    State,
    Region,
    Continent,
    Place,
    Event,
}

impl EntityType {
    pub fn is_place(self) -> bool {
        matches!(
            self,
            EntityType::Country
                | EntityType::City
                | EntityType::State
                | EntityType::Region
                | EntityType::Continent
                | EntityType::Place
        )
    }

    /// People, organisations and delegations: who can meet, lead and represent.
    pub fn is_actor(self) -> bool {
        matches!(
            self,
            EntityType::Person | EntityType::Organization | EntityType::Delegation
        )
    }

    pub fn is_group(self) -> bool {
        matches!(self, EntityType::Organization | EntityType::Delegation)
    }

    /// How specific a place is, for choosing a travel destination (city over country).
    pub fn specificity(self) -> u8 {
        match self {
            EntityType::Place => 5,
            EntityType::City => 4,
            EntityType::State | EntityType::Region => 3,
            EntityType::Country => 2,
            EntityType::Continent => 1,
            _ => 0,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Organization => "Organization",
            EntityType::Delegation => "Delegation",
            EntityType::Country => "Country",
            EntityType::City => "City",
            EntityType::State => "State",
            EntityType::Region => "Region",
            EntityType::Continent => "Continent",
            EntityType::Place => "Place",
            EntityType::Event => "Event",
        }
    }
}

/// How a mention was written, which decides how coreference treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A gazetteer entry ("Ukraine", "NATO", "Kyiv").
    Known,
    /// An adjective or people noun standing for a country ("Ukrainian", "Iranians").
    Demonym,
    /// A capitalised name found by shape and context ("Rustem Umerov", "Hallandale Beach").
    Name,
    /// A delegation, team or side of a country or organisation ("the U.S. side").
    Delegation,
    /// A lower-case description of an organisation ("Russia's sovereign wealth fund").
    Description,
    /// A title standing for a person ("the envoy", "the French leader").
    Nominal,
    Pronoun,
    /// "both sides", "the two sides".
    Both,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mention {
    pub span: Span,
    pub tokens: Range<usize>,
    pub sentence: usize,
    pub kind: MentionKind,
    pub etype: EntityType,
    /// Canonical name when a lexicon gives one (a country for demonyms and delegations).
    pub canonical: Option<String>,
    pub same_as: Option<String>,
    /// The country or organisation a place, delegation or description belongs to, as written
    /// ("Russia" in "Russia's sovereign wealth fund"), as a mention index.
    pub owner: Option<usize>,
    /// Kept as an entity only when a relation uses it (descriptions, guessed names).
    pub weak: bool,
    /// Which recogniser found it, for `extract --format json`.
    pub rule: &'static str,
    /// Set by coreference.
    pub entity: Option<usize>,
    /// For "both sides": the two entities it stands for, set by coreference.
    pub group: Vec<usize>,
}

/// A job title attached to a person mention: "U.S. Secretary of State Marco Rubio".
#[derive(Debug, Clone, Serialize)]
pub struct Role {
    /// The person mention holding the title.
    pub person: usize,
    /// The title as it will be stored ("special envoy", "deputy director for economic diplomacy").
    pub title: String,
    pub title_span: Span,
    pub class: TitleClass,
    pub former: bool,
    /// The mention the title is relative to: a country, organisation, delegation or person
    /// ("U.S." in "U.S. Secretary of State", "Trump" in "Trump's envoy").
    pub of: Option<usize>,
    /// The person or group whose title it is, when a possessive says so ("his", "Trump's").
    pub possessor: Option<usize>,
    /// The tokens of the whole unit (title phrase and name), which relation rules treat as the person.
    pub unit: Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entity {
    pub etype: EntityType,
    /// Canonical name: the fullest proper form the article uses, or the lexicon's.
    pub label: String,
    /// Other names seen in the article.
    pub alternate: Vec<String>,
    pub mentions: Vec<usize>,
    pub same_as: Option<String>,
    /// Country a delegation, organisation or city belongs to (entity index).
    pub country: Option<usize>,
    /// Job titles (distinct, as stored).
    pub titles: Vec<String>,
    /// Whether only weak mentions support it (dropped unless a relation uses it).
    pub weak: bool,
    /// Whether it goes into the graph: not weak, or used by a relation, quote or event.
    pub keep: bool,
    /// Canonical name of the country it belongs to, from the gazetteer or its owner.
    pub country_name: Option<String>,
}

/// Where a fact comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub sentence: usize,
    /// The stretch of text that licenses the fact (trigger and arguments).
    pub span: Span,
    pub rule: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Relation {
    pub predicate: Predicate,
    pub subject: usize,
    pub object: usize,
    pub status: Status,
    pub confidence: f64,
    pub evidence: Evidence,
    /// Token ranges the modality stage reads for cues.
    pub cue_windows: Vec<Range<usize>>,
    /// A status fixed by the rule itself (a former role), which modality keeps.
    pub fixed_status: Option<Status>,
    /// Token range of the clause, where the time stage looks for a date.
    pub clause: Range<usize>,
    pub time: Option<usize>,
    /// Relations found by one trigger share a group, which becomes one event node.
    pub group: usize,
    pub cameo: Option<String>,
}

/// A resolved point or stretch of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "precision", content = "value", rename_all = "lowercase")]
pub enum TimeValue {
    Day(NaiveDate),
    /// First day of the week (Monday).
    Week(NaiveDate),
    Month(i32, u32),
    Year(i32),
}

#[derive(Debug, Clone, Serialize)]
pub struct TimeExpr {
    pub span: Span,
    pub tokens: Range<usize>,
    pub sentence: usize,
    pub value: Option<TimeValue>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub span: Span,
    pub speaker: Option<usize>,
    /// The words that attribute it ("Rubio asserted", "according to AFP").
    pub cue: Option<Span>,
    pub sentence: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EventKind {
    Meeting,
    Trip,
}

/// A meeting or trip, aligned with a CAMEO code, built from the relations of one trigger.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub kind: EventKind,
    pub participants: Vec<usize>,
    pub place: Option<usize>,
    pub time: Option<usize>,
    pub status: Status,
    pub cameo: String,
    pub relations: Vec<usize>,
    pub evidence: Evidence,
}

/// A document with every layer the pipeline adds.
#[derive(Debug)]
pub struct Annotated<'d> {
    pub doc: &'d Document,
    pub blocks: Vec<Block>,
    pub dateline: Option<Dateline>,
    /// The headline, when the text starts with one.
    pub headline: Option<Span>,
    /// The article's date: from the metadata, else from the dateline.
    pub date: Option<NaiveDate>,
    pub tokens: Vec<Token>,
    /// Lower-cased, apostrophe-folded token texts, parallel to `tokens`.
    pub keys: Vec<String>,
    /// Part of speech of each token, parallel to `tokens` (set by the syntax stage).
    pub pos: Vec<Pos>,
    /// Verb groups, in text order.
    pub verbs: Vec<VerbGroup>,
    /// For each token, the verb group holding it.
    pub verb_at: Vec<Option<usize>>,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    pub roles: Vec<Role>,
    pub entities: Vec<Entity>,
    pub relations: Vec<Relation>,
    pub times: Vec<TimeExpr>,
    pub quotes: Vec<Quote>,
    pub events: Vec<Event>,
}

impl<'d> Annotated<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Annotated {
            doc,
            blocks: Vec::new(),
            dateline: None,
            headline: None,
            date: doc.meta.published,
            tokens: Vec::new(),
            keys: Vec::new(),
            pos: Vec::new(),
            verbs: Vec::new(),
            verb_at: Vec::new(),
            sentences: Vec::new(),
            mentions: Vec::new(),
            roles: Vec::new(),
            entities: Vec::new(),
            relations: Vec::new(),
            times: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
        }
    }

    /// The text of a token.
    pub fn tok(&self, i: usize) -> &str {
        self.doc.slice(self.tokens[i].span)
    }

    /// The lower-cased key of a token, or "" past the end.
    pub fn key(&self, i: usize) -> &str {
        self.keys.get(i).map(String::as_str).unwrap_or("")
    }

    /// The text covered by a token range.
    pub fn text_of(&self, r: Range<usize>) -> &str {
        if r.is_empty() {
            return "";
        }
        self.doc.slice(Span::new(
            self.tokens[r.start].span.start,
            self.tokens[r.end - 1].span.end,
        ))
    }

    /// The byte span of a token range.
    pub fn span_of(&self, r: &Range<usize>) -> Span {
        if r.is_empty() {
            let at = self.tokens.get(r.start).map(|t| t.span.start).unwrap_or(0);
            return Span::new(at, at);
        }
        Span::new(self.tokens[r.start].span.start, self.tokens[r.end - 1].span.end)
    }

    /// The token keys up to the end of the sentence holding `token`, so that no phrase match
    /// runs on into the next sentence or paragraph.
    pub fn sentence_keys(&self, token: usize) -> &[String] {
        match self.sentence_of(token) {
            Some(s) => &self.keys[..self.sentences[s].tokens.end],
            None => &self.keys,
        }
    }

    /// The sentence holding a token.
    pub fn sentence_of(&self, token: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.tokens.end <= token);
        (i < self.sentences.len() && self.sentences[i].tokens.contains(&token)).then_some(i)
    }

    /// The entity a mention was resolved to.
    pub fn entity_of(&self, mention: usize) -> Option<usize> {
        self.mentions.get(mention).and_then(|m| m.entity)
    }
}
