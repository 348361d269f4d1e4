//! What ingest extracts from one article: the library's [`newskg::ingest`], shared with the
//! server's `POST /ingest`, re-exported for the reading side (`ingest.rs`) and the writing
//! side (`writer.rs`) so that neither imports the other.

pub use newskg::ingest::{Extracted, extract_one};
