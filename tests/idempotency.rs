//! Ingesting the same inputs twice gives the same store, and re-ingesting a changed article
//! leaves exactly the store that ingesting the new version from scratch would give.

mod common;

use common::{dump, newskg};
use std::path::Path;

const FIRST: &str = "Dutch Prime Minister Aldo Verhoeven will travel to Nairobi on Tuesday to meet \
Kenyan President Marek Lindqvist. Verhoeven said the talks would focus on trade.";
const CHANGED: &str = "Dutch Foreign Minister Sunita Okafor will travel to Nairobi on Tuesday to meet \
Kenyan President Marek Lindqvist. Okafor said the talks would focus on trade.";
const OTHER: &str = "Kenyan President Marek Lindqvist hosted Japanese Prime Minister Kenji Arakawa in \
Nairobi on Monday. The two leaders held talks on port investment.";

fn ingest(dir: &Path, store: &str, files: &[&str]) {
    let mut args = vec!["--store", store, "ingest", "-q"];
    args.extend_from_slice(files);
    newskg(dir, &args).ok();
}

#[test]
fn second_ingest_changes_nothing_and_changed_article_is_replaced_whole() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("first.txt"), FIRST).unwrap();
    std::fs::write(d.join("other.txt"), OTHER).unwrap();

    ingest(d, "store", &["first.txt", "other.txt"]);
    let once = dump(d, "store");
    assert!(
        once.iter().any(|l| l.contains("Verhoeven")),
        "the first article's person is stored"
    );
    ingest(d, "store", &["first.txt", "other.txt"]);
    assert_eq!(
        dump(d, "store"),
        once,
        "a second ingest of the same inputs must change nothing"
    );

    // The article changes: its old person goes, the person the other article supports stays.
    std::fs::write(d.join("first.txt"), CHANGED).unwrap();
    ingest(d, "store", &["first.txt"]);
    let replaced = dump(d, "store");
    assert!(
        !replaced.iter().any(|l| l.contains("Verhoeven")),
        "statements only the old version supported must go"
    );
    assert!(replaced.iter().any(|l| l.contains("Okafor")));
    assert!(replaced.iter().any(|l| l.contains("Lindqvist")));

    // Exactly what a fresh store holding the new version gives.
    ingest(d, "fresh", &["first.txt", "other.txt"]);
    assert_eq!(replaced, dump(d, "fresh"));
}
