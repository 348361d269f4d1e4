//! `/sparql`: the SPARQL 1.1 Protocol, read-only. Queries come by GET (`?query=`), by POST
//! as a form or as the body (`application/sparql-query`); `default-graph-uri` and
//! `named-graph-uri` set the dataset (without them the default graph is the merged view and
//! the article graphs are the named graphs, as for `newskg query`). Results are written in
//! the format the `Accept` header (or a `format` parameter) asks for. Updates are refused,
//! SERVICE is off, and a query is stopped after the server's timeout.

use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::NamedNode;
use tiny_http::{Method, Request};

use super::State;
use super::conneg;
use super::http::{Answer, header, media_type, parse_form, read_body, values};
use crate::error::QueryError;
use crate::query::{self, Dataset, Kind, QueryOptions, ResultFormat};

/// Results larger than this are refused rather than held in memory.
const MAX_RESULT_BYTES: usize = 256 << 20;
/// How long after the timeout a query that does not stop is left to itself and answered 503.
const GRACE: Duration = Duration::from_secs(2);

/// Formats for SELECT and ASK results, the server's preference first.
const RESULT_TYPES: &[(&str, ResultFormat)] = &[
    ("application/sparql-results+json", ResultFormat::Json),
    ("application/sparql-results+xml", ResultFormat::Xml),
    ("text/csv", ResultFormat::Csv),
    ("text/tab-separated-values", ResultFormat::Tsv),
    ("application/json", ResultFormat::Json),
    ("application/xml", ResultFormat::Xml),
    ("text/xml", ResultFormat::Xml),
];

/// Formats for graphs (CONSTRUCT, DESCRIBE, and the Graph Store Protocol).
pub const GRAPH_TYPES: &[(&str, RdfFormat)] = &[
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("application/n-quads", RdfFormat::NQuads),
    ("application/trig", RdfFormat::TriG),
    (
        "application/ld+json",
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ),
    ("text/n3", RdfFormat::N3),
    ("text/plain", RdfFormat::NTriples),
    ("application/xml", RdfFormat::RdfXml),
];

/// The media type a `format` parameter names, for links that cannot set headers.
fn format_param(name: &str, kind: Kind) -> Option<&'static str> {
    let graph = kind == Kind::Graph;
    Some(match (name.to_ascii_lowercase().as_str(), graph) {
        ("json", false) => "application/sparql-results+json",
        ("xml", false) => "application/sparql-results+xml",
        ("csv", false) => "text/csv",
        ("tsv", false) => "text/tab-separated-values",
        ("ttl" | "turtle", true) => "text/turtle",
        ("nt" | "ntriples" | "n-triples", true) => "application/n-triples",
        ("rdf" | "rdfxml" | "xml", true) => "application/rdf+xml",
        ("nq" | "nquads" | "n-quads", true) => "application/n-quads",
        ("trig", true) => "application/trig",
        ("jsonld" | "json-ld" | "json", true) => "application/ld+json",
        ("n3", true) => "text/n3",
        _ => return None,
    })
}

/// The usual file extension of a media type, for downloads.
fn extension(media: &str) -> &'static str {
    match media {
        "application/sparql-results+json" => "srj",
        "application/sparql-results+xml" => "srx",
        "text/csv" => "csv",
        "text/tab-separated-values" => "tsv",
        "text/turtle" => "ttl",
        "application/n-triples" => "nt",
        "application/rdf+xml" => "rdf",
        "application/n-quads" => "nq",
        "application/trig" => "trig",
        "application/ld+json" => "jsonld",
        "text/n3" => "n3",
        _ => "txt",
    }
}

/// The Content-Type to send for a media type (text types get their charset).
pub fn content_type(media: &str) -> String {
    if media.starts_with("text/") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    }
}

/// What a request asks: the query text, its dataset, and a forced format.
struct Ask {
    text: String,
    dataset: Dataset,
    format: Option<String>,
}

pub fn handle(state: &Arc<State>, req: &mut Request, query_string: &str) -> Answer {
    let ask = match read_request(state, req, query_string) {
        Ok(a) => a,
        Err(answer) => return answer,
    };
    let accept = header(req, "Accept").map(str::to_string);
    run(state, ask, accept)
}

