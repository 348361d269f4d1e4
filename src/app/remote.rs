//! `newskg push`, `ingest --endpoint` and `query --endpoint`: the only commands that use the
//! network, and only towards the endpoint the user names.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use newskg::query::{ResultFormat, table};
use newskg::rdf::vocab::{INDEX_GRAPH, ONTOLOGY_GRAPH, VIEW_GRAPH};
use newskg::remote::Endpoint;
use newskg::store::Store;
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput};

use crate::cli::PushArgs;

/// Sends every article graph of the store (or one) to a Graph Store Protocol endpoint, and
/// with all of them the merged view, as the graph [`VIEW_GRAPH`].
pub fn push(store_path: &Path, args: PushArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let endpoint = Endpoint::new(&args.endpoint, Duration::from_secs(args.timeout.max(1)))?;
    let store = Store::open_reader(store_path)
        .with_context(|| format!("cannot read the store {}", store_path.display()))?;
    let graphs: Vec<NamedNode> = match &args.graph {
        Some(g) => {
            vec![NamedNode::new(g.as_str()).with_context(|| format!("--graph {g:?} is not a valid IRI"))?]
        }
        None => store
            .db
            .named_graphs()
            .filter_map(|g| match g {
                Ok(NamedOrBlankNode::NamedNode(n))
                    if n.as_str() != ONTOLOGY_GRAPH && n.as_str() != INDEX_GRAPH =>
                {
                    Some(Ok(n))
                }
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?,
    };
    let (mut sent, mut triples, mut failed) = (0usize, 0usize, 0usize);
    for g in &graphs {
        let quads: Vec<Quad> = store
            .db
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
            .collect::<Result<_, _>>()?;
        if quads.is_empty() {
            eprintln!("error: the store has no graph <{}>", g.as_str());
            failed += 1;
            continue;
        }
        match endpoint.put_graph(g, &quads) {
            Ok(_) => {
                sent += 1;
                triples += quads.len();
            }
            Err(e) => {
                eprintln!("error: <{}>: {e}", g.as_str());
                failed += 1;
            }
        }
    }
    // The merged view, which the queries of `queries/` read, when the whole store is sent.
    let mut view_note = String::new();
    if args.graph.is_none() {
        let view = NamedNode::new_unchecked(VIEW_GRAPH);
        let quads: Vec<Quad> = store
            .db
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .collect::<Result<_, _>>()?;
        if !quads.is_empty() {
            match endpoint.put_graph(&view, &quads) {
                Ok(_) => {
                    view_note = format!(
                        ", and the merged view as <{VIEW_GRAPH}> ({} triples)",
                        quads.len()
                    )
                }
                Err(e) => {
                    eprintln!("error: <{VIEW_GRAPH}>: {e}");
                    failed += 1;
                }
            }
        }
    }
    println!(
        "{sent} graph{} sent to {} ({triples} triples){view_note} in {:.2} s{}",
        if sent == 1 { "" } else { "s" },
        args.endpoint,
        started.elapsed().as_secs_f64(),
        if failed > 0 {
            format!("; {failed} failed")
        } else {
            String::new()
        }
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// SELECT, ASK, CONSTRUCT or DESCRIBE: the first query keyword after the prologue.
fn query_form(text: &str) -> &'static str {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if rest.starts_with('#') {
            rest = rest.split_once('\n').map(|(_, r)| r).unwrap_or("");
            continue;
        }
        let upper = rest.get(..9).unwrap_or(rest).to_ascii_uppercase();
        if upper.starts_with("PREFIX") || upper.starts_with("BASE") {
            // Skip to the end of the IRI.
            rest = rest.split_once('>').map(|(_, r)| r).unwrap_or("");
            continue;
        }
        for form in ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"] {
            if upper.starts_with(form) {
                return form;
            }
        }
        return "SELECT";
    }
}

/// Runs a query on a remote SPARQL endpoint and writes the results like a local query.
pub fn query_remote(
    url: &str,
    text: &str,
    format: ResultFormat,
    timeout: Duration,
    max_rows: usize,
    out: &mut dyn Write,
) -> Result<()> {
    let endpoint = Endpoint::new(url, timeout)?;
    let graph = matches!(query_form(text), "CONSTRUCT" | "DESCRIBE");
    let accept = match (graph, format) {
        (true, ResultFormat::Rdf(oxigraph::io::RdfFormat::NTriples)) => "application/n-triples",
        (true, ResultFormat::Rdf(oxigraph::io::RdfFormat::RdfXml)) => "application/rdf+xml",
        (true, _) => "text/turtle",
        (false, ResultFormat::Xml) => "application/sparql-results+xml",
        (false, ResultFormat::Csv) => "text/csv",
        (false, ResultFormat::Tsv) => "text/tab-separated-values",
        (false, _) => "application/sparql-results+json",
    };
    let mut body = endpoint.query(text, accept)?;
    if graph || format != ResultFormat::Table {
        std::io::copy(&mut body, out).with_context(|| format!("reading the answer of {url}"))?;
        return Ok(());
    }
    let mut bytes = Vec::new();
    body.read_to_end(&mut bytes)
        .with_context(|| format!("reading the answer of {url}"))?;
    match QueryResultsParser::from_format(QueryResultsFormat::Json)
        .for_reader(bytes.as_slice())
        .with_context(|| format!("{url} did not answer with SPARQL JSON results"))?
    {
        ReaderQueryResultsParserOutput::Boolean(b) => writeln!(out, "{b}")?,
        ReaderQueryResultsParserOutput::Solutions(solutions) => {
            let header: Vec<String> = solutions
                .variables()
                .iter()
                .map(|v| v.as_str().to_string())
                .collect();
            let vars = solutions.variables().to_vec();
            let mut rows = Vec::new();
            let mut hidden = 0;
            for s in solutions {
                let s = s.with_context(|| format!("{url} sent malformed results"))?;
                if rows.len() < max_rows {
                    rows.push(
                        vars.iter()
                            .map(|v| s.get(v).map(newskg::query::show).unwrap_or_default())
                            .collect(),
                    );
                } else {
                    hidden += 1;
                }
            }
            table(&header, &rows, out)?;
            if hidden > 0 {
                writeln!(
                    out,
                    "… {hidden} more rows not shown (raise --max-rows, or use --format tsv)"
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::query_form;

    #[test]
    fn query_forms_after_the_prologue() {
        let cases = [
            ("SELECT * {}", "SELECT"),
            (
                "PREFIX a: <http://a/#>\nprefix b: <x:>\n# CONSTRUCT in a comment\nconstruct {} where {}",
                "CONSTRUCT",
            ),
            ("BASE <http://x/> ASK {}", "ASK"),
            ("  describe <x:y>", "DESCRIBE"),
        ];
        for (q, want) in cases {
            assert_eq!(query_form(q), want, "{q}");
        }
    }
}
