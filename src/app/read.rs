//! The commands that only read the store: `query`, `export`, `viz`, `stats`. None of them
//! creates a store.

use std::io::{Read, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use newskg::query::{self, QueryOptions, ResultFormat};
use newskg::store::Store;
use newskg::viz::VizOptions;
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::NamedNode;

use crate::cli::{ExportArgs, ExportFormat, QueryArgs, QueryFormat, VizArgs};

fn open(store: &Path) -> Result<Store> {
    Store::open_reader(store).with_context(|| format!("cannot read the store {}", store.display()))
}

pub fn query(store_path: &Path, args: QueryArgs) -> Result<ExitCode> {
    let (text, origin) = match (&args.query, &args.file) {
        (Some(q), _) => (q.clone(), "the query".to_string()),
        (None, Some(f)) => (
            std::fs::read_to_string(f)
                .with_context(|| format!("cannot read the query file {}", f.display()))?,
            f.display().to_string(),
        ),
        (None, None) => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("cannot read the query from standard input")?;
            (s, "the query on standard input".to_string())
        }
    };
    if text.trim().is_empty() {
        anyhow::bail!("{origin} is empty; give a SPARQL query inline, with -f FILE, or on standard input");
    }
    // Syntax first: a bad query is reported even when there is no store yet.
    query::check(&text).with_context(|| format!("in {origin}"))?;
    let format = match args.format {
        Some(QueryFormat::Table) => ResultFormat::Table,
        Some(QueryFormat::Json) => ResultFormat::Json,
        Some(QueryFormat::Xml) => ResultFormat::Xml,
        Some(QueryFormat::Csv) => ResultFormat::Csv,
        Some(QueryFormat::Tsv) => ResultFormat::Tsv,
        Some(QueryFormat::Turtle) => ResultFormat::Rdf(RdfFormat::Turtle),
        Some(QueryFormat::Ntriples) => ResultFormat::Rdf(RdfFormat::NTriples),
        Some(QueryFormat::Rdfxml) => ResultFormat::Rdf(RdfFormat::RdfXml),
        None if super::stdout_is_terminal() => ResultFormat::Table,
        None => ResultFormat::Tsv,
    };
    let timeout = Duration::from_secs(args.timeout.max(1));
    // A store that `newskg serve` holds is asked through the server.
    let endpoint = match &args.endpoint {
        Some(url) => Some(url.clone()),
        None => super::routed::find(store_path).map(|s| format!("{}/sparql", s.url)),
    };
    if let Some(url) = &endpoint {
        let mut out = super::output(None)?;
        super::remote::query_remote(url, &text, format, timeout, args.max_rows, &mut out)
            .with_context(|| format!("in {origin}"))?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = open(store_path)?;
    let opts = QueryOptions {
        format,
        timeout: Some(Duration::from_secs(args.timeout.max(1))),
        max_rows: args.max_rows,
    };
    let mut out = super::output(None)?;
    let _watchdog = Watchdog::start(timeout, &origin);
    query::run(&store.db, &text, &opts, &mut out).with_context(|| format!("in {origin}"))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The query engine checks its cancellation only between results, and an aggregate over a huge
/// join yields none for a long time: the watchdog ends the process two seconds after the
/// timeout if the query is still running. The process only reads, so nothing is left half-done.
struct Watchdog(Option<std::sync::mpsc::Sender<()>>);

impl Watchdog {
    fn start(timeout: Duration, origin: &str) -> Watchdog {
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let message = format!(
            "{origin}: {}",
            newskg::error::QueryError::Timeout(timeout.as_secs())
        );
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                wait.recv_timeout(timeout + Duration::from_secs(2))
            {
                eprintln!("error: in {message}");
                std::process::exit(1);
            }
        });
        Watchdog(Some(done))
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(done) = self.0.take() {
            let _ = done.send(());
        }
    }
}

pub fn export(store_path: &Path, args: ExportArgs) -> Result<ExitCode> {
    let format = match args.format {
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::Ntriples => RdfFormat::NTriples,
        ExportFormat::Nquads => RdfFormat::NQuads,
        ExportFormat::Trig => RdfFormat::TriG,
        ExportFormat::Rdfxml => RdfFormat::RdfXml,
        ExportFormat::Jsonld => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
        ExportFormat::N3 => RdfFormat::N3,
    };
    let graph = match &args.graph {
        Some(g) => {
            Some(NamedNode::new(g.as_str()).with_context(|| format!("--graph {g:?} is not a valid IRI"))?)
        }
        None => None,
    };
    if let Some(server) = super::routed::find(store_path) {
        let name = clap::ValueEnum::to_possible_value(&args.format)
            .map(|v| v.get_name().to_string())
            .unwrap_or_default();
        let mut out = super::output(args.output.as_deref())?;
        super::routed::export(&server, store_path, &name, args.graph.as_deref(), &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = open(store_path)?;
    if let Some(g) = &graph
        && !store.contains_graph(g.as_ref())?
    {
        anyhow::bail!(
            "the store {} has no graph <{}>; list the graphs with: newskg query 'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} }}'",
            store_path.display(),
            g.as_str()
        );
    }
    let mut out = super::output(args.output.as_deref())?;
    newskg::export::export(&store.db, format, graph.as_ref(), &mut out).with_context(|| {
        match &args.output {
            Some(p) => format!("cannot export to {}", p.display()),
            None => "cannot export".to_string(),
        }
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn viz(store_path: &Path, args: VizArgs) -> Result<ExitCode> {
    let construct = match &args.file {
        Some(f) => Some(
            std::fs::read_to_string(f)
                .with_context(|| format!("cannot read the query file {}", f.display()))?,
        ),
        None => None,
    };
    if let Some(q) = &construct {
        query::check(q).with_context(|| {
            format!(
                "in {}",
                args.file
                    .as_ref()
                    .map(|f| f.display().to_string())
                    .unwrap_or_default()
            )
        })?;
    }
    if let Some(server) = super::routed::find(store_path) {
        let mut out = super::output(args.output.as_deref())?;
        super::routed::viz(
            &server,
            construct.as_deref(),
            args.show_negated,
            args.max_nodes,
            &mut out,
        )?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = open(store_path)?;
    let dot = newskg::viz::viz(
        &store.db,
        &VizOptions {
            construct,
            show_negated: args.show_negated,
            max_nodes: args.max_nodes,
        },
    )?;
    let mut out = super::output(args.output.as_deref())?;
    out.write_all(dot.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn stats(store_path: &Path) -> Result<ExitCode> {
    if let Some(server) = super::routed::find(store_path) {
        let mut out = super::output(None)?;
        super::routed::stats(&server, &mut out)?;
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = open(store_path)?;
    let mut out = super::output(None)?;
    newskg::stats::write(&store.db, &mut out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