fn read_request(state: &State, req: &mut Request, query_string: &str) -> Result<Ask, Answer> {
    let bad = |m: String| Answer::text(400, m);
    let url_form = parse_form(query_string).map_err(|e| bad(format!("the URL's query string: {e}")))?;
    let (form, direct) = match req.method() {
        Method::Get | Method::Head => (url_form, None),
        Method::Post => {
            let ct = media_type(header(req, "Content-Type").unwrap_or(""));
            match ct.as_str() {
                "application/x-www-form-urlencoded" => {
                    let body = read_body(req, state.config.max_body)?;
                    let body =
                        String::from_utf8(body).map_err(|_| bad("the form is not valid UTF-8".into()))?;
                    let mut form = parse_form(&body).map_err(|e| bad(format!("the form: {e}")))?;
                    // Parameters may also come in the URL (format, graph URIs).
                    form.extend(url_form);
                    (form, None)
                }
                "application/sparql-query" => {
                    let body = read_body(req, state.config.max_body)?;
                    let text = String::from_utf8(body).map_err(|e| {
                        bad(format!(
                            "the query is not valid UTF-8 (first bad byte at {})",
                            e.utf8_error().valid_up_to()
                        ))
                    })?;
                    (url_form, Some(text))
                }
                "application/sparql-update" => return Err(read_only()),
                "" => {
                    return Err(Answer::text(
                        415,
                        "a POST needs a Content-Type: application/sparql-query or application/x-www-form-urlencoded",
                    ));
                }
                other => {
                    return Err(Answer::text(
                        415,
                        format!(
                            "cannot read a query sent as {other}; send application/sparql-query or application/x-www-form-urlencoded"
                        ),
                    ));
                }
            }
        }
        _ => {
            return Err(Answer::method_not_allowed(
                "GET, HEAD, POST",
                "the SPARQL endpoint answers GET and POST",
            ));
        }
    };
    if !values(&form, "update").is_empty() {
        return Err(read_only());
    }
    let queries = values(&form, "query");
    let text = match (direct, queries.as_slice()) {
        (Some(_), [_, ..]) => {
            return Err(bad(
                "the query is both in the body and in a query parameter; send it once".into(),
            ));
        }
        (Some(t), []) => t,
        (None, [q]) => q.to_string(),
        // A browser opening the endpoint gets the query page.
        (None, []) if header(req, "Accept").is_some_and(|a| a.contains("text/html")) => {
            return Err(Answer::text(303, "the query page is at /query").with_header("Location", "/query"));
        }
        (None, []) => return Err(bad("no query: give one in the query parameter".into())),
        (None, _) => return Err(bad("more than one query parameter; send one query".into())),
    };
    let graphs = |name: &str| -> Result<Vec<NamedNode>, Answer> {
        values(&form, name)
            .into_iter()
            .map(|g| NamedNode::new(g).map_err(|e| bad(format!("{name} {g:?} is not an IRI: {e}"))))
            .collect()
    };
    let dataset = Dataset {
        default_graphs: graphs("default-graph-uri")?,
        named_graphs: graphs("named-graph-uri")?,
    };
    let format = values(&form, "format").first().map(|f| f.to_string());
    Ok(Ask {
        text,
        dataset,
        format,
    })
}

fn read_only() -> Answer {
    Answer::text(
        403,
        "this endpoint is read-only: SPARQL Update is refused. Articles are added with POST /ingest",
    )
}

/// A query error as an HTTP answer.
pub fn query_error(e: &QueryError) -> Answer {
    let status = match e {
        QueryError::Syntax(_) | QueryError::Service(_) => 400,
        QueryError::Update => return read_only(),
        QueryError::Timeout(_) => 503,
        _ => 500,
    };
    Answer::text(status, e)
}

