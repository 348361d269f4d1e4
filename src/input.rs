//! Where articles come from: files, directories (recursive), standard input and JSON Lines
//! feeds. Inputs are expanded first (cheap), then read one by one, so a corpus of any size
//! streams; each bad article is an error of its own and does not stop the others.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;

use crate::document::{Document, Metadata};
use crate::error::InputError;

/// One place to read articles from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A text or Markdown file, with the identifier its article gets.
    File {
        path: PathBuf,
        id: String,
    },
    /// A JSON Lines feed: one article per line.
    Feed {
        path: PathBuf,
    },
    Stdin,
}

/// The expanded inputs, and what was passed over.
#[derive(Debug, Default)]
pub struct Inputs {
    pub sources: Vec<Source>,
    /// Files in directories with other extensions, skipped.
    pub skipped: usize,
    /// Arguments that could not be used at all (missing path, empty directory).
    pub errors: Vec<InputError>,
}

fn is_feed(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("jsonl" | "ndjson")
    )
}

fn is_article(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("txt" | "md"))
}

/// The identifier of a file: its path below the directory it was found in (or its name),
/// without extension, so that it is the same on every machine.
fn file_id(path: &Path, root: Option<&Path>) -> String {
    let rel = root
        .and_then(|r| path.strip_prefix(r).ok())
        .unwrap_or_else(|| Path::new(path.file_name().unwrap_or(path.as_os_str())));
    let rel = rel.with_extension("");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Expands the command-line arguments: `-` is standard input, directories are walked.
pub fn expand(args: &[String]) -> Inputs {
    let mut out = Inputs::default();
    for arg in args {
        if arg == "-" {
            out.sources.push(Source::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        if path.is_dir() {
            let before = out.sources.len();
            walk(&path, &path, &mut out);
            if out.sources.len() == before {
                out.errors.push(InputError::NoArticles { path });
            }
        } else if path.exists() {
            if is_feed(&path) {
                out.sources.push(Source::Feed { path });
            } else {
                let id = file_id(&path, None);
                out.sources.push(Source::File { path, id });
            }
        } else {
            out.errors.push(InputError::NotFound { path });
        }
    }
    out
}

fn walk(root: &Path, dir: &Path, out: &mut Inputs) {
    let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(source) => {
            out.errors.push(InputError::Read {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(root, &path, out);
        } else if is_feed(&path) {
            out.sources.push(Source::Feed { path });
        } else if is_article(&path) {
            let id = file_id(&path, Some(root));
            out.sources.push(Source::File { path, id });
        } else {
            out.skipped += 1;
        }
    }
}

/// Settings that apply to every article read.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Publication date for articles that do not give one.
    pub published: Option<NaiveDate>,
    /// Identifier for the article read from standard input.
    pub stdin_id: Option<String>,
}

pub fn parse_date(value: &str) -> Result<NaiveDate, InputError> {
    let head = value.trim().get(..10).unwrap_or(value.trim());
    NaiveDate::parse_from_str(head, "%Y-%m-%d").map_err(|_| InputError::Date {
        value: value.to_string(),
    })
}

/// Text from bytes, or the offset of the first byte that is not UTF-8.
fn decode(name: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let text = String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        name: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text);
    if text.trim().is_empty() {
        return Err(InputError::Empty {
            name: name.to_string(),
        });
    }
    Ok(text)
}

/// A stable identifier for an article that has no name: a digest of its text.
pub fn digest_id(text: &str) -> String {
    format!("sha256-{}", &crate::rdf::iri::digest(text)[..16])
}

/// Reads every article of a source, in order, each as a document or an error.
pub fn read(source: &Source, opts: &ReadOptions) -> Box<dyn Iterator<Item = Result<Document, InputError>>> {
    match source {
        Source::File { path, id } => {
            let name = path.display().to_string();
            let result = std::fs::read(path)
                .map_err(|source| InputError::Read {
                    path: path.clone(),
                    source,
                })
                .and_then(|bytes| decode(&name, bytes))
                .map(|text| {
                    let meta = Metadata {
                        source: Some(name.clone()),
                        published: opts.published,
                        ..Metadata::default()
                    };
                    Document::new(id.clone(), text, meta)
                });
            Box::new(std::iter::once(result))
        }
        Source::Stdin => {
            let mut bytes = Vec::new();
            let result = std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| InputError::Read {
                    path: PathBuf::from("-"),
                    source,
                })
                .and_then(|_| decode("standard input", bytes))
                .map(|text| {
                    let id = opts.stdin_id.clone().unwrap_or_else(|| digest_id(&text));
                    let meta = Metadata {
                        source: Some("-".into()),
                        published: opts.published,
                        ..Metadata::default()
                    };
                    Document::new(id, text, meta)
                });
            Box::new(std::iter::once(result))
        }
        Source::Feed { path } => match std::fs::File::open(path) {
            Ok(f) => Box::new(FeedReader {
                name: path.display().to_string(),
                lines: BufReader::new(f),
                line: 0,
                opts: opts.clone(),
            }),
            Err(source) => Box::new(std::iter::once(Err(InputError::Read {
                path: path.clone(),
                source,
            }))),
        },
    }
}

/// One article of a JSON Lines feed, in the shape most news datasets use.
#[derive(Debug, Deserialize)]
struct FeedArticle {
    text: String,
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
}

struct FeedReader {
    name: String,
    lines: BufReader<std::fs::File>,
    line: usize,
    opts: ReadOptions,
}

impl Iterator for FeedReader {
    type Item = Result<Document, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let mut buf = Vec::new();
            self.line += 1;
            match self.lines.read_until(b'\n', &mut buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    return Some(Err(InputError::FeedLine {
                        name: self.name.clone(),
                        line: self.line,
                        message: e.to_string(),
                    }));
                }
            }
            if buf.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(self.parse(buf));
        }
    }
}

