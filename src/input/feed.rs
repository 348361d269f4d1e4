//! JSON Lines feeds: one article per line, `{"text": ...}` or `{"html": ...}` with optional
//! `id`, `title`, `date`, `url` and `source`, in the shape most news datasets use.

use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use super::{Body, Raw, ReadOptions, parse_date};
use crate::document::Metadata;
use crate::error::InputError;

/// One article of a feed.
#[derive(Debug, Deserialize)]
struct FeedArticle {
    #[serde(default)]
    text: Option<String>,
    /// The saved web page, when the feed has the page rather than its text.
    #[serde(default)]
    html: Option<String>,
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

pub fn read(path: &Path, opts: &ReadOptions) -> Box<dyn Iterator<Item = Result<Raw, InputError>>> {
    match std::fs::File::open(path) {
        Ok(f) => Box::new(FeedReader {
            name: path.display().to_string(),
            lines: Box::new(BufReader::new(f)),
            line: 0,
            opts: opts.clone(),
        }),
        Err(source) => Box::new(std::iter::once(Err(InputError::Read {
            path: path.to_path_buf(),
            source,
        }))),
    }
}

/// The articles of a feed held in memory (the body of an HTTP request), named `name` in
/// messages (`name:LINE`).
pub fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    opts: &ReadOptions,
) -> Box<dyn Iterator<Item = Result<Raw, InputError>>> {
    Box::new(FeedReader {
        name: name.to_string(),
        lines: Box::new(std::io::Cursor::new(bytes)),
        line: 0,
        opts: opts.clone(),
    })
}

struct FeedReader {
    name: String,
    lines: Box<dyn BufRead>,
    line: usize,
    opts: ReadOptions,
}

impl Iterator for FeedReader {
    type Item = Result<Raw, InputError>;

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
    fn parse(&self, buf: Vec<u8>) -> Result<Raw, InputError> {
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
                "not a JSON article ({e}); each line needs an object with a \"text\" or an \"html\" field"
            ))
        })?;
        let blank = |s: &Option<String>| s.as_deref().is_none_or(|t| t.trim().is_empty());
        let body = match (a.text, a.html) {
            (Some(text), _) if !text.trim().is_empty() => Body::Text(text),
            (_, Some(html)) if !html.trim().is_empty() => Body::Html {
                bytes: html.into_bytes(),
                charset: Some("utf-8".into()),
            },
            (text, html) if blank(&text) && blank(&html) && (text.is_some() || html.is_some()) => {
                return Err(err("the \"text\" field is empty".into()));
            }
            _ => {
                return Err(err(
                    "no \"text\" or \"html\" field; each line needs an object with one of them".into(),
                ));
            }
        };
        let id = match a.id {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s),
            Some(serde_json::Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let published = match &a.date {
            Some(d) if !d.trim().is_empty() => Some(parse_date(d).map_err(|e| err(e.to_string()))?),
            _ => None,
        };
        let meta = Metadata {
            title: a.title,
            published,
            source: Some(format!("{}:{}", self.name, self.line)),
            url: a.url,
            outlet: a.source,
            ..Metadata::default()
        };
        Ok(Raw {
            id,
            fallback_id: None,
            default_published: self.opts.published,
            name: format!("{}:{}", self.name, self.line),
            meta,
            body,
        })
    }
}
