//! `newskg ingest`: extract facts from articles and store them, one named graph per article.
//!
//! Articles are read in chunks, extracted in parallel (rayon, in input order), and handed to
//! a writer thread (see `writer.rs`) that stores them while the next chunk is extracted.
//! Ctrl-C stops after the current article; what was extracted by then is stored.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newskg::Pipeline;
use newskg::error::{InputError, Severity};
use newskg::input::{self, ReadOptions};
use newskg::store::Store;
use rayon::prelude::*;

use super::article::{Extracted, extract_one};
use super::writer::{Sink, Totals, Writer};
use crate::cli::{IngestArgs, ReadArgs};

/// Articles extracted in parallel before they are written.
const CHUNK: usize = 256;
/// Bytes of pages read ahead for one chunk: bounds memory when pages are large.
const CHUNK_BYTES: usize = 64 << 20;

pub fn read_options(args: &ReadArgs) -> Result<ReadOptions> {
    let published = match &args.published {
        Some(d) => Some(input::parse_date(d).context("--published")?),
        None => None,
    };
    Ok(ReadOptions {
        published,
        stdin_id: args.id.clone(),
    })
}

/// Articles in the inputs, counted cheaply for the progress bar (feed lines are counted).
fn count_articles(sources: &[input::Source]) -> Option<u64> {
    let mut n = 0u64;
    for s in sources {
        n += match s {
            input::Source::File { .. } => 1,
            input::Source::Stdin => 1,
            // Counting the records of an archive means reading it all.
            input::Source::Warc { .. } => return None,
            input::Source::Feed { path } => {
                let bytes = std::fs::read(path).ok()?;
                bytes
                    .split(|&b| b == b'\n')
                    .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
                    .count() as u64
            }
        };
    }
    Some(n)
}

