//! Where articles come from: text and Markdown files, web pages (`.html`, `.htm`), WARC
//! archives (`.warc`, `.warc.gz`), JSON Lines feeds, directories (recursive) and standard
//! input. Inputs are expanded first (cheap), then read one by one, so a corpus of any size
//! streams; each bad article is an error of its own and does not stop the others.
//!
//! Reading gives [`Raw`] articles: bytes and metadata, cheap to produce. [`Raw::into_document`]
//! does the expensive part (decoding, HTML parsing, main content, boilerplate, language) and
//! is meant to run in parallel. A page passed over on purpose (not English, no article) comes
//! back as [`InputError::Skipped`], which callers count apart from failures.

pub mod boilerplate;
mod feed;
pub use feed::read_bytes as read_feed_bytes;
pub mod html;
pub mod language;
pub mod warc;

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::document::{Document, Metadata};
use crate::error::InputError;

/// One place to read articles from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A text, Markdown or HTML file, with the identifier its article gets.
    File {
        path: PathBuf,
        id: String,
    },
    /// A JSON Lines feed: one article per line.
    Feed {
        path: PathBuf,
    },
    /// A WARC archive, plain or gzipped: one article per HTML response record.
    Warc {
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

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn is_feed(path: &Path) -> bool {
    matches!(extension(path).as_str(), "jsonl" | "ndjson")
}

/// `.warc` and `.warc.gz`: archives read record by record.
pub fn is_warc(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

fn is_html(path: &Path) -> bool {
    matches!(extension(path).as_str(), "html" | "htm" | "xhtml")
}

fn is_article(path: &Path) -> bool {
    matches!(extension(path).as_str(), "txt" | "md") || is_html(path)
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
            } else if is_warc(&path) {
                out.sources.push(Source::Warc { path });
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
        } else if is_warc(&path) {
            out.sources.push(Source::Warc { path });
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

/// What an article was read as.
#[derive(Debug, Clone)]
pub enum Body {
    /// Text or Markdown, clean or a crawler's dump.
    Text(String),
    /// A web page's bytes, and the charset its HTTP header named, if any.
    Html { bytes: Vec<u8>, charset: Option<String> },
}

/// An article as read, before its text is extracted.
#[derive(Debug, Clone)]
pub struct Raw {
    /// The identifier given with the article (a feed's `id`, a text file's name); `None` when
    /// it is to come from the page's canonical URL.
    pub id: Option<String>,
    /// The identifier when neither of those gives one (an HTML file's name, a WARC record's
    /// target URI); a digest of the text when this is `None` too.
    pub fallback_id: Option<String>,
    /// The date for an article whose feed, page and text give none (`--published`).
    pub default_published: Option<NaiveDate>,
    /// The name used in messages: a path, `-`, `feed.jsonl:LINE` or `archive.warc.gz@OFFSET`.
    pub name: String,
    pub meta: Metadata,
    pub body: Body,
}

impl Raw {
    /// Bytes held, to bound the memory of articles waiting to be extracted.
    pub fn size(&self) -> usize {
        match &self.body {
            Body::Text(t) => t.len(),
            Body::Html { bytes, .. } => bytes.len(),
        }
    }

    /// The article's text and metadata: the main content of a page, a dump without its
    /// boilerplate, or clean text unchanged. A page that holds no English article is
    /// [`InputError::Skipped`] with the reason.
    pub fn into_document(self) -> Result<Document, InputError> {
        let Raw {
            id,
            fallback_id,
            default_published,
            name,
            mut meta,
            body,
        } = self;
        let text = match body {
            Body::Text(text) => {
                let cleaned = boilerplate::clean_text(&text);
                meta.dropped = cleaned.dropped;
                if cleaned.dump {
                    meta.format = Some("text dump".into());
                    if cleaned.prose_words < html::MIN_ARTICLE_WORDS {
                        return Err(InputError::Skipped {
                            name,
                            reason: format!(
                                "no article: a crawler's dump with {} words of prose once its page furniture is left out (at least {} needed); an index or video page?",
                                cleaned.prose_words,
                                html::MIN_ARTICLE_WORDS
                            ),
                        });
                    }
                }
                cleaned.text.unwrap_or(text)
            }
            Body::Html { bytes, charset } => {
                let page = html::extract(&bytes, charset.as_deref());
                meta.format = Some("html".into());
                page.merge_into(&mut meta);
                if meta.url.is_none() {
                    meta.url = meta.crawled_url.clone();
                }
                meta.dropped = page.dropped;
                if let Some(reason) = page.not_article {
                    return Err(InputError::Skipped { name, reason });
                }
                page.text
            }
        };
        if text.trim().is_empty() {
            return Err(InputError::Skipped {
                name,
                reason: "no article text found".into(),
            });
        }
        if let Err(reason) = language::check_english(&text) {
            return Err(InputError::Skipped { name, reason });
        }
        meta.published = meta.published.or(default_published);
        let id = id
            .or_else(|| meta.url.clone())
            .or(fallback_id)
            .unwrap_or_else(|| digest_id(&text));
        Ok(Document::new(id, text, meta))
    }
}

/// An article given as text in memory (the body of an HTTP request), read as `newskg ingest -`
/// reads standard input: a page when it looks like HTML, else text; named `name` in messages.
pub fn from_text(name: &str, text: String, opts: &ReadOptions) -> Result<Raw, InputError> {
    let text = decode(name, text.into_bytes())?;
    Ok(raw_text(name, name, text, opts))
}

/// One article given as a whole text (standard input, a request body): a page when it looks
/// like HTML, else text. Without an id in `opts`, it is named by the page's canonical URL or a
/// digest of the text.
fn raw_text(name: &str, source: &str, text: String, opts: &ReadOptions) -> Raw {
    let meta = Metadata {
        source: Some(source.to_string()),
        ..Metadata::default()
    };
    let body = if html::looks_like_html(text.as_bytes()) {
        Body::Html {
            bytes: text.into_bytes(),
            charset: None,
        }
    } else {
        Body::Text(text)
    };
    Raw {
        id: opts.stdin_id.clone(),
        fallback_id: None,
        default_published: opts.published,
        name: name.to_string(),
        meta,
        body,
    }
}

/// Reads every article of a source, in order, each as a [`Raw`] article or an error.
pub fn read(source: &Source, opts: &ReadOptions) -> Box<dyn Iterator<Item = Result<Raw, InputError>>> {
    match source {
        Source::File { path, id } => {
            let name = path.display().to_string();
            let html = is_html(path);
            let result = std::fs::read(path)
                .map_err(|source| InputError::Read {
                    path: path.clone(),
                    source,
                })
                .and_then(|bytes| {
                    let meta = Metadata {
                        source: Some(name.clone()),
                        ..Metadata::default()
                    };
                    if html {
                        if bytes.iter().all(u8::is_ascii_whitespace) {
                            return Err(InputError::Empty { name: name.clone() });
                        }
                        // The page's canonical URL, when it has one, names the article.
                        Ok(Raw {
                            id: None,
                            fallback_id: Some(id.clone()),
                            default_published: opts.published,
                            name: name.clone(),
                            meta,
                            body: Body::Html { bytes, charset: None },
                        })
                    } else {
                        Ok(Raw {
                            id: Some(id.clone()),
                            fallback_id: None,
                            default_published: opts.published,
                            name: name.clone(),
                            meta,
                            body: Body::Text(decode(&name, bytes)?),
                        })
                    }
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
                .map(|text| raw_text("standard input", "-", text, opts));
            Box::new(std::iter::once(result))
        }
        Source::Feed { path } => feed::read(path, opts),
        Source::Warc { path } => warc::read(path, opts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_paths_below_the_root_without_extension() {
        assert_eq!(file_id(Path::new("/a/b/c.txt"), Some(Path::new("/a"))), "b/c");
        assert_eq!(file_id(Path::new("some/dir/story.md"), None), "story");
        assert_eq!(file_id(Path::new("some/dir/page.html"), None), "page");
    }

    #[test]
    fn kinds_of_input_by_name() {
        for (name, warc, article) in [
            ("a.warc", true, false),
            ("a.WARC.GZ", true, false),
            ("a.html", false, true),
            ("a.htm", false, true),
            ("a.txt", false, true),
            ("a.gz", false, false),
            ("a.pdf", false, false),
        ] {
            assert_eq!(is_warc(Path::new(name)), warc, "{name}");
            assert_eq!(is_article(Path::new(name)), article, "{name}");
        }
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
