//! Lexicons and rules: the data the annotation stages match against.
//!
//! Every file lives in `data/` as plain text with a header saying where its facts come from,
//! is embedded in the binary at build time, and can be extended at run time with the user's
//! gazetteer files (`--lexicon FILE`). Loaders report a bad line as `path:line: what is wrong`.

pub mod gazetteer;
pub mod patterns;
pub mod phrase;
pub mod pos;
pub mod source;
pub mod words;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::Path;
use std::sync::OnceLock;

pub use gazetteer::{GazEntry, GazKind, Gazetteer};
pub use patterns::{Frame, Modality, ObjectKind, Predicate, QuoteCues, Rule, Rules, Status};
pub use phrase::PhraseTable;
pub use pos::{Pos, PosLexicon};
pub use source::Source;
pub use words::{
    CalendarClass, FurniturePattern, Keywords, TitleChain, TitleClass, TitleSense, Titles, WordClass,
};

use crate::document::Span;
use crate::error::LexiconError;

/// Every lexicon and rule set, built once per process and shared by all articles.
#[derive(Debug, Clone, Default)]
pub struct Lexicons {
    /// Abbreviations written with a final period ("mr.", "jan.", "u.s."), lower-cased.
    pub abbreviations: HashSet<String>,
    /// Honorific abbreviations and their expansion ("Gen." → "general").
    pub honorifics: HashMap<String, String>,
    pub gazetteer: Gazetteer,
    pub titles: Titles,
    pub keywords: Keywords,
    /// Lower-cased words that are not names when capitalised at a sentence start.
    pub common_words: HashSet<String>,
    pub calendar: HashMap<String, (CalendarClass, i32)>,
    pub furniture: Vec<FurniturePattern>,
    pub modality: Modality,
    pub rules: Rules,
    pub quotes: QuoteCues,
    /// Part-of-speech tags of lower-case words.
    pub pos: PosLexicon,
    /// Measured precision of each rule, the confidence of the facts it finds.
    pub confidence: HashMap<String, f64>,
}

/// The built-in data files, in load order: (name shown in errors, contents).
const BUILTIN: &[(&str, &str)] = &[
    (
        "data/lexicon/abbreviations.txt",
        include_str!("../../data/lexicon/abbreviations.txt"),
    ),
    (
        "data/gazetteer/countries.tsv",
        include_str!("../../data/gazetteer/countries.tsv"),
    ),
    (
        "data/gazetteer/places.tsv",
        include_str!("../../data/gazetteer/places.tsv"),
    ),
    (
        "data/gazetteer/organizations.tsv",
        include_str!("../../data/gazetteer/organizations.tsv"),
    ),
    (
        "data/lexicon/titles.tsv",
        include_str!("../../data/lexicon/titles.tsv"),
    ),
    (
        "data/lexicon/keywords.tsv",
        include_str!("../../data/lexicon/keywords.tsv"),
    ),
    (
        "data/lexicon/common_words.txt",
        include_str!("../../data/lexicon/common_words.txt"),
    ),
    ("data/lexicon/pos.tsv", include_str!("../../data/lexicon/pos.tsv")),
    (
        "data/lexicon/time.tsv",
        include_str!("../../data/lexicon/time.tsv"),
    ),
    (
        "data/lexicon/furniture.txt",
        include_str!("../../data/lexicon/furniture.txt"),
    ),
    (
        "data/patterns/modality.toml",
        include_str!("../../data/patterns/modality.toml"),
    ),
    (
        "data/patterns/relations.toml",
        include_str!("../../data/patterns/relations.toml"),
    ),
    (
        "data/patterns/quotes.toml",
        include_str!("../../data/patterns/quotes.toml"),
    ),
    (
        "data/patterns/confidence.tsv",
        include_str!("../../data/patterns/confidence.tsv"),
    ),
];

