//! Typed errors of the library. The binary adds context (file names, IRIs) with anyhow.

use std::path::PathBuf;

/// A lexicon or rule file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{path}:{line}: {message}")]
    Line {
        path: String,
        line: usize,
        message: String,
    },
    #[error("cannot read lexicon {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// An article that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{path}: no such file or directory")]
    NotFound { path: PathBuf },
    #[error("{path}: cannot read")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{name}: not valid UTF-8 (first bad byte at offset {offset}); convert the file to UTF-8, for example with iconv"
    )]
    NotUtf8 { name: String, offset: usize },
    #[error("{name}: the article is empty")]
    Empty { name: String },
    #[error("{path}: no articles here (looked for .txt, .md and .jsonl files)")]
    NoArticles { path: PathBuf },
    #[error("{name}:{line}: {message}")]
    FeedLine {
        name: String,
        line: usize,
        message: String,
    },
    #[error("invalid date {value:?}: expected YYYY-MM-DD")]
    Date { value: String },
    /// A record of an archive that cannot be read: the rest of the archive is still read.
    #[error("{name}: record at byte {offset}: {message}; skipped it and read on")]
    Record {
        name: String,
        offset: u64,
        message: String,
    },
    /// A page passed over on purpose (not English, no article): not a failure.
    #[error("{name}: skipped: {reason}")]
    Skipped { name: String, reason: String },
    /// What an archive held besides articles, said once at its end: not a failure.
    #[error("{name}: {message}")]
    Note { name: String, message: String },
}

/// How a caller counts an [`InputError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The article could not be read: counted as failed, exit code 1.
    Failed,
    /// Passed over on purpose: counted as skipped.
    Skipped,
    /// Information only.
    Note,
}

impl InputError {
    pub fn severity(&self) -> Severity {
        match self {
            InputError::Skipped { .. } => Severity::Skipped,
            InputError::Note { .. } => Severity::Note,
            _ => Severity::Failed,
        }
    }
}

/// A problem with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no store at {path}; run `newskg --store {path} ingest FILE` first, or point --store (or NEWSKG_STORE) at an existing store"
    )]
    Missing { path: PathBuf },
    #[error("{path} is not a newskg store (it has no {marker}); choose another --store path")]
    NotAStore { path: PathBuf, marker: &'static str },
    #[error("the store {path} is in use by {holder}; wait for it to finish, or use another --store")]
    Busy { path: PathBuf, holder: String },
    #[error("cannot open the database in {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: oxigraph::store::StorageError,
    },
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    /// The store's corrections file cannot be used.
    #[error("the corrections file of the store: {0}")]
    Corrections(#[from] LexiconError),
    #[error("{path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// A query that cannot run.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The parser's message, shortened, with its line and column.
    #[error("SPARQL syntax error {0}")]
    Syntax(String),
    #[error("this is a SPARQL update; `newskg query` only reads. Use `newskg ingest` to change the store")]
    Update,
    #[error("the query ran longer than {0} s and was stopped; narrow it, or raise --timeout")]
    Timeout(u64),
    #[error(
        "SERVICE {0} is off: queries never reach the network. Run the query on that endpoint \
         with `newskg query --endpoint URL`"
    )]
    Service(String),
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    #[error("cannot write the results: {0}")]
    Write(String),
    #[error("the endpoint {endpoint} answered {status}: {body}")]
    Remote {
        endpoint: String,
        status: u16,
        body: String,
    },
    #[error("cannot reach {endpoint}: {message}")]
    Network { endpoint: String, message: String },
}

/// A server that cannot start or stop cleanly.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {message}")]
    Bind { addr: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{path}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}
