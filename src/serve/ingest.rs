//! `POST /ingest`: articles over HTTP, for the holder of the write token only. The body is
//! one article as text (`text/plain`, or a page as `text/html`; `?id=` and `?published=`
//! as `newskg ingest -` takes them) or a JSON Lines feed (`application/x-ndjson`, the records
//! `newskg ingest` reads from .jsonl files). A request is all or nothing: an article that
//! cannot be read (bad JSON line, bad UTF-8, bad date) refuses the whole request with 400
//! and its line number, and nothing is stored. Writes take turns (one writer at a time);
//! queries go on meanwhile, each on its own snapshot.
//!
//! `newskg ingest` on a served store extracts the articles itself, as it does on its own
//! store, and sends the article graphs and their index summaries as N-Quads
//! (`application/n-quads`): the server stores them as they are.

use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;
use serde_json::{Value, json};
use tiny_http::{Method, Request};

use super::State;
use super::http::{Answer, header, media_type, parse_form, read_body, same_secret, values};
use crate::Pipeline;
use crate::error::{InputError, Severity};
use crate::ingest::{Extracted, extract_one, store_batch};
use crate::input::{self, ReadOptions};
use crate::rdf::vocab::INDEX_GRAPH;
use crate::store::ArticleQuads;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad, Term};

