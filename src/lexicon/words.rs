//! Closed word lists: titles, keyword classes, calendar words, common words, abbreviations and
//! page furniture. Each loader reads one of the formats documented in the file's header.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::str::FromStr;

use serde::Serialize;

use super::phrase::PhraseTable;
use super::source::Source;
use crate::error::LexiconError;

/// The class of a job title, which decides the relations a role yields (see `data/lexicon/titles.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TitleClass {
    HeadOfState,
    HeadOfGovernment,
    Head,
    LeadNegotiator,
    Negotiator,
    Minister,
    Official,
    Military,
    Envoy,
    Aide,
    Kin,
    /// "first lady": a title of its own (a job title in the graph) that yields no relation.
    Spouse,
    /// "counterpart": the same office as the possessor's, for the qualifying country.
    Counterpart,
    Honorific,
    Modifier,
    /// A modifier that makes the holder a deputy ("deputy director", "vice chairman"): they
    /// represent the organisation but do not lead it.
    Deputy,
    Former,
    Skip,
}

impl FromStr for TitleClass {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "head_of_state" => TitleClass::HeadOfState,
            "head_of_government" => TitleClass::HeadOfGovernment,
            "head" => TitleClass::Head,
            "lead_negotiator" => TitleClass::LeadNegotiator,
            "negotiator" => TitleClass::Negotiator,
            "minister" => TitleClass::Minister,
            "official" => TitleClass::Official,
            "military" => TitleClass::Military,
            "envoy" => TitleClass::Envoy,
            "aide" => TitleClass::Aide,
            "kin" => TitleClass::Kin,
            "spouse" => TitleClass::Spouse,
            "counterpart" => TitleClass::Counterpart,
            "honorific" => TitleClass::Honorific,
            "modifier" => TitleClass::Modifier,
            "deputy" => TitleClass::Deputy,
            "former" => TitleClass::Former,
            "skip" => TitleClass::Skip,
            _ => return Err(()),
        })
    }
}

pub const TITLE_CLASSES: &str = "head_of_state, head_of_government, head, lead_negotiator, negotiator, \
minister, official, military, envoy, aide, kin, spouse, counterpart, honorific, modifier, deputy, former, skip";

impl TitleClass {
    /// Classes that are job titles proper (and so become `schema:jobTitle`).
    pub fn is_job(self) -> bool {
        !matches!(
            self,
            TitleClass::Kin
                | TitleClass::Counterpart
                | TitleClass::Honorific
                | TitleClass::Modifier
                | TitleClass::Deputy
                | TitleClass::Former
                | TitleClass::Skip
        )
    }

    pub fn leads_country(self) -> bool {
        matches!(self, TitleClass::HeadOfState | TitleClass::HeadOfGovernment)
    }
}

/// A matched title: its class and whether it was written in the plural ("envoys").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TitleSense {
    pub class: TitleClass,
    pub plural: bool,
}

/// A run of modifiers and titles: "former top negotiator".
#[derive(Debug, Clone)]
pub struct TitleChain {
    pub tokens: std::ops::Range<usize>,
    pub class: TitleClass,
    pub plural: bool,
    pub former: bool,
    /// The words that make up the title string (modifiers and titles, not "former").
    pub kept: Vec<std::ops::Range<usize>>,
}

/// Job titles and the words that go with them, matched case-insensitively.
#[derive(Debug, Clone, Default)]
pub struct Titles {
    pub table: PhraseTable<TitleSense>,
}

impl Titles {
    pub fn load(
        &mut self,
        source: &Source,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), LexiconError> {
        for (line, f) in source.rows_with(2, 2, "title and class")? {
            let class = f[1].parse().map_err(|_| {
                source.error(
                    line,
                    format!("unknown title class {:?}; expected one of {TITLE_CLASSES}", f[1]),
                )
            })?;
            self.add(f[0], class, tokenize);
        }
        Ok(())
    }

