//! JSON for the web app's pages, read from the store: `entity`, `article`, `neighbours`,
//! `search`, `top`, `articles` and `queries` (the examples of `queries/`). Read-only; every
//! answer is built from a few quad patterns on the indexes, never a scan of the store, except
//! `search`, `top` and `articles`, which read one predicate of the merged view.
//!
//! Nothing is escaped here beyond JSON: the pages insert every string as text.

mod article;
mod entity;
mod graph;
mod read;

use oxigraph::model::NamedNode;
use oxigraph::store::Store;
use serde_json::{Value, json};

/// A reply the HTTP layer sends as it is.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

const JSON: &str = "application/json; charset=utf-8";

/// The examples of `queries/`, embedded for the query page: (file stem, text).
pub const QUERIES: &[(&str, &str)] = &[
    ("people-roles", include_str!("../../queries/people-roles.rq")),
    ("leads", include_str!("../../queries/leads.rq")),
    ("represents", include_str!("../../queries/represents.rq")),
    ("travel", include_str!("../../queries/travel.rq")),
    ("meetings", include_str!("../../queries/meetings.rq")),
    ("evidence", include_str!("../../queries/evidence.rq")),
    ("entity", include_str!("../../queries/entity.rq")),
    ("events", include_str!("../../queries/events.rq")),
    ("quotes", include_str!("../../queries/quotes.rq")),
    ("viz-subgraph", include_str!("../../queries/viz-subgraph.rq")),
];

/// Decodes `application/x-www-form-urlencoded` text: `+` is a space, `%XX` a byte; bytes that
/// are not UTF-8 become U+FFFD, a `%` without two hex digits stays as it is.
pub fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of parameter `name` in a query string (the first one), decoded.
pub fn param(query: &str, name: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('=').or(Some((kv, ""))))
        .find(|(k, _)| decode(k) == name)
        .map(|(_, v)| decode(v))
}

fn reply(status: u16, body: &Value) -> Reply {
    Reply {
        status,
        content_type: JSON,
        body: serde_json::to_vec(body).unwrap_or_default(),
    }
}

fn error(status: u16, message: &str) -> Reply {
    reply(status, &json!({ "error": message }))
}

/// A comma-separated parameter as a list (empty when absent).
fn list(query: &str, name: &str) -> Vec<String> {
    param(query, name)
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn limit(query: &str, default: usize, max: usize) -> usize {
    param(query, "limit")
        .and_then(|l| l.parse().ok())
        .unwrap_or(default)
        .clamp(1, max)
}

/// Answers `GET /api/<path>?<query>` (path without the `/api/` prefix, query undecoded).
pub fn handle(store: &Store, path: &str, query: &str) -> Reply {
    let iri = || -> Result<NamedNode, Reply> {
        let raw = param(query, "iri").ok_or_else(|| error(400, "the parameter iri is missing"))?;
        NamedNode::new(raw.as_str()).map_err(|e| error(400, &format!("not an IRI: {e}")))
    };
    let answer = match path.trim_end_matches('/') {
        "entity" => match iri() {
            Ok(n) => entity::entity(store, n.as_ref()).map(|v| v.ok_or("no such entity")),
            Err(r) => return r,
        },
        "article" => match iri() {
            Ok(n) => article::article(store, n.as_ref()).map(|v| v.ok_or("no such article")),
            Err(r) => return r,
        },
        "neighbours" => match iri() {
            Ok(n) => {
                let filter = graph::Filter {
                    relations: list(query, "relation"),
                    statuses: list(query, "status"),
                    from: param(query, "from").filter(|s| !s.is_empty()),
                    to: param(query, "to").filter(|s| !s.is_empty()),
                };
                graph::neighbours(store, n.as_ref(), &filter).map(|v| v.ok_or("no such entity"))
            }
            Err(r) => return r,
        },
        "search" => graph::search(
            store,
            &param(query, "q").unwrap_or_default(),
            limit(query, 20, 200),
        )
        .map(Ok),
        "top" => {
            let kind = param(query, "type").filter(|s| !s.is_empty());
            graph::top(store, kind.as_deref(), limit(query, 20, 500)).map(Ok)
        }
        "articles" => graph::articles(store, limit(query, 50, 1000)).map(Ok),
        "queries" => Ok(Ok(json!(
            QUERIES
                .iter()
                .map(|(name, text)| json!({ "name": name, "text": text }))
                .collect::<Vec<_>>()
        ))),
        _ => return error(404, "no such API call"),
    };
    match answer {
        Ok(Ok(v)) => reply(200, &v),
        Ok(Err(missing)) => error(404, missing),
        Err(e) => error(500, &format!("store: {e}")),
    }
}

#[cfg(test)]
mod tests;
