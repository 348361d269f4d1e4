//! The on-disk store: an Oxigraph (RocksDB) database in `DIR/oxigraph`, guarded by a lock file.
//!
//! Oxigraph documents a read-only open while another process writes as undefined behaviour, so
//! newskg never does it: writers hold an exclusive lock on `DIR/newskg.lock`, readers a shared
//! one. A reader that finds a writer (or a writer that finds anyone) waits up to a second, then
//! stops with a message naming the store and the process that holds it. Each article is
//! written in one transaction that replaces its named graph, so an article is either fully in
//! the store or absent, whatever happens to the process.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Quad};

use crate::error::StoreError;
use crate::rdf::vocab::{INDEX_GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_TTL};
use crate::resolve::{Correction, Corrections, ResolveRules, corrections::HEADER};
use crate::view::{self, ViewSummary};

const MARKER: &str = "newskg.lock";
const HOLDER: &str = "writer.txt";
const DB: &str = "oxigraph";
/// The user's corrections to entity resolution, beside the database so that they survive
/// every re-ingest and rebuild.
pub const CORRECTIONS: &str = "corrections.tsv";
/// How long to wait for another process before giving up.
const WAIT: Duration = Duration::from_secs(1);

/// An open store and the lock that makes it safe to use.
pub struct Store {
    pub db: oxigraph::store::Store,
    pub path: PathBuf,
    _lock: File,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Who holds the store, from the note the writer leaves.
/// Who holds the store: the writer's note when that writer is still running, else readers.
fn holder(path: &Path) -> String {
    let note = std::fs::read_to_string(path.join(HOLDER)).unwrap_or_default();
    let alive = note
        .strip_prefix("pid ")
        .and_then(|r| r.split(',').next())
        .is_some_and(|pid| Path::new("/proc").join(pid.trim()).exists());
    if alive {
        format!("another newskg process ({})", note.trim())
    } else {
        "other newskg processes reading it".to_string()
    }
}

fn try_lock(file: &File, exclusive: bool, path: &Path) -> Result<(), StoreError> {
    let start = Instant::now();
    loop {
        let got = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match got {
            Ok(()) => return Ok(()),
            Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < WAIT => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let who = holder(path);
                return Err(StoreError::Busy {
                    path: path.to_path_buf(),
                    holder: who,
                });
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(path)(e)),
        }
    }
}

