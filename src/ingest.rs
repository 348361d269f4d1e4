//! What ingest does to one article and to a batch of them, shared by `newskg ingest` (which
//! streams large inputs through a writer thread) and by the server's `POST /ingest` (which
//! stores what one request carries): extraction into an article graph, and storing a batch.

use oxigraph::model::NamedNode;

use crate::error::{InputError, StoreError};
use crate::rdf::iri;
use crate::store::{ArticleQuads, Store};
use crate::view;
use crate::{Document, Pipeline};

/// What one article gave.
pub struct Extracted {
    pub source: String,
    pub entities: usize,
    pub relations: usize,
    pub article: ArticleQuads,
}

/// Annotates one article and turns it into its named graph and index summary.
pub fn extract_one(pipeline: &Pipeline<'_>, doc: &Document) -> Result<Extracted, InputError> {
    let ann = pipeline.annotate(doc);
    let graph = NamedNode::new(iri::article(&doc.id)).map_err(|e| InputError::FeedLine {
        name: doc.meta.source.clone().unwrap_or_default(),
        line: 0,
        message: format!("cannot mint an IRI from the id {:?}: {e}", doc.id),
    })?;
    Ok(Extracted {
        source: doc.meta.source.clone().unwrap_or_default(),
        entities: ann.entities.iter().filter(|e| e.keep).count(),
        relations: ann.relations.len(),
        article: {
            let quads = crate::rdf::to_quads(&ann);
            let summary = Some(view::summary_quad(
                &graph,
                view::summarize(graph.as_str(), &quads),
            ));
            ArticleQuads {
                graph,
                quads,
                summary,
            }
        },
    })
}

/// How a batch went into the store.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// New articles written by the bulk loader, in one atomic commit.
    pub bulk: usize,
    /// Articles written one transaction each (those replacing an earlier version, and the
    /// new ones of a batch smaller than the bulk threshold).
    pub transactions: usize,
}

/// Stores a batch of articles: each article already in the store is replaced in a
/// transaction of its own; the new ones go through the bulk loader in one atomic commit when
/// there are at least `bulk_threshold` of them, else one transaction each. The same id twice
/// in a batch: the later article wins. Either way, every article is whole or absent.
pub fn store_batch(
    store: &Store,
    articles: Vec<ArticleQuads>,
    bulk_threshold: usize,
) -> Result<Stored, StoreError> {
    let mut fresh: Vec<ArticleQuads> = Vec::new();
    let mut stored = Stored::default();
    for a in articles {
        if let Some(i) = fresh.iter().position(|f| f.graph == a.graph) {
            fresh.remove(i);
        }
        if store.contains_graph(a.graph.as_ref())? {
            store.replace_graph(&a)?;
            stored.transactions += 1;
        } else {
            fresh.push(a);
        }
    }
    if fresh.len() >= bulk_threshold.max(1) {
        store.bulk_insert(&fresh)?;
        stored.bulk += fresh.len();
    } else {
        for a in &fresh {
            store.replace_graph(a)?;
        }
        stored.transactions += fresh.len();
    }
    Ok(stored)
}
