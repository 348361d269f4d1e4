//! The JSON of every API call on an in-memory store holding one invented article (invented
//! people and countries), and the errors of bad requests.

use oxigraph::store::Store;
use serde_json::Value;

use super::{decode, handle, param};
use crate::ingest::extract_one;
use crate::resolve::{Corrections, ResolveRules};
use crate::{Document, Lexicons, Metadata, Pipeline};

/// An invented article; its last paragraph carries markup that the pages must show as text.
pub const ARTICLE: &str = "Keldorian minister to visit Vienna for border talks\n\n\
VIENNA, March 3 (Harbour Wire) - Keldorian Foreign Minister Ana Duarte will travel to Vienna \
next week for talks with Austrian officials, her office said on Tuesday.\n\n\
Duarte met with President Tomas Varek of Ostrava in Lisbon on Monday, according to a \
statement. Varek leads the Ostravan delegation at the talks.\n\n\
\"We want an agreement <script>window.pwned=1</script> before the winter,\" Duarte told \
reporters.\n";

const IRI: &str = "https://w3id.org/newskg/article/keldoria";

fn store() -> Store {
    let db = Store::new().expect("an in-memory store");
    let pipeline = Pipeline::new(Lexicons::builtin());
    let meta = Metadata {
        published: chrono::NaiveDate::from_ymd_opt(2026, 3, 3),
        ..Metadata::default()
    };
    let doc = Document::new("keldoria", ARTICLE, meta);
    let a = extract_one(&pipeline, &doc)
        .expect("the article extracts")
        .article;
    db.extend(a.quads.iter().chain(a.summary.iter()).cloned())
        .expect("the quads go in");
    crate::view::rebuild(&db, ResolveRules::builtin(), &Corrections::default()).expect("the view builds");
    db
}

fn get(db: &Store, path: &str, query: &str) -> (u16, Value) {
    let r = handle(db, path, query);
    assert!(
        r.content_type.starts_with("application/json"),
        "{path}: {}",
        r.content_type
    );
    let v = serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{path}?{query}: not JSON: {e}"));
    (r.status, v)
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Characters `b..e` of `text` (offsets count Unicode scalar values).
fn chars(text: &str, b: u64, e: u64) -> String {
    text.chars().skip(b as usize).take((e - b) as usize).collect()
}

fn person(db: &Store, name: &str) -> String {
    let (status, hits) = get(db, "search", &format!("q={}", enc(name)));
    assert_eq!(status, 200);
    hits.as_array()
        .and_then(|h| h.iter().find(|x| x["type"] == "Person"))
        .and_then(|x| x["iri"].as_str())
        .unwrap_or_else(|| panic!("no person named {name}: {hits}"))
        .to_string()
}

#[test]
fn entity_has_names_facts_with_evidence_and_articles() {
    let db = store();
    let duarte = person(&db, "duarte");
    let (status, e) = get(&db, "entity", &format!("iri={}", enc(&duarte)));
    assert_eq!(status, 200, "{e}");
    assert_eq!(e["label"], "Ana Duarte");
    assert_eq!(e["type"], "Person");
    assert_eq!(e["articleCount"], 1);
    let facts = e["facts"].as_array().expect("facts");
    assert!(!facts.is_empty(), "{e}");
    for f in facts {
        let ev = &f["evidence"][0];
        assert_eq!(ev["article"], IRI, "{f}");
        let sentence = ev["sentence"].as_str().expect("a sentence");
        let (b, end) = (ev["begin"].as_u64().unwrap(), ev["end"].as_u64().unwrap());
        assert!(sentence.contains(&chars(ARTICLE, b, end)), "{f}");
        assert!(f["other"]["label"].is_string(), "{f}");
    }
    assert_eq!(e["articles"][0]["iri"], IRI);
    assert_eq!(e["articlesTotal"], 1);
}

#[test]
fn article_has_text_mentions_at_their_offsets_and_facts() {
    let db = store();
    let (status, a) = get(&db, "article", &format!("iri={}", enc(IRI)));
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["text"], ARTICLE);
    assert_eq!(a["date"], "2026-03-03");
    let mentions = a["mentions"].as_array().expect("mentions");
    let texts: Vec<String> = mentions
        .iter()
        .map(|m| chars(ARTICLE, m["begin"].as_u64().unwrap(), m["end"].as_u64().unwrap()))
        .collect();
    assert!(texts.iter().any(|t| t == "Ana Duarte"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "Duarte"), "{texts:?}");
    for (m, t) in mentions.iter().zip(&texts) {
        assert!(!t.trim().is_empty(), "{m}");
        assert!(m["main"].as_str().is_some_and(|s| s.contains("/id/")), "{m}");
    }
    let facts = a["facts"].as_array().expect("facts");
    assert!(!facts.is_empty());
    for f in facts {
        let t = chars(ARTICLE, f["begin"].as_u64().unwrap(), f["end"].as_u64().unwrap());
        assert!(f["sentence"].as_str().unwrap().contains(&t), "{f}");
        assert!(
            f["subject"]["label"].is_string() && f["object"]["label"].is_string(),
            "{f}"
        );
    }
}

