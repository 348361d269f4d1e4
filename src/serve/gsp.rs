//! `/store`: Graph Store Protocol reads. `?graph=IRI` is one article graph (or the ontology
//! graph), `?default` the default graph (the merged view), and no parameter the whole store
//! (as `newskg export` writes it). The store is written only through `POST /ingest`: PUT,
//! POST and DELETE are refused.

use std::sync::Arc;

use oxigraph::io::RdfFormat;
use oxigraph::model::NamedNode;
use tiny_http::{Method, Request};

use super::State;
use super::conneg;
use super::http::{Answer, header, parse_form, produced, values};
use super::sparql::{GRAPH_TYPES, content_type};

/// The media types a `format` parameter names (as `newskg export --format`).
fn format_param(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "turtle" | "ttl" => "text/turtle",
        "ntriples" | "nt" => "application/n-triples",
        "nquads" | "nq" => "application/n-quads",
        "trig" => "application/trig",
        "rdfxml" | "rdf" => "application/rdf+xml",
        "jsonld" => "application/ld+json",
        "n3" => "text/n3",
        _ => return None,
    })
}

enum Target {
    All,
    Default,
    Graph(NamedNode),
}

pub fn handle(state: &Arc<State>, req: &Request, query_string: &str) -> Answer {
    match req.method() {
        Method::Get | Method::Head => {}
        Method::Put | Method::Post | Method::Delete | Method::Patch => {
            return Answer::method_not_allowed(
                "GET, HEAD",
                "the graph store is read-only over HTTP; add articles with POST /ingest",
            );
        }
        _ => return Answer::method_not_allowed("GET, HEAD", "the graph store answers GET and HEAD"),
    }
    let form = match parse_form(query_string) {
        Ok(f) => f,
        Err(e) => return Answer::text(400, format!("the URL's query string: {e}")),
    };
    let graphs = values(&form, "graph");
    let default = !values(&form, "default").is_empty();
    let target = match (graphs.as_slice(), default) {
        ([], false) => Target::All,
        ([], true) => Target::Default,
        ([g], false) => match NamedNode::new(*g) {
            Ok(n) => Target::Graph(n),
            Err(e) => return Answer::text(400, format!("graph {g:?} is not an IRI: {e}")),
        },
        _ => return Answer::text(400, "give one graph=IRI, or default, not both"),
    };
    let db = &state.store.db;
    if let Target::Graph(g) = &target {
        match db.contains_named_graph(g) {
            Ok(true) => {}
            Ok(false) => return Answer::text(404, format!("the store has no graph <{}>", g.as_str())),
            Err(e) => return Answer::text(500, e),
        }
    }
    let media = match values(&form, "format").first() {
        Some(f) => match format_param(f) {
            Some(m) => m,
            None => {
                return Answer::text(
                    400,
                    format!("unknown format {f:?}; use turtle, ntriples, nquads, trig, rdfxml, jsonld or n3"),
                );
            }
        },
        None => {
            // The whole store keeps its graphs best in a dataset format.
            let mut offers: Vec<&str> = GRAPH_TYPES.iter().map(|(m, _)| *m).collect();
            if matches!(target, Target::All) {
                offers.sort_by_key(|m| !matches!(*m, "application/n-quads" | "application/trig"));
            }
            match conneg::choose(header(req, "Accept"), &offers) {
                Some(m) => m,
                None => {
                    return Answer::text(
                        406,
                        format!("cannot write a graph as that; available: {}", offers.join(", ")),
                    );
                }
            }
        }
    };
    let format: RdfFormat = GRAPH_TYPES
        .iter()
        .find(|(m, _)| *m == media)
        .map(|(_, f)| *f)
        .unwrap_or(RdfFormat::Turtle);
    if *req.method() == Method::Head {
        return Answer::new(200, content_type(media), Vec::new());
    }
    // Written while it is sent: a whole store does not fit in memory.
    let state = Arc::clone(state);
    let stream = produced(move |out| {
        let db = &state.store.db;
        match &target {
            Target::All => crate::export::export(db, format, None, out),
            Target::Default => crate::export::export_default(db, format, out),
            Target::Graph(g) => crate::export::export(db, format, Some(g), out),
        }
        .map(|_| ())
        .map_err(|e| e.to_string())
    });
    match stream {
        Ok(s) => Answer::streamed(200, content_type(media), s),
        Err(e) => Answer::text(503, format!("cannot start the export: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::format_param;

    #[test]
    fn export_format_names() {
        for (name, want) in [
            ("turtle", Some("text/turtle")),
            ("NQuads", Some("application/n-quads")),
            ("jsonld", Some("application/ld+json")),
            ("csv", None),
        ] {
            assert_eq!(format_param(name), want, "{name}");
        }
    }
}
