//! Writing the store (or one graph of it) in the RDF formats Oxigraph serialises. Formats with
//! named graphs (N-Quads, TriG, JSON-LD) keep one graph per article; the others merge the
//! graphs into one, without duplicate triples. Turtle, TriG and N3 get readable prefixes.

use std::collections::HashSet;
use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, Triple};

use crate::error::StoreError;
use crate::rdf::vocab::{INDEX_GRAPH, PREFIXES};

fn serializer(format: RdfFormat) -> RdfSerializer {
    let mut ser = RdfSerializer::from_format(format);
    for (p, ns) in PREFIXES {
        ser = ser.with_prefix(*p, *ns).expect("built-in prefixes are valid");
    }
    ser
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Io {
        path: "output".into(),
        source: e,
    }
}

/// Writes the quads of `graph` (or of every graph) and returns how many statements were written.
pub fn export(
    db: &oxigraph::store::Store,
    format: RdfFormat,
    graph: Option<&NamedNode>,
    out: &mut dyn Write,
) -> Result<usize, StoreError> {
    let quads: Box<dyn Iterator<Item = Result<Quad, oxigraph::store::StorageError>>> = match graph {
        Some(g) => {
            Box::new(db.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref()))))
        }
        // The index graph is the merged view's input, not data: left out.
        None => Box::new(db.iter().filter(|q| {
            !matches!(q, Ok(q) if matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str() == INDEX_GRAPH))
        })),
    };
    write_quads(quads, format, out)
}

/// Writes the default graph (the merged view) alone, as triples.
pub fn export_default(
    db: &oxigraph::store::Store,
    format: RdfFormat,
    out: &mut dyn Write,
) -> Result<usize, StoreError> {
    let quads = db.quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph));
    write_quads(Box::new(quads), format, out)
}

fn write_quads(
    quads: Box<dyn Iterator<Item = Result<Quad, oxigraph::store::StorageError>> + '_>,
    format: RdfFormat,
    out: &mut dyn Write,
) -> Result<usize, StoreError> {
    let mut count = 0;
    if format.supports_datasets() {
        let mut w = serializer(format).for_writer(out);
        for q in quads {
            w.serialize_quad(&q?).map_err(io)?;
            count += 1;
        }
        w.finish().map_err(io)?;
    } else {
        // Merged without duplicates, and sorted so that each subject's statements stay
        // together (Turtle then writes each subject once, with "a" first).
        let mut seen: HashSet<Triple> = HashSet::new();
        for q in quads {
            seen.insert(q?.into());
        }
        let mut triples: Vec<Triple> = seen.into_iter().collect();
        let rdf_type = oxigraph::model::vocab::rdf::TYPE;
        triples.sort_by(|a, b| {
            (
                a.subject.to_string(),
                a.predicate != rdf_type,
                a.predicate.as_str(),
                a.object.to_string(),
            )
                .cmp(&(
                    b.subject.to_string(),
                    b.predicate != rdf_type,
                    b.predicate.as_str(),
                    b.object.to_string(),
                ))
        });
        let mut w = serializer(format).for_writer(out);
        for t in &triples {
            w.serialize_triple(t).map_err(io)?;
            count += 1;
        }
        w.finish().map_err(io)?;
    }
    Ok(count)
}