    pub fn add(&mut self, title: &str, class: TitleClass, tokenize: &dyn Fn(&str) -> Vec<String>) {
        let keys: Vec<String> = tokenize(title).iter().map(|t| t.to_lowercase()).collect();
        if keys.is_empty() {
            return;
        }
        self.push(keys.clone(), TitleSense { class, plural: false });
        if class.is_job() {
            let mut plural = keys;
            let last = plural.last_mut().expect("non-empty");
            if last.ends_with('s') || last.ends_with("sh") || last.ends_with("ch") {
                last.push_str("es");
            } else if last.ends_with('y') && !last[..last.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']) {
                last.pop();
                last.push_str("ies");
            } else {
                last.push('s');
            }
            self.push(plural, TitleSense { class, plural: true });
        }
    }

    fn push(&mut self, keys: Vec<String>, sense: TitleSense) {
        self.table.insert(keys, sense);
    }

    /// Modifiers and titles starting at `j` and ending in a job, kin or counterpart title
    /// ("former top negotiator", "Commerce Minister"), within `limit`.
    pub fn chain<K: AsRef<str>>(&self, keys: &[K], j: usize, limit: usize) -> Option<TitleChain> {
        // Of all ways to read the words as titles, the one whose last job title ends furthest:
        // "Assistant Secretary of State" is "assistant" + "secretary of state", not
        // "assistant secretary" + "of".
        let path = self.best_path(keys, j, limit, 0);
        let mut head: Option<(usize, TitleClass, bool)> = None;
        let (mut former, mut deputy) = (false, false);
        let mut kept: Vec<std::ops::Range<usize>> = Vec::new();
        for (r, senses) in &path {
            let job = senses.iter().find(|s| Self::is_head(s.class));
            deputy |= senses.iter().any(|s| s.class == TitleClass::Deputy);
            if let Some(s) = job {
                head = Some((r.end, s.class, s.plural));
                kept.push(r.clone());
            } else if senses.iter().any(|s| s.class == TitleClass::Former) {
                former = true;
            } else if senses
                .iter()
                .any(|s| matches!(s.class, TitleClass::Modifier | TitleClass::Deputy))
            {
                kept.push(r.clone());
            }
        }
        let (end, mut class, plural) = head?;
        kept.retain(|r| r.end <= end);
        // A deputy head represents; only the head leads.
        if deputy
            && matches!(
                class,
                TitleClass::Head
                    | TitleClass::HeadOfState
                    | TitleClass::HeadOfGovernment
                    | TitleClass::LeadNegotiator
            )
        {
            class = TitleClass::Official;
        }
        Some(TitleChain {
            tokens: j..end,
            class,
            plural,
            former,
            kept,
        })
    }

    fn is_head(class: TitleClass) -> bool {
        class.is_job() || matches!(class, TitleClass::Kin | TitleClass::Counterpart)
    }

    /// The steps (title phrases) from `k`, choosing at each step the reading that lets the
    /// last job title end furthest.
    fn best_path<K: AsRef<str>>(
        &self,
        keys: &[K],
        k: usize,
        limit: usize,
        depth: usize,
    ) -> Vec<(std::ops::Range<usize>, Vec<TitleSense>)> {
        if k >= limit || depth > 8 {
            return Vec::new();
        }
        let mut lengths: Vec<usize> = self
            .table
            .matches_at(keys, k)
            .map(|(len, _)| len)
            .filter(|&len| k + len <= limit)
            .collect();
        lengths.dedup();
        let score = |path: &[(std::ops::Range<usize>, Vec<TitleSense>)]| {
            path.iter()
                .rev()
                .find(|(_, s)| s.iter().any(|s| Self::is_head(s.class)))
                .map(|(r, _)| r.end)
                .unwrap_or(0)
        };
        let mut best: Vec<(std::ops::Range<usize>, Vec<TitleSense>)> = Vec::new();
        for len in lengths {
            let senses: Vec<TitleSense> = self
                .table
                .matches_at(keys, k)
                .filter(|(l, _)| *l == len)
                .map(|(_, s)| *s)
                .collect();
            // "ex-president": a hyphen joins a former marker to the title.
            let next = k + len + usize::from(keys.get(k + len).is_some_and(|x| x.as_ref() == "-"));
            let mut path = vec![(k..k + len, senses)];
            path.extend(self.best_path(keys, next, limit, depth + 1));
            if best.is_empty() || score(&path) > score(&best) {
                best = path;
            }
        }
        best
    }