/// Creates the database beside its final place and renames it into place once it is
/// complete (with the ontology, flushed), so that a process killed while creating a store
/// leaves either no database or a whole one, never one that cannot be opened.
fn create_database(path: &Path) -> Result<(), StoreError> {
    let tmp = path.join(format!("{DB}.creating"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
    }
    {
        let db = oxigraph::store::Store::open(&tmp).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        load_ontology(&db)?;
        db.flush()?;
    }
    std::fs::rename(&tmp, path.join(DB)).map_err(io(path))
}

/// Replaces the ontology graph with the built-in ontology (idempotent).
fn load_ontology(db: &oxigraph::store::Store) -> Result<(), StoreError> {
    let graph = NamedNode::new_unchecked(ONTOLOGY_GRAPH);
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
        .with_default_graph(graph.clone())
        .for_slice(ONTOLOGY_TTL.as_bytes())
        .collect::<Result<_, _>>()
        .expect("the built-in ontology parses (checked by the test suite)");
    let mut tx = db.start_transaction()?;
    tx.remove_named_graph(graph.as_ref())?;
    tx.insert_named_graph(graph.as_ref());
    tx.extend(&quads);
    tx.commit()?;
    Ok(())
}

impl Store {
    /// Opens for reading. The store must exist; nothing is created.
    pub fn open_reader(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let lock_path = path.join(MARKER);
        if !lock_path.exists() {
            return Err(StoreError::NotAStore {
                path: path.to_path_buf(),
                marker: MARKER,
            });
        }
        // The lock first: a writer may be creating the database right now.
        let lock = File::open(&lock_path).map_err(io(&lock_path))?;
        try_lock(&lock, false, path)?;
        if !path.join(DB).exists() {
            // The first ingest was stopped before the database was complete.
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        let db =
            oxigraph::store::Store::open_read_only(path.join(DB)).map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        Ok(Store {
            db,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// Opens for writing, creating the store if needed, and loads the ontology.
    pub fn open_writer(path: &Path, command: &str) -> Result<Store, StoreError> {
        if path.exists()
            && !path.join(MARKER).exists()
            && std::fs::read_dir(path).map_err(io(path))?.next().is_some()
        {
            return Err(StoreError::NotAStore {
                path: path.to_path_buf(),
                marker: MARKER,
            });
        }
        std::fs::create_dir_all(path).map_err(io(path))?;
        let lock_path = path.join(MARKER);
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        try_lock(&lock, true, path)?;
        let note = format!("pid {}, newskg {command}", std::process::id());
        let mut f = File::create(path.join(HOLDER)).map_err(io(path))?;
        f.write_all(note.as_bytes()).map_err(io(path))?;
        if !path.join(DB).exists() {
            create_database(path)?;
        }
        let db = oxigraph::store::Store::open(path.join(DB)).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let store = Store {
            db,
            path: path.to_path_buf(),
            _lock: lock,
        };
        store.load_ontology()?;
        Ok(store)
    }

    /// Replaces the ontology graph with the built-in ontology (idempotent).
    fn load_ontology(&self) -> Result<(), StoreError> {
        load_ontology(&self.db)
    }

    /// Replaces one article's named graph by its quads, and its summary in the index graph,
    /// atomically.
    pub fn replace_graph(&self, article: &ArticleQuads) -> Result<(), StoreError> {
        let graph = article.graph.as_ref();
        let mut tx = self.db.start_transaction()?;
        tx.clear_graph(GraphNameRef::NamedNode(graph))?;
        tx.remove_named_graph(graph)?;
        let index = NamedNode::new_unchecked(INDEX_GRAPH);
        let old: Vec<Quad> = tx
            .quads_for_pattern(
                Some(graph.into()),
                None,
                None,
                Some(GraphNameRef::NamedNode(index.as_ref())),
            )
            .collect::<Result<_, _>>()?;
        // The view follows at the next update: note the summary it was made from, unless an
        // earlier change not yet followed noted it already.
        let pending = view::pending_predicate();
        let noted = old.iter().any(|q| q.predicate == pending);
        for q in old.iter().filter(|q| q.predicate != pending) {
            tx.remove(q);
        }
        if !noted {
            let summary = old.iter().find_map(|q| match &q.object {
                oxigraph::model::Term::Literal(l) if q.predicate.as_str().ends_with("#summary") => {
                    Some(l.value().to_string())
                }
                _ => None,
            });
            tx.insert(&view::pending_quad(&article.graph, summary.as_deref()));
        }
        if !article.quads.is_empty() {
            tx.insert_named_graph(graph);
            tx.extend(&article.quads);
        }
        if let Some(s) = &article.summary {
            tx.insert(s);
        }
        tx.commit()?;
        Ok(())
    }

    pub fn contains_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool, StoreError> {
        Ok(self.db.contains_named_graph(graph)?)
    }

    /// Adds new articles (whose graphs are not in the store) with Oxigraph's bulk loader, in
    /// one atomic commit: all of them are in the store afterwards, or none.
    pub fn bulk_insert(&self, articles: &[ArticleQuads]) -> Result<(), StoreError> {
        // One call: every call to `load_quads` ends a batch, and each batch becomes a set of
        // database files of its own.
        // The loader's default is 2 GB of buffers per thread; a quarter of that keeps a
        // 10,000-article ingest well under 1.5 GB at no cost in speed.
        let mut loader = self
            .db
            .bulk_loader()
            .with_max_memory_size_in_megabytes(BULK_MEMORY_MB);
        loader.load_quads(articles.iter().flat_map(|a| {
            a.quads
                .iter()
                .chain(a.summary.iter())
                .cloned()
                .chain(std::iter::once(view::pending_quad(&a.graph, None)))
        }))?;
        loader.commit()?;
        Ok(())
    }
}

/// Memory the bulk loader may use for its buffers, in megabytes, all threads together.
const BULK_MEMORY_MB: usize = 512;

/// The quads of one article, for its named graph, and its summary for the index graph (see
/// [`crate::view::summarize`]).
#[derive(Debug, Clone)]
pub struct ArticleQuads {
    pub graph: NamedNode,
    pub quads: Vec<Quad>,
    pub summary: Option<Quad>,
}

impl Store {
    /// Writes the database's memory tables to disk files. Readers open the store read-only,
    /// which replays the write-ahead log each time: without this, every query would pay for
    /// re-reading everything written since the last flush.
    pub fn flush(&self) -> Result<(), StoreError> {
        Ok(self.db.flush()?)
    }

    /// Compacts the database files into as few as the layout allows, after bulk loads.
    pub fn optimize(&self) -> Result<(), StoreError> {
        Ok(self.db.optimize()?)
    }
}

impl Store {
    /// The user's corrections (none when the file does not exist).
    pub fn corrections(&self) -> Result<Corrections, StoreError> {
        let path = self.path.join(CORRECTIONS);
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok(Corrections::parse(&path.display().to_string(), &text)?),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Corrections::default()),
            Err(e) => Err(io(&path)(e)),
        }
    }

    /// Appends a correction to the file (created with its header when missing).
    pub fn add_correction(&self, c: &Correction) -> Result<(), StoreError> {
        let path = self.path.join(CORRECTIONS);
        let new = !path.exists();
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io(&path))?;
        if new {
            f.write_all(HEADER.as_bytes()).map_err(io(&path))?;
        }
        f.write_all(Corrections::line(c).as_bytes()).map_err(io(&path))?;
        f.sync_all().map_err(io(&path))
    }

    /// Brings the merged view up to date with the articles written since it was made: only
    /// what they can change when they are few, else a full rebuild (same result either way).
    pub fn update_view(&self) -> Result<view::Updated, StoreError> {
        let corrections = self.corrections()?;
        let done = view::update(&self.db, ResolveRules::builtin(), &corrections)?;
        self.flush()?;
        Ok(done)
    }

    /// Rebuilds the merged view (the default graph) from the article graphs and the
    /// corrections, in one transaction.
    pub fn rebuild_view(&self) -> Result<ViewSummary, StoreError> {
        let corrections = self.corrections()?;
        let summary = view::rebuild(&self.db, ResolveRules::builtin(), &corrections)?;
        // Readers replay what is not flushed at every open.
        self.flush()?;
        Ok(summary)
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // The note is only meaningful while the lock is held.
        if self._lock.try_lock().is_ok() {
            let _ = std::fs::remove_file(self.path.join(HOLDER));
        }
    }
}
