//! What ingest extracts from one article, shared by the reading side (`ingest.rs`) and the
//! writing side (`writer.rs`) so that neither imports the other.

use newskg::error::InputError;
use newskg::rdf::iri;
use newskg::store::ArticleQuads;
use newskg::view;
use newskg::{Document, Pipeline};
use oxigraph::model::NamedNode;

/// What one article gave.
pub struct Extracted {
    pub source: String,
    pub entities: usize,
    pub relations: usize,
    pub article: ArticleQuads,
}

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
            let quads = newskg::rdf::to_quads(&ann);
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
