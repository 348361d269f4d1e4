//! Helpers for the tests of `newskg serve`: start the real binary on a free loopback port,
//! wait for the URL it prints (no sleeps), and make HTTP requests.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// The binary under test, pinned (hard-linked, or copied) into a folder of the test's own
/// when first used: the target folder may be shared, and a build of another branch there must
/// not swap the program in the middle of the tests.
pub fn bin() -> &'static Path {
    static BIN: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BIN.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let pinned = dir.path().join("newskg");
        let original = Path::new(env!("CARGO_BIN_EXE_newskg"));
        if std::fs::hard_link(original, &pinned).is_err() {
            std::fs::copy(original, &pinned).expect("copy the newskg binary");
        }
        (dir, pinned)
    })
    .1
}
pub const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/articles/us-ukraine-talks-florida.txt"
);
pub const SEED_IRI: &str = "https://w3id.org/newskg/article/us-ukraine-talks-florida";

/// A running `newskg serve`, killed when dropped.
pub struct Served {
    pub child: Child,
    pub url: String,
    pub store: PathBuf,
    pub token: String,
    stderr: Option<std::thread::JoinHandle<String>>,
}

/// Runs `newskg ARGS` and returns (exit code, stdout, stderr).
pub fn newskg(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin())
        .args(args)
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::null())
        .output()
        .expect("the newskg binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A temporary folder with a store holding the seed article.
pub fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = dir.path().join("store");
    let (code, _, err) = newskg(&["--store", store.to_str().unwrap(), "ingest", SEED]);
    assert_eq!(code, 0, "{err}");
    (dir, store)
}

impl Served {
    /// Starts a server on the store with `--bind 127.0.0.1:0` and `extra` arguments.
    pub fn start(store: &Path, extra: &[&str]) -> Served {
        let mut child = Command::new(bin())
            .args([
                "--store",
                store.to_str().unwrap(),
                "serve",
                "--bind",
                "127.0.0.1:0",
            ])
            .args(extra)
            .env_remove("NEWSKG_STORE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the newskg binary runs");
        let mut stderr = child.stderr.take().expect("piped");
        let stderr = std::thread::spawn(move || {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s);
            s
        });
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("read the URL line");
        if line.trim().is_empty() {
            let _ = child.wait();
            panic!("the server did not start: {}", stderr.join().unwrap_or_default());
        }
        let url = line.trim().trim_end_matches('/').to_string();
        let info: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(store.join("server.json")).expect("server.json"))
                .expect("server.json is JSON");
        Served {
            child,
            url,
            store: store.to_path_buf(),
            token: info["token"].as_str().expect("token").to_string(),
            stderr: Some(stderr),
        }
    }

    /// Stops the server with SIGTERM and returns its exit code and standard error.
    pub fn stop(mut self) -> (i32, String) {
        let pid = self.child.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill runs");
        let status = self.child.wait().expect("the server exits");
        let err = self
            .stderr
            .take()
            .map(|h| h.join().unwrap_or_default())
            .unwrap_or_default();
        (status.code().unwrap_or(-1), err)
    }

    /// Kills the server with SIGKILL, as a crash would.
    pub fn crash(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn sparql_url(&self, query: &str) -> String {
        format!("{}/sparql?query={}", self.url, encode(query))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Percent-encodes a form value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An answer: status, headers (lower-case names) and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(600)))
            .http_status_as_error(false)
            .max_redirects(0)
            .build(),
    )
}

fn reply(mut r: ureq::http::Response<ureq::Body>) -> Reply {
    let headers = r
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let status = r.status().as_u16();
    let body = r
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_vec()
        .expect("read the body");
    Reply {
        status,
        headers,
        body,
    }
}

/// A request with a method, headers and a body (empty for GET/HEAD).
pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let a = agent();
    let r = match method {
        "GET" | "HEAD" | "DELETE" => {
            let mut req = match method {
                "GET" => a.get(url),
                "HEAD" => a.head(url),
                _ => a.delete(url),
            };
            for (n, v) in headers {
                req = req.header(*n, *v);
            }
            req.call()
        }
        _ => {
            let mut req = match method {
                "POST" => a.post(url),
                "PUT" => a.put(url),
                _ => a.patch(url),
            };
            for (n, v) in headers {
                req = req.header(*n, *v);
            }
            req.send(body)
        }
    };
    reply(r.unwrap_or_else(|e| panic!("{method} {url}: {e}")))
}

pub fn get(url: &str, accept: &str) -> Reply {
    request("GET", url, &[("Accept", accept)], b"")
}

/// Sends raw bytes as a whole HTTP request and returns the status line's code and the text.
pub fn raw(url: &str, bytes: &[u8]) -> (u16, String) {
    let addr = url.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    s.write_all(bytes).expect("send");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let text = String::from_utf8_lossy(&out).into_owned();
    let code = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (code, text)
}

/// POSTs articles to /ingest with the server's token.
pub fn ingest(served: &Served, content_type: &str, query: &str, body: &[u8]) -> Reply {
    let auth = format!("Bearer {}", served.token);
    request(
        "POST",
        &format!("{}/ingest{query}", served.url),
        &[("Authorization", &auth), ("Content-Type", content_type)],
        body,
    )
}

/// Number of article graphs, through SPARQL.
pub fn article_count(served: &Served) -> usize {
    let r = get(
        &served.sparql_url(
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a <https://schema.org/NewsArticle> } }",
        ),
        "text/tab-separated-values",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    r.text()
        .lines()
        .nth(1)
        .and_then(|l| l.split('^').next())
        .map(|v| v.trim_matches('"').parse().expect("a count"))
        .expect("a row")
}

/// An invented article, with a person, a place and a trip, different for each `n`.
pub fn invented(n: usize) -> String {
    format!(
        "Foreign Minister Alma Vetrova{n} of Norland said on Tuesday that she will travel to Berlin next week \
         to meet Chancellor Olaf Scholz. Vetrova{n} told reporters in Oslo that the talks would cover trade and \
         energy. The ministry confirmed the visit in a statement."
    )
}

/// A JSON Lines feed of `count` invented articles with ids `prefix-N`.
pub fn feed(prefix: &str, count: usize) -> String {
    (0..count)
        .map(|n| {
            serde_json::json!({"id": format!("{prefix}-{n}"), "date": "2025-03-04", "text": invented(n)})
                .to_string()
                + "\n"
        })
        .collect()
}