#[test]
fn neighbours_filter_by_relation_and_status() {
    let db = store();
    let duarte = person(&db, "Ana Duarte");
    let (status, all) = get(&db, "neighbours", &format!("iri={}", enc(&duarte)));
    assert_eq!(status, 200, "{all}");
    assert_eq!(all["center"], duarte.as_str());
    assert_eq!(all["nodes"][0]["iri"], duarte.as_str());
    let edges = all["edges"].as_array().expect("edges");
    assert!(!edges.is_empty(), "{all}");
    for e in edges {
        assert!(
            e["source"] == duarte.as_str() || e["target"] == duarte.as_str(),
            "{e}"
        );
        assert_ne!(e["status"], "negated");
    }
    let (_, met) = get(
        &db,
        "neighbours",
        &format!("iri={}&relation=metWith", enc(&duarte)),
    );
    assert!(
        met["edges"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["relation"] == "metWith"),
        "{met}"
    );
    let (_, none) = get(
        &db,
        "neighbours",
        &format!("iri={}&from=2030-01-01", enc(&duarte)),
    );
    assert_eq!(none["edges"].as_array().unwrap().len(), 0, "{none}");
}

#[test]
fn lists_search_top_articles_and_queries() {
    let db = store();
    let (_, top) = get(&db, "top", "type=Person&limit=5");
    let top = top.as_array().expect("a list");
    assert!(!top.is_empty() && top.len() <= 5);
    assert!(top.iter().all(|t| t["type"] == "Person"), "{top:?}");
    let (_, arts) = get(&db, "articles", "");
    assert_eq!(arts["total"], 1);
    assert_eq!(arts["articles"][0]["iri"], IRI);
    let (_, q) = get(&db, "queries", "");
    assert_eq!(q.as_array().unwrap().len(), super::QUERIES.len());
    for q in ["q=", "q=a", "q=%20%20"] {
        let (_, none) = get(&db, "search", q);
        assert_eq!(none, serde_json::json!([]), "{q}");
    }
    let (_, hits) = get(&db, "search", "q=VAREK");
    assert_eq!(hits[0]["label"], "Tomas Varek", "{hits}");
}

#[test]
fn the_queries_list_is_every_file_of_queries() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .expect("queries/")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".rq").map(str::to_string))
        .collect();
    files.sort();
    let mut embedded: Vec<String> = super::QUERIES.iter().map(|(n, _)| n.to_string()).collect();
    embedded.sort();
    assert_eq!(files, embedded);
}

#[test]
fn bad_requests_get_clear_errors() {
    let db = store();
    let table: [(&str, &str, u16); 7] = [
        ("entity", "", 400),
        ("entity", "iri=not%20an%20iri", 400),
        (
            "entity",
            "iri=https%3A%2F%2Fw3id.org%2Fnewskg%2Fid%2Fperson%2Fnobody",
            404,
        ),
        (
            "article",
            "iri=https%3A%2F%2Fw3id.org%2Fnewskg%2Farticle%2Fnone",
            404,
        ),
        ("neighbours", "iri=https%3A%2F%2Fexample.org%2Fx", 404),
        ("nothing", "", 404),
        ("top", "limit=abc", 200),
    ];
    for (path, query, want) in table {
        let (status, body) = get(&db, path, query);
        assert_eq!(status, want, "{path}?{query}: {body}");
        if want != 200 {
            assert!(body["error"].is_string(), "{path}?{query}: {body}");
        }
    }
}

#[test]
fn query_strings_decode() {
    let table = [
        ("a+b", "a b"),
        ("%3Cscript%3E", "<script>"),
        ("caf%C3%A9", "café"),
        ("100%", "100%"),
        ("%zz", "%zz"),
        ("%FF", "\u{FFFD}"),
    ];
    for (raw, want) in table {
        assert_eq!(decode(raw), want, "{raw}");
    }
    assert_eq!(param("a=1&iri=x%2Fy&iri=z", "iri").as_deref(), Some("x/y"));
    assert_eq!(param("flag&b=2", "flag").as_deref(), Some(""));
    assert_eq!(param("b=2", "a"), None);
}

/// A store written before the article graphs kept their text: the article still answers,
/// with its facts and sentences, no text and no mentions (the page says to ingest it again).
#[test]
fn article_stored_without_its_text_still_answers() {
    let db = store();
    let body = oxigraph::model::NamedNode::new_unchecked(format!("{}articleBody", crate::rdf::vocab::SCHEMA));
    let spans = oxigraph::model::NamedNode::new_unchecked(format!("{}mentionSpans", crate::rdf::vocab::NKG));
    let old: Vec<oxigraph::model::Quad> = db
        .quads_for_pattern(None, None, None, None)
        .filter_map(Result::ok)
        .filter(|q| q.predicate == body || q.predicate == spans)
        .collect();
    assert!(!old.is_empty());
    for q in &old {
        db.remove(q).expect("remove");
    }
    let (status, a) = get(&db, "article", &format!("iri={}", enc(IRI)));
    assert_eq!(status, 200, "{a}");
    assert!(a["text"].is_null(), "{a}");
    assert_eq!(a["mentions"], serde_json::json!([]));
    assert!(!a["facts"].as_array().unwrap().is_empty());
}
