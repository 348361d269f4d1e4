//! A user's corrections to resolution, kept in the store folder (`corrections.tsv`) so that
//! they survive every re-ingest and rebuild: `merge A B` makes two names one entity, `split A`
//! keeps a name apart from everything the rules would merge it with (hand merges still hold).
//! A and B are the IRIs that articles give the names (`newskg entities` lists them).

use crate::error::LexiconError;

/// One line of the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Correction {
    Merge(String, String),
    Split(String),
}

/// The corrections, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Corrections {
    pub lines: Vec<Correction>,
}

/// The header written at the top of a new corrections file.
pub const HEADER: &str = "# Corrections to entity resolution, applied at every ingest and rebuild.\n\
# merge<TAB>IRI<TAB>IRI   the two names are one entity\n\
# split<TAB>IRI          this name is its own entity, whatever the rules say\n\
# Written by `newskg merge` and `newskg split`; may be edited by hand, then `newskg entities --rebuild`.\n";

impl Corrections {
    /// Reads the text of a corrections file; `name` is shown in errors.
    pub fn parse(name: &str, text: &str) -> Result<Corrections, LexiconError> {
        let mut lines = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let iri = |s: &str| s.trim_start_matches('<').trim_end_matches('>').to_string();
            lines.push(match cols.as_slice() {
                ["merge", a, b] if !a.is_empty() && !b.is_empty() => Correction::Merge(iri(a), iri(b)),
                ["split", a] if !a.is_empty() => Correction::Split(iri(a)),
                _ => {
                    return Err(LexiconError::Line {
                        path: name.to_string(),
                        line: i + 1,
                        message: format!(
                            "cannot read {line:?}; expected merge<TAB>IRI<TAB>IRI or split<TAB>IRI"
                        ),
                    });
                }
            });
        }
        Ok(Corrections { lines })
    }

    /// The line that records a correction.
    pub fn line(c: &Correction) -> String {
        match c {
            Correction::Merge(a, b) => format!("merge\t{a}\t{b}\n"),
            Correction::Split(a) => format!("split\t{a}\n"),
        }
    }

    pub fn is_split(&self, iri: &str) -> bool {
        self.lines
            .iter()
            .any(|c| matches!(c, Correction::Split(a) if a == iri))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let text = format!("{HEADER}merge\t<https://x/a>\thttps://x/b\nsplit\thttps://x/c\n\n");
        let c = Corrections::parse("c.tsv", &text).unwrap();
        assert_eq!(
            c.lines,
            vec![
                Correction::Merge("https://x/a".into(), "https://x/b".into()),
                Correction::Split("https://x/c".into())
            ]
        );
        assert!(c.is_split("https://x/c") && !c.is_split("https://x/a"));
        for bad in ["merge\tonly-one\n", "join\ta\tb\n"] {
            let e = Corrections::parse("c.tsv", bad).unwrap_err().to_string();
            assert!(e.starts_with("c.tsv:1: cannot read"), "{e}");
        }
    }
}