fn progress(total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    // Hidden when standard error is not a terminal.
    let style = ProgressStyle::with_template("{bar:30} {pos}/{len} articles  {per_sec}  ETA {eta}  {msg}")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

pub fn ingest(store_path: &Path, lexicon_files: &[PathBuf], args: IngestArgs) -> Result<ExitCode> {
    // First of all, so that Ctrl-C never kills the process half-way through opening the store.
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl-C while stopping ends the process the usual way.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }
    let started = Instant::now();
    let lex = super::lexicons(lexicon_files)?;
    let opts = read_options(&args.read)?;
    let inputs = input::expand(&args.read.inputs);
    let mut totals = Totals::default();
    for e in &inputs.errors {
        eprintln!("error: {e}");
        totals.failed += 1;
    }
    if inputs.sources.is_empty() {
        anyhow::bail!(
            "nothing to ingest ({} input{} could not be used)",
            totals.failed,
            if totals.failed == 1 { "" } else { "s" }
        );
    }
    if inputs.skipped > 0 {
        eprintln!(
            "skipped {} file(s) that are not .txt, .md, .html, .htm, .warc, .warc.gz or .jsonl",
            inputs.skipped
        );
    }
    // The graphs go to the local store, or straight to a remote Graph Store endpoint.
    let sink = match &args.endpoint {
        Some(url) => Sink::Endpoint(
            newskg::remote::Endpoint::new(url, std::time::Duration::from_secs(120))?,
            url.clone(),
        ),
        None => match super::routed::find(store_path) {
            Some(server) => {
                eprintln!(
                    "the store {} is served at {}: the articles go through the server",
                    store_path.display(),
                    server.url
                );
                Sink::Server(server)
            }
            None => Sink::Store(
                Store::open_writer(store_path, "ingest")
                    .with_context(|| format!("cannot open the store {}", store_path.display()))?,
            ),
        },
    };
    let bar = progress(count_articles(&inputs.sources));
    let pipeline = Pipeline::new(&lex);
    let (send, receive) = sync_channel::<Vec<Result<Extracted, InputError>>>(1);
    let mut skipped = 0usize;
    let written: Result<Totals> = std::thread::scope(|scope| {
        let writer = scope.spawn(|| -> Result<Totals> {
            let mut w = Writer::new(&sink, args.bulk_threshold, args.quiet, &bar);
            for chunk in receive {
                for r in chunk {
                    match r {
                        Err(e) => match e.severity() {
                            Severity::Failed => w.failed(e),
                            Severity::Skipped => {
                                skipped += 1;
                                if !args.quiet {
                                    bar.suspend(|| eprintln!("{e}"));
                                }
                                bar.inc(1);
                            }
                            Severity::Note => bar.suspend(|| eprintln!("{e}")),
                        },
                        Ok(x) => w.add(x)?,
                    }
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                }
                if stop.load(Ordering::SeqCst) {
                    break;
                }
            }
            // What was extracted before a stop is still stored, completely.
            w.flush(true)?;
            Ok(w.totals)
        });
        let mut docs = inputs.sources.iter().flat_map(|s| input::read(s, &opts));
        loop {
            if stop.load(Ordering::SeqCst) {
                break;
            }
            let mut chunk = Vec::with_capacity(CHUNK);
            let mut bytes = 0usize;
            while chunk.len() < CHUNK && bytes < CHUNK_BYTES {
                let Some(raw) = docs.next() else { break };
                bytes += raw.as_ref().map_or(0, |r| r.size());
                chunk.push(raw);
            }
            if chunk.is_empty() {
                break;
            }
            // Pages are parsed here, in parallel, with the extraction.
            let extracted: Vec<Result<Extracted, InputError>> = chunk
                .into_par_iter()
                .map(|d| {
                    d.and_then(|raw| raw.into_document())
                        .and_then(|doc| extract_one(&pipeline, &doc))
                })
                .collect();
            if send.send(extracted).is_err() {
                break; // the writer stopped on an error, reported below
            }
        }
        drop(send);
        writer
            .join()
            .map_err(|_| anyhow::anyhow!("the writer thread panicked"))?
    });
    if let Sink::Store(store) = &sink {
        // The merged view follows the article graphs after every run that stored something,
        // and is what a rebuild from the whole store gives, whatever the order of ingest.
        if written.as_ref().is_ok_and(|w| w.articles > 0) {
            store
                .update_view()
                .with_context(|| format!("cannot rebuild the merged view of {}", store_path.display()))?;
        }
        store
            .flush()
            .with_context(|| format!("cannot flush the store {}", store_path.display()))?;
        // The bulk loader leaves one set of files per batch; every later lookup would search
        // them all. Compacting once makes queries on the new store two to three times faster.
        if written.as_ref().is_ok_and(|w| w.bulk > 0) {
            store
                .optimize()
                .with_context(|| format!("cannot compact the store {}", store_path.display()))?;
        }
    }
    bar.finish_and_clear();
    let w = written?;
    totals.articles = w.articles;
    totals.entities = w.entities;
    totals.relations = w.relations;
    totals.quads = w.quads;
    totals.failed += w.failed;
    let seconds = started.elapsed().as_secs_f64();
    let path = match (w.bulk, w.transactions) {
        (0, 0) => String::new(),
        (0, _) => ", by transactions".to_string(),
        (_, 0) => ", by the bulk loader".to_string(),
        (b, t) => format!(", {b} by the bulk loader and {t} by transactions"),
    };
    let destination = match &sink {
        Sink::Store(_) | Sink::Server(_) => store_path.display().to_string(),
        Sink::Endpoint(_, url) => url.clone(),
    };
    let mut tail = String::new();
    if totals.failed > 0 {
        tail.push_str(&format!("; {} failed", totals.failed));
    }
    if skipped > 0 {
        tail.push_str(&format!("; {skipped} skipped (not English or not an article)"));
    }
    println!(
        "{} article{} stored in {} ({} entities, {} relations, {} quads) in {seconds:.2} s ({:.0} articles/s{path}){tail}",
        totals.articles,
        if totals.articles == 1 { "" } else { "s" },
        destination,
        totals.entities,
        totals.relations,
        totals.quads,
        totals.articles as f64 / seconds.max(1e-9),
    );
    if stop.load(Ordering::SeqCst) {
        eprintln!(
            "interrupted: {} article(s) are stored and complete; run the same command again to finish",
            totals.articles
        );
        return Ok(ExitCode::from(130));
    }
    Ok(if totals.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
