//! newskg turns news articles about diplomacy and politics into a knowledge graph.
//!
//! text → [`document::Document`] → [`annotate`] stages (layout, tokens, sentences, mentions,
//! roles, coreference, quotes, relations, modality, time, events) → [`rdf`] quads →
//! [`store`] (one graph per article) → [`resolve`] (identity across articles) → [`view`] (the
//! merged default graph) → [`query`] / [`export`] / [`viz`].

pub mod annotate;
pub mod document;
pub mod error;
pub mod lexicon;

pub use annotate::{Annotated, Pipeline};
pub use document::{Document, Metadata, Span};
pub use lexicon::Lexicons;
pub mod entities;
pub mod export;
pub mod ingest;
pub mod input;
pub mod query;
pub mod rdf;
pub mod remote;
pub mod report;
pub mod resolve;
pub mod serve;
pub mod stats;
pub mod store;
pub mod tokenize;
pub mod view;
pub mod viz;
