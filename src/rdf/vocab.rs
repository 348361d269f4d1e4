//! IRIs of the vocabularies newskg writes, and the prefixes shown to people.

pub const NKG: &str = "https://w3id.org/newskg/ns#";
pub const SCHEMA: &str = "https://schema.org/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
/// Where newskg mints IRIs for articles and entities.
pub const BASE: &str = "https://w3id.org/newskg/";
/// The named graph holding the ontology.
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/newskg/ontology";
/// The named graph holding one summary per article (`nkg:summary`), what the merged view is
/// built from; written in the same commit as the article.
pub const INDEX_GRAPH: &str = "https://w3id.org/newskg/index";

/// The graph `push` puts the merged view in (locally it is the default graph), so that the
/// queries of `queries/` work on a triplestore whose default graph is the union of its graphs.
pub const VIEW_GRAPH: &str = "https://w3id.org/newskg/view";

/// Prefixes for Turtle and TriG output. Article and delegation IRIs are left whole: as
/// prefixed names their `#` and `/` would need escapes that nobody wants to read.
pub const PREFIXES: &[(&str, &str)] = &[
    ("nkg", NKG),
    ("schema", SCHEMA),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
    ("owl", OWL),
    ("prov", PROV),
    ("nif", NIF),
    ("person", "https://w3id.org/newskg/id/person/"),
    ("org", "https://w3id.org/newskg/id/org/"),
    ("place", "https://w3id.org/newskg/id/place/"),
];

/// Prefixes for tables, in the order they are tried (only names that need no escapes are
/// shortened).
pub const DISPLAY_PREFIXES: &[(&str, &str)] = &[
    ("nkg", NKG),
    ("schema", SCHEMA),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("xsd", XSD),
    ("owl", OWL),
    ("prov", PROV),
    ("nif", NIF),
    ("article", "https://w3id.org/newskg/article/"),
    ("person", "https://w3id.org/newskg/id/person/"),
    ("org", "https://w3id.org/newskg/id/org/"),
    ("place", "https://w3id.org/newskg/id/place/"),
    ("delegation", "https://w3id.org/newskg/id/delegation/"),
];

/// `nkg:leads` for `https://w3id.org/newskg/ns#leads`, or `<iri>` when no prefix fits.
pub fn compact(iri: &str) -> String {
    for (p, ns) in DISPLAY_PREFIXES {
        if let Some(local) = iri.strip_prefix(ns)
            && !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !local.ends_with('.')
        {
            return format!("{p}:{local}");
        }
    }
    format!("<{iri}>")
}

/// The ontology, loaded into its own graph of every store.
pub const ONTOLOGY_TTL: &str = include_str!("../../data/ontology.ttl");
