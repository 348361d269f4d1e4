//! Helpers shared by the CLI tests: run the real binary in a temporary folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/articles/us-ukraine-talks-florida.txt"
);
pub const QUERIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/queries");

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "expected success; stderr:\n{}\nstdout:\n{}",
            self.stderr, self.stdout
        );
        self
    }
}

fn to_run(out: Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// `newskg ARGS` in `dir`, with no store in the environment.
pub fn newskg(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_newskg"))
        .args(args)
        .current_dir(dir)
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::null())
        .output()
        .expect("the newskg binary runs");
    to_run(out)
}

/// `newskg ARGS` with `input` on standard input.
pub fn newskg_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_newskg"))
        .args(args)
        .current_dir(dir)
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the newskg binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("write stdin");
    to_run(child.wait_with_output().expect("newskg finishes"))
}

/// A temporary folder with the seed article ingested into `store`.
pub fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    newskg(dir.path(), &["--store", store.to_str().unwrap(), "ingest", SEED]).ok();
    (dir, store)
}

/// Rows of a `--format tsv` result, without the header, split into cells.
pub fn tsv_rows(out: &str) -> Vec<Vec<String>> {
    out.lines()
        .skip(1)
        .map(|l| l.split('\t').map(|c| c.trim_matches('"').to_string()).collect())
        .collect()
}

/// The whole store as sorted N-Quads lines.
pub fn dump(dir: &Path, store: &str) -> Vec<String> {
    let run = newskg(dir, &["--store", store, "export", "--format", "nquads"]);
    run.ok();
    let mut lines: Vec<String> = run.stdout.lines().map(str::to_string).collect();
    lines.sort();
    lines
}
