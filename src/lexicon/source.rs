//! Reading lexicon files: built-in ones embedded at build time, user ones from disk, both
//! reported as `path:line: what is wrong` when a line does not parse.

use std::path::Path;

use crate::error::LexiconError;

/// The text of one lexicon file and the name its errors are reported under.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn builtin(name: &str, text: &str) -> Self {
        Source {
            name: name.to_string(),
            text: text.to_string(),
        }
    }

    pub fn read(path: &Path) -> Result<Self, LexiconError> {
        let bytes = std::fs::read(path).map_err(|source| LexiconError::Io {
            path: path.display().to_string(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| LexiconError::Line {
            path: path.display().to_string(),
            line: 1 + e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count(),
            message: "not valid UTF-8; save the file as UTF-8".into(),
        })?;
        Ok(Source {
            name: path.display().to_string(),
            text,
        })
    }

    /// An error pointing at a line of this file.
    pub fn error(&self, line: usize, message: impl Into<String>) -> LexiconError {
        LexiconError::Line {
            path: self.name.clone(),
            line,
            message: message.into(),
        }
    }

    /// Non-blank, non-comment lines split on tabs, with their 1-based line numbers.
    pub fn rows(&self) -> impl Iterator<Item = (usize, Vec<&str>)> {
        self.text.lines().enumerate().filter_map(|(i, line)| {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                None
            } else {
                Some((i + 1, line.split('\t').map(str::trim).collect()))
            }
        })
    }

    /// Rows that must have between `min` and `max` columns.
    pub fn rows_with(
        &self,
        min: usize,
        max: usize,
        what: &str,
    ) -> Result<Vec<(usize, Vec<&str>)>, LexiconError> {
        self.rows()
            .map(|(line, fields)| {
                if fields.len() < min || fields.len() > max {
                    Err(self.error(
                        line,
                        format!(
                            "expected {what} ({} tab-separated column{}), found {} column{}",
                            if min == max {
                                min.to_string()
                            } else {
                                format!("{min} to {max}")
                            },
                            if max == 1 { "" } else { "s" },
                            fields.len(),
                            if fields.len() == 1 { "" } else { "s" },
                        ),
                    ))
                } else if fields[0].is_empty() {
                    Err(self.error(line, "the first column is empty"))
                } else {
                    Ok((line, fields))
                }
            })
            .collect()
    }

    /// Parses the file as TOML, turning the parser's byte offset into a line number.
    pub fn toml<T: serde::de::DeserializeOwned>(&self) -> Result<T, LexiconError> {
        toml::from_str(&self.text).map_err(|e| {
            let line = e
                .span()
                .map(|s| 1 + self.text[..s.start.min(self.text.len())].matches('\n').count())
                .unwrap_or(1);
            self.error(line, e.message().to_string())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_skip_comments_and_blank_lines_and_keep_line_numbers() {
        let s = Source::builtin("x.tsv", "# head\n\na\tb\n  # indented comment\nc\td\n");
        let rows: Vec<_> = s.rows().collect();
        assert_eq!(rows, vec![(3, vec!["a", "b"]), (5, vec!["c", "d"])]);
    }

    #[test]
    fn wrong_column_count_names_file_and_line() {
        let s = Source::builtin("data/x.tsv", "a\tb\nc\n");
        let err = s.rows_with(2, 2, "word and class").unwrap_err();
        assert_eq!(
            err.to_string(),
            "data/x.tsv:2: expected word and class (2 tab-separated columns), found 1 column"
        );
    }

    #[test]
    fn toml_errors_carry_the_line() {
        let s = Source::builtin("r.toml", "a = 1\nb = [\n");
        let err = s.toml::<toml::Table>().unwrap_err().to_string();
        assert!(err.starts_with("r.toml:"), "{err}");
    }
}
