//! `GET /api/article?iri=`: one article as its graph holds it: headline, date, metadata, the
//! text (`schema:articleBody`), every mention of an entity with its character offsets
//! (`nkg:mentionSpans`), and every statement with status, confidence, rule, offsets and
//! sentence. The offsets count Unicode scalar values, like the graph's.

use std::collections::BTreeMap;

use oxigraph::model::{NamedNode, NamedNodeRef, Term};
use oxigraph::store::{StorageError, Store};
use serde_json::{Value, json};

use super::entity::status_rank;
use super::read::{In, about, iri, kind, local_lower, resolve, short, subjects, value};
use crate::rdf::vocab::{NIF, NKG, RDF, RDFS, SCHEMA};

/// Parses `nkg:mentionSpans` ("12-25 40-47"); malformed pairs are skipped.
pub fn parse_spans(s: &str) -> Vec<(u64, u64)> {
    s.split_whitespace()
        .filter_map(|pair| {
            let (b, e) = pair.split_once('-')?;
            let (b, e) = (b.parse().ok()?, e.parse().ok()?);
            (b < e).then_some((b, e))
        })
        .collect()
}

struct EntityInfo {
    label: String,
    kind: &'static str,
    main: NamedNode,
    spans: Vec<(u64, u64)>,
}

/// The page's JSON, or `None` when the store has no such article graph.
pub fn article(store: &Store, a: NamedNodeRef<'_>) -> Result<Option<Value>, StorageError> {
    let g = In::Graph(a);
    let quads = about(store, a, g)?;
    if quads.is_empty() {
        return Ok(None);
    }
    let mut out = json!({ "iri": a.as_str(), "text": null, "authors": [] });
    let mut mentioned = Vec::new();
    for q in &quads {
        let p = q.predicate.as_str();
        let v = value(&q.object);
        let key = match p {
            _ if p == format!("{SCHEMA}headline") => "headline",
            _ if p == format!("{SCHEMA}datePublished") => "date",
            _ if p == format!("{SCHEMA}articleBody") => "text",
            _ if p == format!("{SCHEMA}url") => "url",
            _ if p == format!("{SCHEMA}publisher") => "publisher",
            _ if p == format!("{NKG}sourceFile") => "source",
            _ if p == format!("{NKG}characterCount") => "characterCount",
            _ if p == format!("{SCHEMA}author") => {
                if let Some(list) = out["authors"].as_array_mut() {
                    list.push(json!(v));
                }
                continue;
            }
            _ if p == format!("{SCHEMA}mentions") => {
                if let Term::NamedNode(n) = &q.object {
                    mentioned.push(n.clone());
                }
                continue;
            }
            _ => continue,
        };
        out[key] = if key == "characterCount" {
            json!(v.parse::<u64>().unwrap_or(0))
        } else {
            json!(v)
        };
    }
    // Entities as this article names them, and where.
    let mut entities: BTreeMap<NamedNode, EntityInfo> = BTreeMap::new();
    for e in mentioned {
        let mut label = None;
        let mut types = Vec::new();
        let mut spans = Vec::new();
        for q in about(store, e.as_ref(), g)? {
            let p = q.predicate.as_str();
            if p == format!("{RDFS}label") {
                label = Some(value(&q.object));
            } else if p == format!("{RDF}type") {
                types.push(value(&q.object));
            } else if p == format!("{NKG}mentionSpans") {
                spans = parse_spans(&value(&q.object));
            }
        }
        let info = EntityInfo {
            label: label.unwrap_or_else(|| short(e.as_str())),
            kind: kind(types.iter().map(String::as_str)),
            main: resolve(store, e.as_ref())?,
            spans,
        };
        entities.insert(e, info);
    }
    let mut mentions = Vec::new();
    for (e, info) in &entities {
        for &(b, end) in &info.spans {
            mentions.push(json!({
                "begin": b, "end": end, "entity": e.as_str(), "main": info.main.as_str(),
                "label": info.label, "type": info.kind,
            }));
        }
    }
    mentions.sort_by_key(|m| (m["begin"].as_u64(), std::cmp::Reverse(m["end"].as_u64())));
    let node = |n: &NamedNode| match entities.get(n) {
        Some(i) => json!({ "iri": n.as_str(), "main": i.main.as_str(), "label": i.label, "type": i.kind }),
        None => json!({ "iri": n.as_str(), "main": n.as_str(), "label": short(n.as_str()), "type": "Thing" }),
    };
    let mut facts = Vec::new();
    let statement = Term::NamedNode(iri(RDF, "Statement"));
    for (st, _) in subjects(store, &iri(RDF, "type"), &statement, g)? {
        let mut f = json!({ "statement": st.as_str() });
        for q in about(store, st.as_ref(), g)? {
            let p = q.predicate.as_str();
            let v = value(&q.object);
            let (key, val) = match p {
                _ if p == format!("{RDF}subject") => ("subject", node(&NamedNode::new_unchecked(v))),
                _ if p == format!("{RDF}object") => ("object", node(&NamedNode::new_unchecked(v))),
                _ if p == format!("{RDF}predicate") => ("relation", json!(short(&v))),
                _ if p == format!("{NKG}status") => ("status", json!(local_lower(&v))),
                _ if p == format!("{NKG}confidence") => {
                    ("confidence", json!(v.parse::<f64>().unwrap_or(0.0)))
                }
                _ if p == format!("{NKG}rule") => ("rule", json!(v)),
                _ if p == format!("{NKG}evidenceText") => ("sentence", json!(v)),
                _ if p == format!("{NKG}date") => ("date", json!(v)),
                _ if p == format!("{NKG}timeText") => ("timeText", json!(v)),
                _ if p == format!("{NIF}beginIndex") => ("begin", json!(v.parse::<u64>().unwrap_or(0))),
                _ if p == format!("{NIF}endIndex") => ("end", json!(v.parse::<u64>().unwrap_or(0))),
                _ => continue,
            };
            f[key] = val;
        }
        facts.push(f);
    }
    facts.sort_by_key(|f| {
        (
            f["begin"].as_u64(),
            status_rank(f["status"].as_str().unwrap_or("")),
            f["statement"].as_str().map(str::to_string),
        )
    });
    out["mentions"] = json!(mentions);
    out["facts"] = json!(facts);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::parse_spans;

    #[test]
    fn spans_parse_and_skip_what_is_malformed() {
        let table: [(&str, Vec<(u64, u64)>); 5] = [
            ("12-25 40-47", vec![(12, 25), (40, 47)]),
            ("", vec![]),
            ("3-3 5-4", vec![]),
            ("x-2 1-y 7-9", vec![(7, 9)]),
            ("  0-1  ", vec![(0, 1)]),
        ];
        for (input, want) in table {
            assert_eq!(parse_spans(input), want, "{input:?}");
        }
    }
}
