//! From annotations to RDF: the vocabulary, the IRIs minted for articles and entities, and the
//! mapping of an annotated document to quads in the article's own named graph.

pub mod iri;
pub mod mapping;
pub mod vocab;

pub use mapping::to_quads;
