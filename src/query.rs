//! SPARQL over the store: parsing (syntax errors with line and column, updates refused),
//! evaluation with the merged view as the default graph and the article graphs as named
//! graphs (see [`crate::view`]) unless the query names its dataset, a time limit,
//! and output in the W3C result formats, RDF for CONSTRUCT/DESCRIBE, or a table for people.
//! SERVICE is not available: nothing reaches the network from a query.

use std::io::Write;
use std::sync::mpsc;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryResults, QuerySolutionIter, SparqlEvaluator};

use crate::error::QueryError;
use crate::rdf::vocab::{PREFIXES, compact};

pub mod order;

/// How results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultFormat {
    /// Aligned columns for people.
    Table,
    Json,
    Xml,
    Csv,
    Tsv,
    /// For CONSTRUCT and DESCRIBE.
    Rdf(RdfFormat),
}

#[derive(Debug, Clone)]
pub struct QueryOptions {
    pub format: ResultFormat,
    pub timeout: Option<Duration>,
    /// Rows shown by the table format; the rest are counted.
    pub max_rows: usize,
}

/// What a query returned, for the caller's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outcome {
    pub rows: usize,
    pub hidden: usize,
}

fn syntax_error(text: &str, e: impl std::fmt::Display) -> QueryError {
    if SparqlEvaluator::new().parse_update(text).is_ok() {
        QueryError::Update
    } else {
        QueryError::Syntax(short_syntax_message(&e.to_string()))
    }
}

/// "error at 3:1: expected one of <two hundred alternatives>" → "at line 3, column 1:
/// expected one of …", short enough to read.
pub fn short_syntax_message(message: &str) -> String {
    let rest = message.strip_prefix("error ").unwrap_or(message);
    let (position, detail) = match rest.strip_prefix("at ").and_then(|r| r.split_once(": ")) {
        Some((pos, detail)) => match pos.split_once(':') {
            Some((line, col)) => (format!("at line {line}, column {col}"), detail),
            None => (format!("at {pos}"), detail),
        },
        None => (String::new(), rest),
    };
    let detail: String = if detail.chars().count() > 100 {
        let cut: String = detail.chars().take(100).collect();
        format!("{}…", cut.rsplit_once(", ").map(|(a, _)| a).unwrap_or(&cut))
    } else {
        detail.to_string()
    };
    if position.is_empty() {
        detail
    } else {
        format!("{position}: {detail}")
    }
}

/// Checks a query without running it; an update or a syntax error becomes a [`QueryError`].
pub fn check(text: &str) -> Result<(), QueryError> {
    SparqlEvaluator::new()
        .parse_query(text)
        .map(|_| ())
        .map_err(|e| syntax_error(text, e))
}

/// Runs a query on a store and writes the results.
pub fn run(
    db: &oxigraph::store::Store,
    text: &str,
    opts: &QueryOptions,
    out: &mut dyn Write,
) -> Result<Outcome, QueryError> {
    let running = evaluate(db, text, &Dataset::default(), opts.timeout)?;
    running.write(opts, out)
}

/// The RDF dataset a request names (SPARQL Protocol `default-graph-uri` and
/// `named-graph-uri`); empty lists leave the query's own dataset, or the store's: the merged
/// view as default graph, the article graphs as named graphs.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub default_graphs: Vec<NamedNode>,
    pub named_graphs: Vec<NamedNode>,
}

/// A query being evaluated: its lazy results and the timer that cancels it (the timer
/// stops when this is dropped: its channel closes).
pub struct Running {
    pub results: QueryResults<'static>,
    timeout: Option<Duration>,
    #[allow(dead_code)]
    done: Option<mpsc::Sender<()>>,
}

/// What a query returns, which decides the formats it can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// SELECT
    Solutions,
    /// ASK
    Boolean,
    /// CONSTRUCT, DESCRIBE
    Graph,
}

impl Running {
    pub fn kind(&self) -> Kind {
        match &self.results {
            QueryResults::Solutions(_) => Kind::Solutions,
            QueryResults::Boolean(_) => Kind::Boolean,
            QueryResults::Graph(_) => Kind::Graph,
        }
    }

    /// Writes the results in `opts.format` (for Table, Json, Xml, Csv, Tsv: solutions and
    /// booleans; for Rdf: graphs, others get Turtle).
    pub fn write(self, opts: &QueryOptions, out: &mut dyn Write) -> Result<Outcome, QueryError> {
        let opts = QueryOptions {
            timeout: self.timeout,
            ..opts.clone()
        };
        let Running { results, done, .. } = self;
        let outcome = write(results, &opts, out);
        drop(done);
        outcome
    }
}

