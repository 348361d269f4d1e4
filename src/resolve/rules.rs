//! The rules of resolution as data (`data/resolve/rules.tsv`): spelling rules that fold
//! transliteration variants, names of one place that no spelling rule reaches, honorifics,
//! family names written first, and the minor words left out of an organisation's initials.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use crate::error::LexiconError;

const BUILTIN: &str = include_str!("../../data/resolve/rules.tsv");
const BUILTIN_NAME: &str = "data/resolve/rules.tsv";

/// Where in a word a spelling rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Where {
    Any,
    Start,
    End,
}

/// One spelling rule: `from` is written `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spell {
    pub from: String,
    pub to: String,
    pub at: Where,
}

/// The rules, loaded once.
#[derive(Debug, Clone, Default)]
pub struct ResolveRules {
    pub spell: Vec<Spell>,
    /// Folded other name → folded main name ("kiev" → "kyiv").
    pub same: BTreeMap<String, String>,
    pub honorifics: BTreeSet<String>,
    pub family_first: BTreeSet<String>,
    pub minor: BTreeSet<String>,
}

impl ResolveRules {
    /// The built-in rules (checked by the tests, so they always parse).
    pub fn builtin() -> &'static ResolveRules {
        static RULES: OnceLock<ResolveRules> = OnceLock::new();
        RULES.get_or_init(|| {
            ResolveRules::parse(BUILTIN_NAME, BUILTIN).expect("the built-in resolution rules parse")
        })
    }

    /// Reads rules from the text of a rules file; `name` is shown in errors.
    pub fn parse(name: &str, text: &str) -> Result<ResolveRules, LexiconError> {
        let mut rules = ResolveRules::default();
        let bad = |line: usize, message: String| LexiconError::Line {
            path: name.to_string(),
            line,
            message,
        };
        // `same` lines are folded with the spelling rules read before them, so they come last.
        let mut same = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim_end();
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            match cols.as_slice() {
                ["spell", from, to, rest @ ..] if !from.is_empty() => {
                    let at = match rest.first().copied().unwrap_or("any") {
                        "any" | "" => Where::Any,
                        "start" => Where::Start,
                        "end" => Where::End,
                        other => {
                            return Err(bad(
                                i + 1,
                                format!("unknown place {other:?}; expected any, start or end"),
                            ));
                        }
                    };
                    rules.spell.push(Spell {
                        from: from.to_string(),
                        to: to.to_string(),
                        at,
                    });
                }
                ["same", a, b] if !a.is_empty() && !b.is_empty() => same.push((a.to_string(), b.to_string())),
                ["honorific", w] => {
                    rules.honorifics.insert(w.to_lowercase());
                }
                ["family_first", w] => {
                    rules.family_first.insert(w.to_lowercase());
                }
                ["minor", w] => {
                    rules.minor.insert(w.to_lowercase());
                }
                _ => {
                    return Err(bad(
                        i + 1,
                        format!(
                            "cannot read {line:?}; expected spell FROM TO [any|start|end], same A B, \
                             honorific WORD, family_first NAME or minor WORD, separated by tabs"
                        ),
                    ));
                }
            }
        }
        for (a, b) in same {
            let (a, b) = (rules.fold_phrase(&a), rules.fold_phrase(&b));
            rules.same.insert(a, b);
        }
        Ok(rules)
    }

    /// One word, lower-cased, without accents, with the spelling rules applied.
    pub fn fold_word(&self, word: &str) -> String {
        let mut w = super::letters::plain(word);
        for r in &self.spell {
            w = match r.at {
                Where::Any => w.replace(&r.from, &r.to),
                Where::Start => match w.strip_prefix(&r.from) {
                    Some(rest) => format!("{}{rest}", r.to),
                    None => w,
                },
                Where::End => match w.strip_suffix(&r.from) {
                    Some(rest) => format!("{rest}{}", r.to),
                    None => w,
                },
            };
        }
        w
    }

    /// A phrase folded word by word, words joined by one space; a leading "the" is dropped.
    pub fn fold_phrase(&self, phrase: &str) -> String {
        let words: Vec<String> = super::letters::words(phrase)
            .iter()
            .map(|w| self.fold_word(w))
            .filter(|w| !w.is_empty())
            .collect();
        let words = match words.split_first() {
            Some((first, rest)) if first == "the" && !rest.is_empty() => rest.to_vec(),
            _ => words,
        };
        words.join(" ")
    }

    /// The key two spellings of a place or organisation share.
    pub fn same_key(&self, phrase: &str) -> String {
        let folded = self.fold_phrase(phrase);
        self.same.get(&folded).cloned().unwrap_or(folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_parse() {
        let r = ResolveRules::builtin();
        assert!(!r.spell.is_empty() && r.honorifics.contains("mr") && r.minor.contains("of"));
    }

    #[test]
    fn transliteration_variants_fold_to_one_word() {
        let r = ResolveRules::builtin();
        let groups: &[&[&str]] = &[
            &["Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi", "Zelenskij"],
            &["Andriy", "Andrii", "Andrij"],
            &["Dmitry", "Dmitri", "Dmitriy"],
            &["Yermak", "Iermak"],
            &["Alexei", "Aleksei", "Alexey", "Aleksey"],
            &["Sergey", "Sergei", "Sergej"],
            &["Šimić", "Simic"],
        ];
        for g in groups {
            let keys: BTreeSet<String> = g.iter().map(|w| r.fold_word(w)).collect();
            assert_eq!(keys.len(), 1, "{g:?} fold to {keys:?}");
        }
        // Different names stay different.
        let apart = [
            ("Ivan", "Ian"),
            ("Petro", "Peter"),
            ("Marta", "Maria"),
            ("Lena", "Elena"),
        ];
        for (a, b) in apart {
            assert_ne!(r.fold_word(a), r.fold_word(b), "{a} / {b}");
        }
    }

    #[test]
    fn places_that_spelling_does_not_reach() {
        let r = ResolveRules::builtin();
        assert_eq!(r.same_key("Kiev"), r.same_key("Kyiv"));
        assert_eq!(r.same_key("the Hague"), r.same_key("Hague"));
        assert_ne!(r.same_key("Kiev"), r.same_key("Kherson"));
    }

    #[test]
    fn bad_lines_name_their_place() {
        for (text, want) in [
            ("spell\ta\tb\tmiddle\n", "rules.tsv:1: unknown place"),
            ("# c\nplanet\tMars\n", "rules.tsv:2: cannot read"),
        ] {
            let e = ResolveRules::parse("rules.tsv", text).unwrap_err().to_string();
            assert!(e.starts_with(want), "{e}");
        }
    }
}