    /// The longest title phrase at `at` with all its senses ("deputy": modifier and official).
    pub fn senses_at<K: AsRef<str>>(&self, keys: &[K], at: usize) -> Option<(usize, Vec<TitleSense>)> {
        let mut found = self.table.matches_at(keys, at).peekable();
        let len = found.peek()?.0;
        let senses = found.take_while(|(l, _)| *l == len).map(|(_, s)| *s).collect();
        Some((len, senses))
    }
}

/// Classes of closed-class words (see `data/lexicon/keywords.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordClass {
    OrgHead,
    PlaceHead,
    EventHead,
    OrgNoun,
    DelegationNoun,
    /// People who act for a side ("Ukrainian officials"): a delegation kept only when a
    /// relation uses it.
    SidePeople,
    Particle,
    PlacePrep,
    NameConnector,
    PronounPerson,
    PronounGroup,
    GroupBoth,
    GroupBothPeople,
}

impl FromStr for WordClass {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "org_head" => WordClass::OrgHead,
            "place_head" => WordClass::PlaceHead,
            "event_head" => WordClass::EventHead,
            "org_noun" => WordClass::OrgNoun,
            "delegation_noun" => WordClass::DelegationNoun,
            "side_people" => WordClass::SidePeople,
            "particle" => WordClass::Particle,
            "place_prep" => WordClass::PlacePrep,
            "name_connector" => WordClass::NameConnector,
            "pronoun_person" => WordClass::PronounPerson,
            "pronoun_group" => WordClass::PronounGroup,
            "group_both" => WordClass::GroupBoth,
            "group_both_people" => WordClass::GroupBothPeople,
            _ => return Err(()),
        })
    }
}

/// Keyword classes: single words in a map, multi-word phrases in a phrase table.
#[derive(Debug, Clone, Default)]
pub struct Keywords {
    words: HashMap<String, Vec<WordClass>>,
    pub phrases: PhraseTable<WordClass>,
}

impl Keywords {
    pub fn load(
        &mut self,
        source: &Source,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), LexiconError> {
        for (line, f) in source.rows_with(2, 2, "word and class")? {
            let class: WordClass = f[1]
                .parse()
                .map_err(|_| source.error(line, format!("unknown word class {:?}", f[1])))?;
            let keys: Vec<String> = tokenize(f[0]).iter().map(|t| t.to_lowercase()).collect();
            if keys.len() == 1 {
                self.words.entry(keys[0].clone()).or_default().push(class);
            }
            self.phrases.insert(keys, class);
        }
        Ok(())
    }

    /// Whether a lower-cased single word belongs to a class.
    pub fn is(&self, key: &str, class: WordClass) -> bool {
        self.words.get(key).is_some_and(|c| c.contains(&class))
    }

    /// The longest phrase of a class starting at `at`, as a length in tokens.
    pub fn phrase_at<K: AsRef<str>>(&self, keys: &[K], at: usize, class: WordClass) -> Option<usize> {
        self.phrases
            .matches_at(keys, at)
            .find(|(_, c)| **c == class)
            .map(|(len, _)| len)
    }
}

/// Calendar words (see `data/lexicon/time.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarClass {
    Weekday,
    Month,
    RelativeDay,
    PartOfDay,
}