/// Parses a query and starts its evaluation on a snapshot of the store; the results are
/// computed as they are read, and the evaluation is cancelled once `timeout` has passed.
pub fn evaluate(
    db: &oxigraph::store::Store,
    text: &str,
    dataset: &Dataset,
    timeout: Option<Duration>,
) -> Result<Running, QueryError> {
    let token = CancellationToken::new();
    let mut query = spargebra::SparqlParser::new()
        .parse_query(text)
        .map_err(|e| syntax_error(text, e))?;
    let sort_keys = order::take(&mut query);
    let mut prepared = SparqlEvaluator::new()
        .with_cancellation_token(token.clone())
        .for_query(query);
    if !dataset.default_graphs.is_empty() {
        prepared
            .dataset_mut()
            .set_default_graph(dataset.default_graphs.iter().cloned().map(Into::into).collect());
    }
    if !dataset.named_graphs.is_empty() {
        prepared
            .dataset_mut()
            .set_available_named_graphs(dataset.named_graphs.iter().cloned().map(Into::into).collect());
    }
    let done = timeout.map(|t| {
        let (done, wait) = mpsc::channel::<()>();
        let token = token.clone();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(t) {
                token.cancel();
            }
        });
        done
    });
    let opts = QueryOptions {
        format: ResultFormat::Json,
        timeout,
        max_rows: 0,
    };
    let results = match (prepared.on_store(db).execute(), &sort_keys) {
        (Ok(QueryResults::Solutions(solutions)), Some(keys)) => {
            let variables = solutions.variables().to_vec();
            let mut rows = solutions
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| evaluation_error(e, &opts))?;
            order::sort(&mut rows, keys);
            QueryResults::Solutions(QuerySolutionIter::new(variables.into(), rows.into_iter().map(Ok)))
        }
        (results, _) => results.map_err(|e| evaluation_error(e, &opts))?,
    };
    Ok(Running {
        results,
        timeout,
        done,
    })
}

fn evaluation_error(e: oxigraph::sparql::QueryEvaluationError, opts: &QueryOptions) -> QueryError {
    let msg = e.to_string();
    if msg.to_lowercase().contains("cancel") {
        QueryError::Timeout(opts.timeout.map(|t| t.as_secs()).unwrap_or(0))
    } else if let oxigraph::sparql::QueryEvaluationError::UnsupportedService(service) = e {
        QueryError::Service(service.to_string())
    } else {
        QueryError::Evaluation(msg)
    }
}

fn io_err(e: std::io::Error) -> QueryError {
    QueryError::Write(e.to_string())
}

fn write(results: QueryResults<'_>, opts: &QueryOptions, out: &mut dyn Write) -> Result<Outcome, QueryError> {
    let eval = |e: oxigraph::sparql::QueryEvaluationError| evaluation_error(e, opts);
    match results {
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            if opts.format == ResultFormat::Table {
                let mut rows: Vec<Vec<String>> = Vec::new();
                let mut hidden = 0;
                for s in solutions {
                    let s = s.map_err(eval)?;
                    if rows.len() < opts.max_rows {
                        rows.push(
                            variables
                                .iter()
                                .map(|v| s.get(v).map(show).unwrap_or_default())
                                .collect(),
                        );
                    } else {
                        hidden += 1;
                    }
                }
                let header: Vec<String> = variables.iter().map(|v| v.as_str().to_string()).collect();
                table(&header, &rows, out).map_err(io_err)?;
                if hidden > 0 {
                    writeln!(
                        out,
                        "… {hidden} more rows not shown (raise --max-rows, or use --format tsv)"
                    )
                    .map_err(io_err)?;
                }
                return Ok(Outcome {
                    rows: rows.len() + hidden,
                    hidden,
                });
            }
            let format = results_format(opts.format);
            let mut ser = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(&mut *out, variables)
                .map_err(io_err)?;
            let mut rows = 0;
            for s in solutions {
                let s = s.map_err(eval)?;
                ser.serialize(&s).map_err(io_err)?;
                rows += 1;
            }
            ser.finish().map_err(io_err)?;
            Ok(Outcome { rows, hidden: 0 })
        }
        QueryResults::Boolean(value) => {
            if opts.format == ResultFormat::Table {
                writeln!(out, "{value}").map_err(io_err)?;
            } else {
                QueryResultsSerializer::from_format(results_format(opts.format))
                    .serialize_boolean_to_writer(&mut *out, value)
                    .map_err(io_err)?;
            }
            Ok(Outcome { rows: 1, hidden: 0 })
        }
        QueryResults::Graph(triples) => {
            let format = match opts.format {
                ResultFormat::Rdf(f) => f,
                _ => RdfFormat::Turtle,
            };
            let mut ser = RdfSerializer::from_format(format);
            for (p, ns) in PREFIXES {
                ser = ser.with_prefix(*p, *ns).expect("built-in prefixes are valid");
            }
            let mut w = ser.for_writer(&mut *out);
            let mut rows = 0;
            for t in triples {
                let t = t.map_err(eval)?;
                w.serialize_triple(&t).map_err(io_err)?;
                rows += 1;
            }
            w.finish().map_err(io_err)?;
            Ok(Outcome { rows, hidden: 0 })
        }
    }
}

fn results_format(f: ResultFormat) -> QueryResultsFormat {
    match f {
        ResultFormat::Xml => QueryResultsFormat::Xml,
        ResultFormat::Csv => QueryResultsFormat::Csv,
        ResultFormat::Tsv => QueryResultsFormat::Tsv,
        _ => QueryResultsFormat::Json,
    }
}

/// A term as a person reads it: prefixed IRIs, bare literal values.
pub fn show(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => compact(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

const MAX_CELL: usize = 80;

fn cell(s: &str) -> String {
    let s: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if s.chars().count() > MAX_CELL {
        let cut: String = s.chars().take(MAX_CELL - 1).collect();
        format!("{cut}…")
    } else {
        s
    }
}

/// Writes rows as aligned columns under a header and a rule.
pub fn table(header: &[String], rows: &[Vec<String>], out: &mut dyn Write) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| cell(c)).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
            .collect();
        writeln!(out, "{}", parts.join("  ").trim_end())
    };
    line(header, out)?;
    writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for r in &rows {
        line(r, out)?;
    }
    Ok(())
}