impl FeedReader {
    fn parse(&self, buf: Vec<u8>) -> Result<Document, InputError> {
        let err = |message: String| InputError::FeedLine {
            name: self.name.clone(),
            line: self.line,
            message,
        };
        let line = String::from_utf8(buf).map_err(|e| {
            err(format!(
                "not valid UTF-8 at byte {} of the line",
                e.utf8_error().valid_up_to()
            ))
        })?;
        let a: FeedArticle = serde_json::from_str(&line).map_err(|e| {
            err(format!(
                "not a JSON article ({e}); each line needs an object with a \"text\" field"
            ))
        })?;
        if a.text.trim().is_empty() {
            return Err(err("the \"text\" field is empty".into()));
        }
        let id = match a.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => a.url.clone().unwrap_or_else(|| digest_id(&a.text)),
        };
        let published = match &a.date {
            Some(d) if !d.trim().is_empty() => Some(parse_date(d).map_err(|e| err(e.to_string()))?),
            _ => self.opts.published,
        };
        let meta = Metadata {
            title: a.title,
            published,
            source: Some(format!("{}:{}", self.name, self.line)),
            url: a.url,
            outlet: a.source,
        };
        Ok(Document::new(id, a.text, meta))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_below_the_root_without_extension() {
        assert_eq!(file_id(Path::new("/a/b/c.txt"), Some(Path::new("/a"))), "b/c");
        assert_eq!(file_id(Path::new("some/dir/story.md"), None), "story");
    }

    #[test]
    fn bad_bytes_are_reported_with_their_offset() {
        let err = decode("x.txt", b"ok \xff no".to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "x.txt: not valid UTF-8 (first bad byte at offset 3); convert the file to UTF-8, for example with iconv"
        );
        assert!(matches!(
            decode("x.txt", b"  \n ".to_vec()),
            Err(InputError::Empty { .. })
        ));
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2026-02-15").unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 15).unwrap()
        );
        assert_eq!(
            parse_date("2026-02-15T08:00:00Z").unwrap(),
            NaiveDate::from_ymd_opt(2026, 2, 15).unwrap()
        );
        assert!(parse_date("15/02/2026").is_err());
    }
}