pub fn handle(state: &Arc<State>, req: &mut Request, query_string: &str) -> Answer {
    if *req.method() != Method::Post {
        return Answer::method_not_allowed("POST", "POST articles to /ingest");
    }
    if let Some(refused) = check_token(state, req) {
        return refused;
    }
    let form = match parse_form(query_string) {
        Ok(f) => f,
        Err(e) => return Answer::text(400, format!("the URL's query string: {e}")),
    };
    let published = match values(&form, "published").first() {
        Some(d) => match input::parse_date(d) {
            Ok(d) => Some(d),
            Err(e) => return Answer::text(400, format!("published: {e}")),
        },
        None => None,
    };
    let opts = ReadOptions {
        published,
        stdin_id: values(&form, "id").first().map(|s| s.to_string()),
    };
    let defer_view = values(&form, "view").first() == Some(&"defer");
    let ct = media_type(header(req, "Content-Type").unwrap_or(""));
    if ct == "application/n-quads" {
        return match read_body(req, state.config.max_body) {
            Ok(body) => match graphs(&body) {
                Ok(articles) => store(state, articles, Vec::new(), Instant::now(), defer_view),
                Err(message) => Answer::text(400, message),
            },
            Err(a) => a,
        };
    }
    let feed = match ct.as_str() {
        "text/plain" | "text/markdown" | "text/html" => false,
        "application/x-ndjson" | "application/jsonl" | "application/jsonlines" | "application/json-lines" => {
            true
        }
        _ => {
            return Answer::text(
                415,
                "send an article as text/plain (or text/html), or a JSON Lines feed as application/x-ndjson",
            );
        }
    };
    let body = match read_body(req, state.config.max_body) {
        Ok(b) => b,
        Err(a) => return a,
    };
    let raws: Vec<Result<input::Raw, InputError>> = if feed {
        input::read_feed_bytes("request", body, &opts).collect()
    } else {
        match String::from_utf8(body) {
            Ok(text) => vec![input::from_text("request", text, &opts)],
            Err(e) => {
                return Answer::text(
                    400,
                    format!(
                        "the article is not valid UTF-8 (first bad byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                );
            }
        }
    };
    if raws.is_empty() {
        return Answer::text(400, "the request holds no article");
    }
    ingest(state, raws, defer_view)
}

/// 401 without a bearer token, 403 with a wrong one, `None` with the right one.
fn check_token(state: &State, req: &Request) -> Option<Answer> {
    let given = header(req, "Authorization").and_then(|a| {
        let (scheme, token) = a.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    });
    match given {
        None => Some(
            Answer::text(
                401,
                "writing needs the server's token: Authorization: Bearer TOKEN (the owner finds it in the store folder's server.json)",
            )
            .with_header("WWW-Authenticate", "Bearer realm=\"newskg\""),
        ),
        Some(t) if same_secret(t.as_bytes(), state.token.as_bytes()) => None,
        Some(_) => Some(Answer::text(403, "wrong token")),
    }
}

/// The line an article came from, in the request (1 for a text body).
fn line_of(name: &str) -> usize {
    name.rsplit_once(':')
        .and_then(|(_, l)| l.parse().ok())
        .unwrap_or(1)
}

fn ingest(state: &Arc<State>, raws: Vec<Result<input::Raw, InputError>>, defer_view: bool) -> Answer {
    let started = Instant::now();
    let pipeline = Pipeline::new(state.lexicons);
    let results: Vec<(usize, Result<Extracted, InputError>)> = raws
        .into_par_iter()
        .enumerate()
        .map(|(i, r)| {
            let line = r
                .as_ref()
                .map_or_else(|e| error_line(e, i), |raw| line_of(&raw.name));
            let x = r
                .and_then(|raw| raw.into_document())
                .and_then(|doc| extract_one(&pipeline, &doc));
            (line, x)
        })
        .collect();
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err())
        .filter(|e| e.severity() == Severity::Failed)
        .map(|e| e.to_string())
        .collect();
    if !failures.is_empty() {
        return Answer::json(
            400,
            &json!({"error": format!("{} article(s) cannot be read; nothing was stored", failures.len()), "errors": failures}),
        );
    }
    let mut reports: Vec<Value> = Vec::new();
    let mut articles = Vec::new();
    for (line, r) in results {
        match r {
            Ok(x) => {
                reports.push(json!({
                    "line": line,
                    "iri": x.article.graph.as_str(),
                    "entities": x.entities,
                    "relations": x.relations,
                    "quads": x.article.quads.len(),
                }));
                articles.push(x.article);
            }
            Err(e) => {
                if e.severity() == Severity::Skipped {
                    reports.push(json!({"line": line, "skipped": e.to_string()}));
                }
            }
        }
    }
    store(state, articles, reports, started, defer_view)
}

/// Stores the articles, brings the merged view up to date (unless deferred), and answers what was
/// stored, with `reports` (one per article of the request) when there are some.
fn store(
    state: &Arc<State>,
    articles: Vec<ArticleQuads>,
    reports: Vec<Value>,
    started: Instant,
    defer_view: bool,
) -> Answer {
    let stored_count = articles.len();
    let skipped = reports.iter().filter(|r| r.get("skipped").is_some()).count();
    let sum = |key: &str| reports.iter().filter_map(|r| r.get(key)?.as_u64()).sum::<u64>();
    let (entities, relations) = (sum("entities"), sum("relations"));
    let quads: usize = articles.iter().map(|a| a.quads.len()).sum();
    // One writer at a time; readers are not held up.
    let mut write = state.write.lock().unwrap_or_else(|p| p.into_inner());
    let stored = match store_batch(&state.store, articles, state.config.bulk_threshold) {
        Ok(s) => s,
        Err(e) => {
            write.dirty = true;
            return Answer::text(500, format!("cannot store the articles: {e}"));
        }
    };
    write.bulk_loaded |= stored.bulk > 0;
    let view = if defer_view {
        write.dirty |= stored_count > 0;
        "deferred"
    } else if stored_count > 0 || write.dirty {
        if let Err(e) = state.store.update_view() {
            write.dirty = true;
            return Answer::text(
                500,
                format!("the articles are stored, but the merged view could not be brought up to date: {e}"),
            );
        }
        write.dirty = false;
        "updated"
    } else {
        "unchanged"
    };
    drop(write);
    Answer::json(
        200,
        &json!({
            "stored": stored_count,
            "skipped": skipped,
            "entities": entities,
            "relations": relations,
            "quads": quads,
            "bulk": stored.bulk,
            "transactions": stored.transactions,
            "view": view,
            "seconds": started.elapsed().as_secs_f64(),
            "articles": reports,
        }),
    )
}

/// Article graphs sent as N-Quads: each quad in an article's graph, or its summary in the
/// index graph (subject: the article). Nothing else may be written this way.
fn graphs(body: &[u8]) -> Result<Vec<ArticleQuads>, String> {
    let article_prefix = format!("{}article/", crate::rdf::vocab::BASE);
    let mut articles: Vec<ArticleQuads> = Vec::new();
    let mut summaries: Vec<Quad> = Vec::new();
    for q in RdfParser::from_format(RdfFormat::NQuads).for_slice(body) {
        let q = q.map_err(|e| format!("the N-Quads do not parse: {e}"))?;
        let GraphName::NamedNode(g) = &q.graph_name else {
            return Err(
                "a quad is outside the article graphs; only article graphs and their summaries can be sent"
                    .into(),
            );
        };
        if g.as_str() == INDEX_GRAPH {
            summaries.push(q);
            continue;
        }
        if !g.as_str().starts_with(&article_prefix) {
            return Err(format!(
                "<{}> is not an article graph; only article graphs can be sent",
                g.as_str()
            ));
        }
        match articles.iter_mut().rev().find(|a| &a.graph == g) {
            Some(a) => a.quads.push(q),
            None => articles.push(ArticleQuads {
                graph: g.clone(),
                quads: vec![q],
                summary: None,
            }),
        }
    }
    for s in summaries {
        let owner = articles
            .iter_mut()
            .find(|a| matches!(&s.subject, oxigraph::model::NamedOrBlankNode::NamedNode(n) if *n == a.graph));
        match owner {
            Some(a) if matches!(s.object, Term::Literal(_)) => a.summary = Some(s),
            _ => return Err("an index quad does not summarise an article of the request".into()),
        }
    }
    Ok(articles)
}

/// The line of an article that could not be read, from its error (the request's position
/// otherwise).
fn error_line(e: &InputError, index: usize) -> usize {
    match e {
        InputError::FeedLine { line, .. } => *line,
        _ => index + 1,
    }
}