/// Evaluates on its own thread, so that a query that does not stop at its timeout is
/// answered 503 all the same (and finishes, or stops, by itself).
fn run(state: &Arc<State>, ask: Ask, accept: Option<String>) -> Answer {
    let timeout = state.config.timeout;
    let (send, receive) = mpsc::channel();
    let state = Arc::clone(state);
    let spawned = std::thread::Builder::new()
        .name("sparql query".into())
        .spawn(move || {
            let _ = send.send(evaluate(&state, &ask, accept.as_deref()));
        });
    if let Err(e) = spawned {
        return Answer::text(503, format!("cannot start the query: {e}"));
    }
    match receive.recv_timeout(timeout + GRACE) {
        Ok(answer) => answer,
        Err(_) => query_error(&QueryError::Timeout(timeout.as_secs())),
    }
}

fn evaluate(state: &State, ask: &Ask, accept: Option<&str>) -> Answer {
    let running = match query::evaluate(
        &state.store.db,
        &ask.text,
        &ask.dataset,
        Some(state.config.timeout),
    ) {
        Ok(r) => r,
        Err(e) => return query_error(&e),
    };
    let kind = running.kind();
    let media = match &ask.format {
        Some(f) => match format_param(f, kind) {
            Some(m) => m,
            None => {
                return Answer::text(
                    400,
                    format!(
                        "unknown format {f:?} for this kind of query (SELECT/ASK: json, xml, csv, tsv; CONSTRUCT/DESCRIBE: ttl, nt, rdf, nq, trig, jsonld, n3)"
                    ),
                );
            }
        },
        None => {
            let offers: Vec<&str> = if kind == Kind::Graph {
                GRAPH_TYPES.iter().map(|(m, _)| *m).collect()
            } else {
                RESULT_TYPES.iter().map(|(m, _)| *m).collect()
            };
            match conneg::choose(accept, &offers) {
                Some(m) => m,
                None => {
                    return Answer::text(
                        406,
                        format!(
                            "cannot write these results as {}; available: {}",
                            accept.unwrap_or(""),
                            offers.join(", ")
                        ),
                    );
                }
            }
        }
    };
    let format = if kind == Kind::Graph {
        GRAPH_TYPES
            .iter()
            .find(|(m, _)| *m == media)
            .map(|(_, f)| ResultFormat::Rdf(*f))
    } else {
        RESULT_TYPES.iter().find(|(m, _)| *m == media).map(|(_, f)| *f)
    }
    .unwrap_or(ResultFormat::Json);
    let opts = QueryOptions {
        format,
        timeout: Some(state.config.timeout),
        max_rows: usize::MAX,
    };
    let mut out = Capped(Vec::new());
    match running.write(&opts, &mut out) {
        // A format named in the URL is a download link.
        Ok(_) if ask.format.is_some() => Answer::new(200, content_type(media), out.0).with_header(
            "Content-Disposition",
            format!("attachment; filename=\"results.{}\"", extension(media)),
        ),
        Ok(_) => Answer::new(200, content_type(media), out.0),
        Err(QueryError::Write(m)) if m.contains(TOO_LARGE) => Answer::text(
            500,
            format!(
                "the results are larger than {} MiB; narrow the query or add a LIMIT",
                MAX_RESULT_BYTES >> 20
            ),
        ),
        Err(e) => query_error(&e),
    }
}

const TOO_LARGE: &str = "results too large";

/// A buffer that refuses to grow past [`MAX_RESULT_BYTES`].
struct Capped(Vec<u8>);

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_RESULT_BYTES {
            return Err(std::io::Error::other(TOO_LARGE));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_parameters_fit_the_kind_of_query() {
        let cases = [
            ("json", Kind::Solutions, Some("application/sparql-results+json")),
            ("CSV", Kind::Boolean, Some("text/csv")),
            ("ttl", Kind::Graph, Some("text/turtle")),
            ("xml", Kind::Graph, Some("application/rdf+xml")),
            ("ttl", Kind::Solutions, None),
            ("csv", Kind::Graph, None),
            ("html", Kind::Solutions, None),
        ];
        for (name, kind, want) in cases {
            assert_eq!(format_param(name, kind), want, "{name} {kind:?}");
        }
    }
}
