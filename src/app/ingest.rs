//! `newskg ingest`: extract facts from articles and store them, one named graph per article.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{Context, Result};
use newskg::input::{self, ReadOptions};
use newskg::rdf::iri;
use newskg::store::Store;
use newskg::{Document, Pipeline};
use oxigraph::model::NamedNode;
use rayon::prelude::*;

use crate::cli::{IngestArgs, ReadArgs};

/// Articles extracted in parallel before they are written, in input order.
const CHUNK: usize = 64;

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

/// What one article gave.
struct Extracted {
    id: String,
    source: String,
    entities: usize,
    relations: usize,
    quads: Vec<oxigraph::model::Quad>,
}

fn extract_one(pipeline: &Pipeline<'_>, doc: &Document) -> Extracted {
    let ann = pipeline.annotate(doc);
    Extracted {
        id: doc.id.clone(),
        source: doc.meta.source.clone().unwrap_or_default(),
        entities: ann.entities.iter().filter(|e| e.keep).count(),
        relations: ann.relations.len(),
        quads: newskg::rdf::to_quads(&ann),
    }
}

pub fn ingest(store_path: &Path, lexicon_files: &[PathBuf], args: IngestArgs) -> Result<ExitCode> {
    let started = Instant::now();
    let lex = super::lexicons(lexicon_files)?;
    let opts = read_options(&args.read)?;
    let inputs = input::expand(&args.read.inputs);
    let mut failed = 0usize;
    for e in &inputs.errors {
        eprintln!("error: {e}");
        failed += 1;
    }
    if inputs.sources.is_empty() {
        anyhow::bail!(
            "nothing to ingest ({failed} input{} could not be used)",
            if failed == 1 { "" } else { "s" }
        );
    }
    let store = Store::open_writer(store_path, "ingest")
        .with_context(|| format!("cannot open the store {}", store_path.display()))?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        // A second Ctrl-C while stopping kills the process the usual way.
        let _ = ctrlc::set_handler(move || {
            if stop.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
        });
    }
    let pipeline = Pipeline::new(&lex);
    let (mut articles, mut entities, mut relations, mut quads) = (0usize, 0usize, 0usize, 0usize);
    let mut docs = inputs.sources.iter().flat_map(|s| input::read(s, &opts));
    let mut interrupted = false;
    loop {
        if stop.load(Ordering::SeqCst) {
            interrupted = true;
            break;
        }
        let chunk: Vec<_> = docs.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let results: Vec<Result<Extracted, newskg::error::InputError>> = chunk
            .into_par_iter()
            .map(|d| d.map(|doc| extract_one(&pipeline, &doc)))
            .collect();
        for r in results {
            match r {
                Err(e) => {
                    eprintln!("error: {e}");
                    failed += 1;
                }
                Ok(x) => {
                    if stop.load(Ordering::SeqCst) {
                        interrupted = true;
                        break;
                    }
                    let graph = NamedNode::new(iri::article(&x.id)).context("minting the article IRI")?;
                    store
                        .replace_graph(graph.as_ref(), &x.quads)
                        .with_context(|| format!("cannot store {} in {}", x.source, store_path.display()))?;
                    articles += 1;
                    entities += x.entities;
                    relations += x.relations;
                    quads += x.quads.len();
                    if !args.quiet {
                        println!(
                            "{}: {} entities, {} relations, {} quads -> <{}>",
                            x.source,
                            x.entities,
                            x.relations,
                            x.quads.len(),
                            graph.as_str()
                        );
                    }
                }
            }
        }
        if interrupted {
            break;
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{articles} article{} stored in {} ({entities} entities, {relations} relations, {quads} quads) in {seconds:.2} s{}",
        if articles == 1 { "" } else { "s" },
        store_path.display(),
        if failed > 0 {
            format!("; {failed} failed")
        } else {
            String::new()
        }
    );
    if interrupted {
        eprintln!(
            "interrupted: the {articles} article(s) above are stored; run the same command again to finish"
        );
        return Ok(ExitCode::from(130));
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
