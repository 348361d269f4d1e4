//! Rule files in TOML: modality cues, relation rules and quotation cues.

use serde::{Deserialize, Serialize};

use super::phrase::PhraseTable;
use super::source::Source;
use crate::error::LexiconError;

/// The status of a fact, as the modality stage assigns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Actual,
    Planned,
    Possible,
    Former,
    Negated,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Actual => "Actual",
            Status::Planned => "Planned",
            Status::Possible => "Possible",
            Status::Former => "Former",
            Status::Negated => "Negated",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ModalityFile {
    negated: Vec<String>,
    possible: Vec<String>,
    planned: Vec<String>,
    former: Vec<String>,
}

/// Status cues, matched on lower-cased token keys.
#[derive(Debug, Clone, Default)]
pub struct Modality {
    pub cues: PhraseTable<Status>,
}

impl Modality {
    pub fn load(
        &mut self,
        source: &Source,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), LexiconError> {
        let file: ModalityFile = source.toml()?;
        for (list, status) in [
            (file.negated, Status::Negated),
            (file.possible, Status::Possible),
            (file.planned, Status::Planned),
            (file.former, Status::Former),
        ] {
            for cue in list {
                self.cues.insert(lower_tokens(&cue, tokenize), status);
            }
        }
        Ok(())
    }
}

/// The relations newskg extracts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Predicate {
    #[serde(rename = "leads")]
    Leads,
    #[serde(rename = "represents")]
    Represents,
    #[serde(rename = "travelsTo")]
    TravelsTo,
    #[serde(rename = "metWith")]
    MetWith,
}

impl Predicate {
    pub fn name(self) -> &'static str {
        match self {
            Predicate::Leads => "leads",
            Predicate::Represents => "represents",
            Predicate::TravelsTo => "travelsTo",
            Predicate::MetWith => "metWith",
        }
    }

    pub fn is_symmetric(self) -> bool {
        self == Predicate::MetWith
    }
}

/// How a rule reads its arguments (see `data/patterns/relations.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frame {
    Verb,
    Passive,
    Between,
    Pair,
    Send,
    Membership,
    InSince,
    /// The trigger is the main verb of a clause: subject, direct object and prepositional
    /// phrases come from the clause (see `src/annotate/relations/clause.rs`).
    Clause,
    /// "X invited Y to PLACE for talks": Y travels there and X meets Y, as planned.
    Invite,
    /// "the delegations from X, Y and Z agreed", "American and Chinese officials reached a
    /// framework": sides that agree on something together have met.
    Joint,
}

/// What the object of a rule must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectKind {
    /// A person, organisation or delegation.
    Actor,
    Place,
    /// An organisation or delegation.
    Group,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub relation: Predicate,
    pub frame: Frame,
    pub object: ObjectKind,
    #[serde(default)]
    pub cameo: Option<String>,
    pub triggers: Vec<String>,
    /// Words by which a third party joins a meeting ("overseeing Russia-Ukraine talks").
    #[serde(default)]
    pub join: Vec<String>,
    /// `join` as token keys, filled by the loader.
    #[serde(skip)]
    pub join_table: PhraseTable<()>,
    /// Verbs by which the subjects hold the talks together ("X and Y held talks").
    #[serde(default)]
    pub hold: Vec<String>,
    #[serde(skip)]
    pub hold_table: PhraseTable<()>,
    /// For the clause frame: prepositions whose argument is the object ("travel to").
    #[serde(default)]
    pub preps: Vec<String>,
    /// For the clause frame: whether the direct object is the object ("visited Moscow").
    #[serde(default)]
    pub direct: bool,
    /// For the clause frame: whether a passive clause's "by" phrase is the other party
    /// ("was welcomed by X", "was led by X").
    #[serde(default)]
    pub by_agent: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<Rule>,
}

/// Relation rules and a table from trigger phrases to the rules they start.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    pub rules: Vec<Rule>,
    pub triggers: PhraseTable<usize>,
}

impl Rules {
    pub fn load(
        &mut self,
        source: &Source,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), LexiconError> {
        let file: RuleFile = source.toml()?;
        for rule in file.rule {
            if self.rules.iter().any(|r| r.id == rule.id) {
                return Err(source.error(1, format!("rule id {:?} is defined twice", rule.id)));
            }
            let index = self.rules.len();
            for t in &rule.triggers {
                self.triggers.insert(lower_tokens(t, tokenize), index);
            }
            let mut rule = rule;
            for w in rule.join.clone() {
                rule.join_table.insert(lower_tokens(&w, tokenize), ());
            }
            for w in rule.hold.clone() {
                rule.hold_table.insert(lower_tokens(&w, tokenize), ());
            }
            self.rules.push(rule);
        }
        Ok(())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteFile {
    speech_verbs: Vec<String>,
    according_to: Vec<String>,
}

/// Cues that attribute a quotation.
#[derive(Debug, Clone, Default)]
pub struct QuoteCues {
    pub speech_verbs: PhraseTable<()>,
    pub according_to: PhraseTable<()>,
}

impl QuoteCues {
    pub fn load(
        &mut self,
        source: &Source,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), LexiconError> {
        let file: QuoteFile = source.toml()?;
        for v in file.speech_verbs {
            self.speech_verbs.insert(lower_tokens(&v, tokenize), ());
        }
        for v in file.according_to {
            self.according_to.insert(lower_tokens(&v, tokenize), ());
        }
        Ok(())
    }
}

fn lower_tokens(phrase: &str, tokenize: &dyn Fn(&str) -> Vec<String>) -> Vec<String> {
    tokenize(phrase).iter().map(|t| t.to_lowercase()).collect()
}