pub fn load_calendar(
    source: &Source,
    into: &mut HashMap<String, (CalendarClass, i32)>,
) -> Result<(), LexiconError> {
    for (line, f) in source.rows_with(3, 3, "word, class and value")? {
        let class = match f[1] {
            "weekday" => CalendarClass::Weekday,
            "month" => CalendarClass::Month,
            "relative_day" => CalendarClass::RelativeDay,
            "part_of_day" => CalendarClass::PartOfDay,
            other => return Err(source.error(line, format!("unknown calendar class {other:?}"))),
        };
        let value: i32 = f[2]
            .parse()
            .map_err(|_| source.error(line, format!("value {:?} is not a whole number", f[2])))?;
        into.insert(f[0].to_lowercase(), (class, value));
    }
    Ok(())
}

/// One word per line, stored lower-cased.
pub fn load_word_list(source: &Source, into: &mut HashSet<String>) -> Result<(), LexiconError> {
    for (_, f) in source.rows_with(1, 1, "one word")? {
        into.insert(f[0].to_lowercase());
    }
    Ok(())
}

/// Abbreviations that do not end a sentence, and the honorific titles among them.
pub fn load_abbreviations(
    source: &Source,
    abbreviations: &mut HashSet<String>,
    honorifics: &mut HashMap<String, String>,
) -> Result<(), LexiconError> {
    let mut in_titles = false;
    for (i, line) in source.text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim();
        if let Some(section) = trimmed.strip_prefix("# section:") {
            in_titles = section.trim() == "title";
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let mut fields = line.split('\t').map(str::trim);
        let abbr = fields.next().unwrap_or_default();
        if !abbr.ends_with('.') {
            return Err(source.error(i + 1, format!("abbreviation {abbr:?} must end with a period")));
        }
        // Stored lower-cased: "Mr." and "mr." (in a lexicon phrase) are one abbreviation.
        abbreviations.insert(abbr.to_lowercase());
        if in_titles {
            honorifics.insert(abbr.to_lowercase(), fields.next().unwrap_or_default().to_string());
        }
    }
    Ok(())
}

/// A furniture pattern: a whole line, lower-cased with digits as `0`, optionally ending in `*`.
#[derive(Debug, Clone)]
pub struct FurniturePattern {
    text: String,
    prefix: bool,
}

pub fn load_furniture(source: &Source, into: &mut Vec<FurniturePattern>) -> Result<(), LexiconError> {
    for (_, f) in source.rows_with(1, 1, "one pattern")? {
        let p = f[0].to_lowercase();
        let (text, prefix) = match p.strip_suffix('*') {
            Some(t) => (t.trim_end().to_string(), true),
            None => (p, false),
        };
        into.push(FurniturePattern { text, prefix });
    }
    Ok(())
}

/// Whether a trimmed line is page furniture ("0 Comments", "Read more").
pub fn is_furniture(patterns: &[FurniturePattern], line: &str) -> bool {
    // Patterns are short: whole-line patterns cannot match a long line, and prefixes need
    // only its start.
    let line = line.trim();
    let head: String = line.chars().take(100).collect();
    let whole = head.len() == line.len();
    let shape: String = head
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_digit() { '0' } else { c })
        .collect();
    let shape = shape.split_whitespace().collect::<Vec<_>>().join(" ");
    patterns.iter().any(|p| {
        if p.prefix {
            shape.starts_with(&p.text)
        } else {
            whole && shape == p.text
        }
    })
}

/// Rule precision: `rule<TAB>precision<TAB>tp<TAB>fp`.
pub fn load_confidence(source: &Source, into: &mut HashMap<String, f64>) -> Result<(), LexiconError> {
    for (line, f) in source.rows_with(2, 4, "rule, precision[, tp, fp]")? {
        let p: f64 = f[1]
            .parse()
            .ok()
            .filter(|p: &f64| (0.0..=1.0).contains(p))
            .ok_or_else(|| {
                source.error(
                    line,
                    format!("precision {:?} is not a number between 0 and 1", f[1]),
                )
            })?;
        into.insert(f[0].to_string(), p);
    }
    Ok(())
}
