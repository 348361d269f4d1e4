//! Command-line types and their help texts. No logic: `main` turns these into calls.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "newskg",
    version,
    about = "Turn news articles about diplomacy and politics into a knowledge graph",
    long_about = "Turn news articles about diplomacy and politics into a knowledge graph: who leads, \
represents, travels to and meets whom, with the status and evidence of each fact. The graph \
goes into an on-disk RDF store that `query` answers SPARQL over, `export` writes as RDF and \
`viz` draws for Graphviz."
)]
pub struct Cli {
    /// The store folder (created by `ingest`; the other commands need it to exist)
    #[arg(
        long,
        global = true,
        env = "NEWSKG_STORE",
        default_value = "newskg-store",
        value_name = "DIR"
    )]
    pub store: PathBuf,

    /// Extra gazetteer file(s): surface<TAB>type<TAB>canonical[<TAB>sameAs IRI[<TAB>country]]
    #[arg(long = "lexicon", global = true, value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract facts from articles and store them, one named graph per article
    Ingest(IngestArgs),
    /// Extract facts from articles and print them, without a store
    Extract(ExtractArgs),
    /// Run a SPARQL query over the store (all graphs as the default graph)
    Query(QueryArgs),
    /// Write the store, or one graph of it, as RDF
    Export(ExportArgs),
    /// Draw the relations as a Graphviz DOT graph
    Viz(VizArgs),
    /// Count articles, entities by type and relations by kind and status
    Stats,
    /// Send the store's article graphs to a SPARQL 1.1 Graph Store Protocol endpoint
    Push(PushArgs),
    /// List entities, or those whose names contain NAME, with their names, articles and merges
    Entities(EntitiesArgs),
    /// Make two entities one, by hand; recorded in the store's corrections file
    Merge(MergeArgs),
    /// Keep a name apart from the entity the rules merged it into; recorded in the store's
    /// corrections file
    Split(SplitArgs),
    /// Serve the store over HTTP: a read-only SPARQL endpoint, the web app, and ingest for
    /// the holder of the write token (`query`, `export`, `viz`, `stats` and `ingest` on the
    /// store go through the server while it runs)
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. Beyond loopback, anyone who can reach
    /// the address can read the whole graph
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: String,

    /// Stop a query after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,

    /// Refuse request bodies larger than this many megabytes
    #[arg(long, value_name = "MB", default_value_t = 32)]
    pub max_body: usize,

    /// Requests handled at the same time
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub workers: usize,
}

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Show only entities with a name containing this (case and accents do not matter), in detail
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Rebuild the merged view from the article graphs and the corrections file first (after
    /// editing that file by hand)
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// An entity: its name as `entities` shows it, or its IRI (person:..., org:..., place:...)
    #[arg(value_name = "ENTITY")]
    pub a: String,
    /// The other entity
    #[arg(value_name = "OTHER")]
    pub b: String,
}

#[derive(Debug, Args)]
pub struct SplitArgs {
    /// The name as an article writes it, or the IRI articles give it (see `entities NAME`)
    #[arg(value_name = "NAME")]
    pub name: String,
}

#[derive(Debug, Args)]
pub struct PushArgs {
    /// Graph Store Protocol endpoint (Virtuoso: http://HOST:8890/sparql-graph-crud).
    /// Credentials: NEWSKG_ENDPOINT_TOKEN, or NEWSKG_ENDPOINT_USER and NEWSKG_ENDPOINT_PASSWORD
    #[arg(long, value_name = "URL")]
    pub endpoint: String,

    /// Send only this graph (an article IRI)
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,

    /// Give up on a request after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Articles: .txt/.md files (clean or crawler dumps), .html/.htm pages, .warc/.warc.gz
    /// archives, .jsonl feeds, directories (searched recursively), or - for standard input
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<String>,

    /// Publication date (YYYY-MM-DD) for articles whose text, page or feed gives none
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,

    /// Identifier of the article read from standard input (default: a digest of its text)
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// No line per article, only the summary
    #[arg(long, short)]
    pub quiet: bool,

    /// Batches with at least this many new articles go through the bulk loader
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub bulk_threshold: usize,

    /// Send each article's graph to this Graph Store Protocol endpoint instead of the local
    /// store (credentials as for `push`)
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    Turtle,
    Nquads,
    Trig,
    Json,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub read: ReadArgs,

    /// Output format; json shows every stage (sentences, mentions, entities, relations with evidence)
    #[arg(long, value_enum, default_value = "turtle")]
    pub format: ExtractFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QueryFormat {
    /// Aligned columns (the default on a terminal)
    Table,
    Json,
    Xml,
    Csv,
    /// SPARQL TSV (the default when the output is not a terminal)
    Tsv,
    /// For CONSTRUCT and DESCRIBE
    Turtle,
    Ntriples,
    Rdfxml,
}

#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query text; read from standard input when neither this nor -f is given
    #[arg(value_name = "SPARQL", conflicts_with = "file")]
    pub query: Option<String>,

    /// Read the query from a file
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[arg(long, value_enum)]
    pub format: Option<QueryFormat>,

    /// Stop the query after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// Rows shown by the table format (the others are counted)
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_rows: usize,

    /// Ask this SPARQL 1.1 endpoint instead of the local store (credentials as for `push`)
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Rdfxml,
    Jsonld,
    N3,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "turtle")]
    pub format: ExportFormat,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Export only this named graph (an article IRI, or the ontology graph)
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
}

#[derive(Debug, Args)]
pub struct VizArgs {
    /// A CONSTRUCT query choosing the subgraph to draw (see queries/viz-subgraph.rq)
    #[arg(short = 'f', long = "file", value_name = "CONSTRUCT.rq")]
    pub file: Option<PathBuf>,

    /// Write to this file instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also draw negated relations (in red)
    #[arg(long)]
    pub show_negated: bool,

    /// Refuse to draw more nodes than this
    #[arg(long, value_name = "N", default_value_t = 300)]
    pub max_nodes: usize,
}
