//! Names taken apart for comparison: words without accents or case, a person's given and
//! family names without honorifics and initials, an organisation's initials.

pub use super::letters::{plain, words};
use super::rules::ResolveRules;

/// A person's name as resolution sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName {
    /// Folded given name, when the name has one ("volodimir"); None for a family name alone.
    pub given: Option<String>,
    /// Folded initial of the given name, when only the initial is written ("J. Smith").
    pub initial: Option<char>,
    /// Folded family name.
    pub family: String,
}

impl PersonName {
    /// Reads a person's label: honorifics dropped, middle names and initials ignored, a family
    /// name written first ("Xi Jinping") recognised by the rules. None when nothing is left.
    pub fn parse(label: &str, rules: &ResolveRules) -> Option<PersonName> {
        let mut ws: Vec<&str> = words(label);
        while let Some(first) = ws.first() {
            if ws.len() > 1 && rules.honorifics.contains(&plain(first)) {
                ws.remove(0);
            } else {
                break;
            }
        }
        let is_initial = |w: &str| {
            let p = plain(w);
            p.chars().count() == 1 && (w.ends_with('.') || w.chars().count() == 1)
        };
        match ws.as_slice() {
            [] => None,
            [one] => {
                let family = rules.fold_word(one);
                (!family.is_empty()).then_some(PersonName {
                    given: None,
                    initial: None,
                    family,
                })
            }
            [first, .., last] => {
                let family_first = ws.len() == 2 && rules.family_first.contains(&plain(first));
                let (given, family) = if family_first {
                    (last, first)
                } else {
                    (first, last)
                };
                if is_initial(family) {
                    return None;
                }
                let family = rules.fold_word(family);
                if is_initial(given) {
                    Some(PersonName {
                        given: None,
                        initial: plain(given).chars().next(),
                        family,
                    })
                } else {
                    Some(PersonName {
                        given: Some(rules.fold_word(given)),
                        initial: None,
                        family,
                    })
                }
            }
        }
    }

    /// Given and family name known: the name can stand for one person by itself.
    pub fn is_full(&self) -> bool {
        self.given.is_some()
    }

    /// The key full names share when they are one name written differently.
    pub fn key(&self) -> Option<String> {
        self.given.as_ref().map(|g| format!("{g} {}", self.family))
    }
}

/// An organisation's initials from its capitalised words, minor words left out ("United
/// Nations" → "un"); None for names of one word.
pub fn initials(name: &str, rules: &ResolveRules) -> Option<String> {
    let ws = words(name);
    if ws.len() < 2 {
        return None;
    }
    let letters: String = ws
        .iter()
        .filter(|w| !rules.minor.contains(&plain(w)))
        .filter_map(|w| plain(w).chars().next())
        .collect();
    (letters.chars().count() >= 2).then_some(letters)
}

/// A short name written in capitals ("UN", "U.N.", "NATO"), as folded letters.
pub fn acronym(name: &str) -> Option<String> {
    let ws = words(name);
    let [one] = ws.as_slice() else { return None };
    let letters: String = one.chars().filter(|c| *c != '.').collect();
    let n = letters.chars().count();
    ((2..=8).contains(&n) && letters.chars().all(|c| c.is_uppercase())).then(|| plain(&letters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn person_names() {
        let r = ResolveRules::builtin();
        let full = |g: &str, f: &str| PersonName {
            given: Some(g.into()),
            initial: None,
            family: f.into(),
        };
        let cases: &[(&str, Option<PersonName>)] = &[
            ("Mirela Kovac", Some(full("mirela", "kovac"))),
            ("Mirela J. Kovač", Some(full("mirela", "kovac"))),
            (
                "Mr. Kovac",
                Some(PersonName {
                    given: None,
                    initial: None,
                    family: "kovac".into(),
                }),
            ),
            ("Dr Mirela Kovac", Some(full("mirela", "kovac"))),
            (
                "M. Kovac",
                Some(PersonName {
                    given: None,
                    initial: Some('m'),
                    family: "kovac".into(),
                }),
            ),
            ("Wang Lifen", Some(full("lifen", "wang"))),
            ("Andriy Palyvoda", Some(full("andri", "palivoda"))),
            (
                "Kovac",
                Some(PersonName {
                    given: None,
                    initial: None,
                    family: "kovac".into(),
                }),
            ),
            ("Mirela K.", None),
            ("", None),
        ];
        for (label, want) in cases {
            assert_eq!(&PersonName::parse(label, r), want, "{label}");
        }
    }

    #[test]
    fn initials_and_acronyms() {
        let r = ResolveRules::builtin();
        let cases = [
            ("Union of Coastal States", Some("ucs")),
            ("the Northern Grain Council", Some("ngc")),
            ("Parliament", None),
        ];
        for (name, want) in cases {
            assert_eq!(initials(name, r).as_deref(), want, "{name}");
        }
        let cases = [
            ("UCS", Some("ucs")),
            ("U.C.S.", Some("ucs")),
            ("Ucs", None),
            ("A", None),
        ];
        for (name, want) in cases {
            assert_eq!(acronym(name).as_deref(), want, "{name}");
        }
    }

    #[test]
    fn plain_words() {
        for (w, want) in [
            ("Šimić", "simic"),
            ("O'Neill", "oneill"),
            ("Straße", "strasse"),
            ("Київ", "київ"),
        ] {
            assert_eq!(plain(w), want);
        }
    }
}