impl Lexicons {
    /// The built-in lexicons, parsed once per process.
    pub fn builtin() -> &'static Lexicons {
        static BUILTIN_LEXICONS: OnceLock<Lexicons> = OnceLock::new();
        BUILTIN_LEXICONS.get_or_init(|| {
            Lexicons::load(&[]).expect("the built-in lexicons parse (checked by the test suite)")
        })
    }

    /// The confidence of facts found by a rule: its measured precision, or the default.
    pub fn confidence_of(&self, rule: &str) -> f64 {
        self.confidence
            .get(rule)
            .or_else(|| self.confidence.get("default"))
            .copied()
            .unwrap_or(0.5)
    }

    /// The built-in lexicons extended with user gazetteer files, in the order given.
    pub fn with_user_files(paths: &[impl AsRef<Path>]) -> Result<Lexicons, LexiconError> {
        let user = paths
            .iter()
            .map(|p| Source::read(p.as_ref()))
            .collect::<Result<Vec<_>, _>>()?;
        Lexicons::load(&user)
    }

    /// Builds the lexicons from the built-in files, then the user's gazetteer sources.
    pub fn load(user_gazetteers: &[Source]) -> Result<Lexicons, LexiconError> {
        let mut lex = Lexicons::default();
        let sources: Vec<Source> = BUILTIN.iter().map(|(n, t)| Source::builtin(n, t)).collect();
        let (abbr_src, rest) = sources.split_first().expect("built-in list is not empty");
        words::load_abbreviations(abbr_src, &mut lex.abbreviations, &mut lex.honorifics)?;
        let abbreviations = lex.abbreviations.clone();
        let tokenize = move |s: &str| phrase_tokens(s, &abbreviations);
        for src in rest {
            match src.name.rsplit('/').next().unwrap_or_default() {
                "countries.tsv" | "places.tsv" | "organizations.tsv" => lex.gazetteer.load(src, &tokenize)?,
                "titles.tsv" => lex.titles.load(src, &tokenize)?,
                "keywords.tsv" => lex.keywords.load(src, &tokenize)?,
                "common_words.txt" => words::load_word_list(src, &mut lex.common_words)?,
                "pos.tsv" => lex.pos.load(src)?,
                "time.tsv" => words::load_calendar(src, &mut lex.calendar)?,
                "furniture.txt" => words::load_furniture(src, &mut lex.furniture)?,
                "modality.toml" => lex.modality.load(src, &tokenize)?,
                "relations.toml" => lex.rules.load(src, &tokenize)?,
                "quotes.toml" => lex.quotes.load(src, &tokenize)?,
                "confidence.tsv" => words::load_confidence(src, &mut lex.confidence)?,
                other => unreachable!("no loader for built-in file {other}"),
            }
        }
        for src in user_gazetteers {
            lex.load_user_gazetteer(src, &tokenize)?;
        }
        Ok(lex)
    }

    /// A user file: gazetteer rows, plus `Title` rows whose third column is a title class.
    fn load_user_gazetteer(
        &mut self,
        src: &Source,
        tokenize: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), LexiconError> {
        // Title rows are taken out and replaced by blank lines, so gazetteer errors keep
        // their line numbers.
        let mut gazetteer_lines = Vec::new();
        for (i, line) in src.text.lines().enumerate() {
            let f: Vec<&str> = line.split('\t').map(str::trim).collect();
            if f.get(1) == Some(&"Title") && !line.trim_start().starts_with('#') {
                let class = f.get(2).and_then(|c| c.parse().ok()).ok_or_else(|| {
                    src.error(
                        i + 1,
                        format!(
                            "a Title row needs a title class in column 3: {}",
                            words::TITLE_CLASSES
                        ),
                    )
                })?;
                self.titles.add(f[0], class, tokenize);
                gazetteer_lines.push("");
            } else {
                gazetteer_lines.push(line);
            }
        }
        let rest = Source {
            name: src.name.clone(),
            text: gazetteer_lines.join("\n"),
        };
        self.gazetteer.load(&rest, tokenize)
    }
}

/// Token texts of a lexicon phrase, folded the way document tokens are.
pub fn phrase_tokens(phrase: &str, abbreviations: &HashSet<String>) -> Vec<String> {
    let mut out = Vec::new();
    crate::tokenize::tokenize(phrase, Span::new(0, phrase.len()), 0, abbreviations, &mut out);
    out.iter()
        .map(|t| crate::tokenize::fold(&phrase[t.span.start..t.span.end]).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_lexicons_load() {
        let lex = Lexicons::builtin();
        assert!(lex.gazetteer.len() > 500, "gazetteer has {}", lex.gazetteer.len());
        assert!(lex.rules.rules.len() >= 8);
        assert!(lex.common_words.contains("the"));
    }

    #[test]
    fn user_gazetteer_errors_name_file_and_line() {
        let src = Source::builtin(
            "my.tsv",
            "# mine\nGrand Fenwick\tCountry\tGrand Fenwick\nOops\tPlanet\tOops\n",
        );
        let err = Lexicons::load(&[src]).unwrap_err().to_string();
        assert!(err.starts_with("my.tsv:3: unknown type \"Planet\""), "{err}");
    }

    #[test]
    fn user_gazetteer_rejects_a_bad_iri() {
        let src = Source::builtin("my.tsv", "Ann Li\tPerson\tAnn Li\tnot an iri\n");
        let err = Lexicons::load(&[src]).unwrap_err().to_string();
        assert!(err.starts_with("my.tsv:1: same_as \"not an iri\""), "{err}");
    }

    #[test]
    fn user_title_rows_extend_the_titles() {
        let src = Source::builtin("my.tsv", "grand vizier\tTitle\thead_of_government\n");
        let lex = Lexicons::load(&[src]).unwrap();
        let keys = ["grand", "vizier"];
        assert_eq!(
            lex.titles.senses_at(&keys, 0).unwrap().1[0].class,
            TitleClass::HeadOfGovernment
        );
    }
}
