//! `newskg stats`: articles, entities by type, relations by kind and status, quotations and
//! events, each from one SPARQL query: entities from the merged view (each once), statements,
//! quotations and events from the article graphs.

use std::io::Write;

use oxigraph::model::Term;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

use crate::error::QueryError;
use crate::query::{show, table};

const PREFIXES: &str = "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX nkg: <https://w3id.org/newskg/ns#>
";

fn rows(db: &oxigraph::store::Store, body: &str) -> Result<Vec<Vec<String>>, QueryError> {
    let text = format!("{PREFIXES}{body}");
    let prepared = SparqlEvaluator::new()
        .parse_query(&text)
        .map_err(|e| QueryError::Syntax(e.to_string()))?;
    let mut out = Vec::new();
    if let QueryResults::Solutions(sols) = prepared
        .on_store(db)
        .execute()
        .map_err(|e| QueryError::Evaluation(e.to_string()))?
    {
        let vars = sols.variables().to_vec();
        for s in sols {
            let s = s.map_err(|e| QueryError::Evaluation(e.to_string()))?;
            out.push(
                vars.iter()
                    .map(|v| s.get(v).map(|t: &Term| show(t)).unwrap_or_default())
                    .collect(),
            );
        }
    }
    Ok(out)
}

/// Writes the statistics as small tables.
pub fn write(db: &oxigraph::store::Store, out: &mut dyn Write) -> Result<(), QueryError> {
    let io = |e: std::io::Error| QueryError::Write(e.to_string());
    let count = |body: &str| -> Result<String, QueryError> {
        Ok(rows(db, body)?
            .first()
            .and_then(|r| r.first().cloned())
            .unwrap_or_else(|| "0".into()))
    };
    let articles = count("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?a { ?a a schema:NewsArticle } }")?;
    let quads = db.len().map_err(|e| QueryError::Evaluation(e.to_string()))?;
    writeln!(out, "articles: {articles}\nquads: {quads}\n").map_err(io)?;
    let entities = rows(
        db,
        "SELECT ?type (COUNT(DISTINCT ?e) AS ?entities) WHERE {
           VALUES ?t { schema:Person schema:Organization schema:Country schema:City schema:State schema:Continent schema:Place nkg:Delegation }
           ?e a ?t . FILTER NOT EXISTS { ?e a nkg:Delegation FILTER(?t = schema:Organization) }
           BIND(STRAFTER(STR(?t), \"#\") AS ?ns) BIND(IF(?ns != \"\", ?ns, STRAFTER(STR(?t), \"schema.org/\")) AS ?type)
         } GROUP BY ?type ORDER BY DESC(?entities) ?type",
    )?;
    table(&["type".into(), "entities".into()], &entities, out).map_err(io)?;
    writeln!(out).map_err(io)?;
    let relations = rows(
        db,
        "SELECT ?relation ?status (COUNT(?st) AS ?statements) WHERE {
           GRAPH ?g { ?st a rdf:Statement ; rdf:predicate ?p ; nkg:status ?s . }
           BIND(STRAFTER(STR(?p), \"#\") AS ?relation) BIND(LCASE(STRAFTER(STR(?s), \"#\")) AS ?status)
         } GROUP BY ?relation ?status ORDER BY ?relation ?status",
    )?;
    table(
        &["relation".into(), "status".into(), "statements".into()],
        &relations,
        out,
    )
    .map_err(io)?;
    writeln!(out).map_err(io)?;
    let quotes = count("SELECT (COUNT(?q) AS ?n) WHERE { GRAPH ?g { ?q a schema:Quotation } }")?;
    let meetings = count("SELECT (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a nkg:Meeting } }")?;
    let trips = count("SELECT (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m a nkg:Trip } }")?;
    writeln!(out, "quotations: {quotes}\nmeetings: {meetings}\ntrips: {trips}").map_err(io)?;
    Ok(())
}
