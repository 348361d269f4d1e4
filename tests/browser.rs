//! The web app in a real browser: headless Chromium driven by chromedriver over the W3C
//! WebDriver protocol (plain HTTP and JSON), against `newskg serve` on loopback with the seed
//! article and a hostile invented article stored. Loads each page, runs a query, opens an
//! entity from a result, checks the evidence sentence and the highlight offsets, expands a node
//! of the graph view, and proves that an article's markup shows as text and never runs.
//! Screenshots of every page go to `<target>/browser-screenshots/`.
//!
//! Ignored by default (it needs Chromium): `scripts/test` installs Chromium and chromedriver
//! and runs it with `--ignored`, or says loudly why it could not. `NEWSKG_CHROMEDRIVER` and
//! `NEWSKG_CHROMIUM` override the paths of the driver and the browser.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{SEED, newskg};
use serde_json::{Value, json};

/// Generous: only catches hangs.
const PATIENCE: Duration = Duration::from_secs(60);

/// An invented article whose headline, text and names carry markup.
const HOSTILE: &str = "<script>window.pwned = 'headline'</script> Talks on the Veska river\n\n\
VESKA, Nov. 28 (Harbour Wire) - Foreign Minister Ilona Marsh of Keldoria met with \
Prime Minister Teodor Vale <img src=x onerror=\"window.pwned = 'img'\"> in Veska on Friday.\n\n\
\"<b>Nothing</b> is agreed <script>window.pwned = 'quote'</script> yet,\" Marsh said.\n";

/// Kills the process when dropped, so that a failing test leaves nothing running.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port on loopback")
        .port()
}

/// Where screenshots go: `<target>/browser-screenshots`, found from the test binary's path
/// (`<target>/release/deps/browser-…`).
fn screenshot_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(std::env::temp_dir);
    let dir = target.join("browser-screenshots");
    std::fs::create_dir_all(&dir).expect("the screenshot folder");
    dir
}

fn base64_decode(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// A response's body as JSON.
fn json_body(r: &mut ureq::http::Response<ureq::Body>) -> Option<Value> {
    let text = r.body_mut().read_to_string().ok()?;
    serde_json::from_str(&text).ok()
}

/// A WebDriver session.
struct Driver {
    agent: ureq::Agent,
    session: String,
    base: String,
    _driver: Guard,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Driver {
    fn start() -> Driver {
        let driver = std::env::var("NEWSKG_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_string());
        let chromium = std::env::var("NEWSKG_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
        let port = free_port();
        let child = Command::new(&driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {driver}: {e} (scripts/test installs chromium-driver)"));
        let guard = Guard(child);
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(PATIENCE))
            .build();
        let agent = ureq::Agent::new_with_config(config);
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        loop {
            let ready = agent
                .get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| json_body(&mut r))
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(start.elapsed() < PATIENCE, "{driver} did not get ready");
            std::thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1400,1000", "--force-device-scale-factor=1", "--lang=en-GB"],
            },
        }}});
        let mut r = agent
            .post(&format!("{base}/session"))
            .header("Content-Type", "application/json")
            .send(caps.to_string())
            .expect("chromedriver answers");
        let v: Value = json_body(&mut r).expect("JSON");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("Chromium did not start: {v}"))
            .to_string();
        Driver {
            agent,
            session,
            base,
            _driver: guard,
        }
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, b) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(b.unwrap_or_else(|| json!({})).to_string()),
        };
        let mut r = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = r.status().as_u16();
        let v: Value = json_body(&mut r).unwrap_or(Value::Null);
        assert!(status < 300, "{method} {path}: HTTP {status}: {v}");
        v["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn js(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
    }

    /// Waits until `script` returns a truthy value, and returns it.
    fn wait(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(script, json!([]));
            if !(v.is_null() || v == false || v == 0 || v == "") {
                return v;
            }
            if start.elapsed() > PATIENCE {
                let body = self.js("return document.body.innerText.slice(0, 2000)", json!([]));
                panic!("timed out waiting for {what}; the page says:\n{body}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn find(&self, css: &str) -> Value {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        assert!(v[ELEMENT].is_string(), "no element {css}: {v}");
        v
    }

    fn click(&self, element: &Value) {
        let id = element[ELEMENT].as_str().expect("an element");
        self.call("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    /// A real pointer click at viewport coordinates.
    fn click_at(&self, x: i64, y: i64) {
        let actions = json!({ "actions": [{
            "type": "pointer", "id": "mouse", "parameters": { "pointerType": "mouse" },
            "actions": [
                { "type": "pointerMove", "duration": 0, "origin": "viewport", "x": x, "y": y },
                { "type": "pointerDown", "button": 0 },
                { "type": "pause", "duration": 50 },
                { "type": "pointerUp", "button": 0 },
            ],
        }]});
        self.call("POST", "/actions", Some(actions));
    }

    fn screenshot(&self, name: &str) {
        let data = self.call("GET", "/screenshot", None);
        let png = base64_decode(data.as_str().expect("base64 PNG"));
        assert!(png.starts_with(b"\x89PNG"), "{name}: not a PNG");
        let path = screenshot_dir().join(name);
        std::fs::write(&path, png).expect("write the screenshot");
        eprintln!("screenshot: {}", path.display());
    }

    /// The browser's console messages since the last call (Chromium's log extension).
    fn console(&self) -> Vec<String> {
        let url = format!("{}/session/{}/se/log", self.base, self.session);
        let sent = self
            .agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(json!({ "type": "browser" }).to_string());
        let Ok(mut r) = sent else {
            return Vec::new();
        };
        let v: Value = json_body(&mut r).unwrap_or(Value::Null);
        v["value"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|m| m["message"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self
            .agent
            .delete(&format!("{}/session/{}", self.base, self.session))
            .call();
    }
}

/// `newskg serve` on a temporary store holding the seed article and the hostile one.
fn serve(dir: &Path) -> (Guard, String) {
    let hostile = dir.join("veska-talks.txt");
    std::fs::write(&hostile, HOSTILE).expect("write the hostile article");
    let store = dir.join("store");
    let s = store.to_str().unwrap();
    newskg(
        dir,
        &[
            "--store",
            s,
            "ingest",
            "--published",
            "2025-11-30",
            SEED,
            hostile.to_str().unwrap(),
        ],
    )
    .ok();
    let mut child = Command::new(env!("CARGO_BIN_EXE_newskg"))
        .args(["--store", s, "serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("newskg serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("piped"))
        .read_line(&mut line)
        .expect("the server prints its URL");
    let url = line.trim().trim_end_matches('/').to_string();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "unexpected first line: {line:?}"
    );
    (Guard(child), url)
}

fn chars(text: &str, b: u64, e: u64) -> String {
    text.chars().skip(b as usize).take((e - b) as usize).collect()
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// No page may trip the Content-Security-Policy (an inline script or style would), throw,
/// miss a file, or show a stray "null".
fn assert_clean(d: &Driver, page: &str) {
    let bad: Vec<String> = d
        .console()
        .into_iter()
        .filter(|m| {
            m.contains("Content Security Policy")
                || m.contains("Uncaught")
                || m.contains("Failed to load resource")
        })
        .collect();
    assert!(bad.is_empty(), "{page}: the console reports {bad:#?}");
    // Regression: an absent part of a page once showed as the text "null".
    let text = d.js("return document.getElementById('main').innerText", json!([]));
    let stray: Vec<&str> = text
        .as_str()
        .unwrap_or_default()
        .lines()
        .filter(|l| matches!(l.trim(), "null" | "undefined" | "NaN" | "[object Object]"))
        .collect();
    assert!(stray.is_empty(), "{page} shows {stray:?}");
}

#[test]
#[ignore = "needs Chromium and chromedriver; scripts/test runs it"]
fn pages_work_in_chromium() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_server, url) = serve(dir.path());
    let d = Driver::start();
    let seed_text = std::fs::read_to_string(SEED).expect("the seed article");

    // Home: the most named people and the latest articles.
    d.goto(&format!("{url}/"));
    d.wait(
        "the most named people",
        "return document.querySelectorAll('#top-people li').length",
    );
    d.wait(
        "the latest articles",
        "return document.querySelectorAll('#latest-articles li').length >= 2",
    );
    d.screenshot("home.png");
    assert_clean(&d, "home");

    // Query: the example runs, the table links entities, downloads are offered.
    d.goto(&format!("{url}/query"));
    d.wait("the examples", "return document.querySelectorAll('#example option').length > 5 && document.getElementById('sparql').value.length > 0");
    d.click(&d.find("#run"));
    let rows = d.wait(
        "the results",
        "return document.querySelectorAll('table.results tbody tr').length",
    );
    assert!(rows.as_u64().unwrap() >= 5, "people-roles gives {rows} rows");
    let formats = d.js(
        "return [...document.querySelectorAll('#downloads a')].map(a => a.textContent)",
        json!([]),
    );
    assert_eq!(formats, json!(["json", "xml", "csv", "tsv"]));
    let csv_href = d.js(
        "return document.querySelector('#downloads a[download=\"results.csv\"]').href",
        json!([]),
    );
    let mut csv = ureq::get(csv_href.as_str().unwrap())
        .call()
        .expect("the CSV download");
    let csv = csv.body_mut().read_to_string().expect("text");
    assert!(csv.starts_with("person,name"), "the CSV download: {csv}");
    d.screenshot("query.png");
    assert_clean(&d, "query");

    // Open an entity from a result.
    let link = d.find("table.results a[href*='steve-witkoff']");
    d.click(&link);
    d.wait(
        "the entity page",
        "return location.pathname === '/entity' && document.getElementById('entity-label')",
    );
    let label = d.js(
        "return document.getElementById('entity-label').firstChild.textContent",
        json!([]),
    );
    assert_eq!(label.as_str().unwrap().trim(), "Steve Witkoff");
    let sentences = d.wait(
        "the facts with evidence",
        "const s = [...document.querySelectorAll('#facts .sentence')].map(q => q.textContent); return s.length ? s : null",
    );
    for s in sentences.as_array().unwrap() {
        let s = s.as_str().unwrap();
        assert!(
            !s.is_empty() && seed_text.contains(s),
            "evidence not in the article: {s:?}"
        );
    }
    let statuses = d.js(
        "return [...document.querySelectorAll('#facts tr.fact')].map(r => r.dataset.status)",
        json!([]),
    );
    assert!(
        statuses.as_array().unwrap().iter().any(|s| s == "planned"),
        "{statuses}"
    );
    d.screenshot("entity.png");
    assert_clean(&d, "entity");

    // The article, from the entity's evidence link: mentions at their offsets, and the
    // evidence span highlighted.
    let evidence_link = d.find("#facts .ev-meta a.article-link");
    d.click(&evidence_link);
    d.wait(
        "the article's text",
        "return location.pathname === '/article' && document.querySelectorAll('#text mark.ent').length",
    );
    let api_url = d.js("return '/api/article' + location.search", json!([]));
    let mut api = ureq::get(&format!("{url}{}", api_url.as_str().unwrap()))
        .call()
        .expect("the article API");
    let article: Value = json_body(&mut api).expect("JSON");
    let text = article["text"].as_str().expect("the text is stored");
    assert_eq!(text, seed_text, "the stored text is the article's");
    let marks = d.js(
        "return [...document.querySelectorAll('#text mark.ent')].map(m => [+m.dataset.begin, +m.dataset.end, m.querySelector('.ent-text').textContent])",
        json!([]),
    );
    let marks = marks.as_array().unwrap();
    assert!(marks.len() >= 10, "only {} mentions highlighted", marks.len());
    for m in marks {
        let (b, e, shown) = (
            m[0].as_u64().unwrap(),
            m[1].as_u64().unwrap(),
            m[2].as_str().unwrap(),
        );
        assert_eq!(shown, chars(text, b, e), "the mention at {b}-{e}");
    }
    assert!(marks.iter().any(|m| m[2] == "Steve Witkoff"), "{marks:?}");
    let hl = d.js("return new URLSearchParams(location.search).get('hl')", json!([]));
    let (b, e) = hl.as_str().unwrap().split_once('-').expect("b-e");
    let highlighted = d.wait(
        "the evidence highlight",
        "return [...document.querySelectorAll('#text .seg.hl')].map(s => s.textContent).join('')",
    );
    assert_eq!(
        highlighted.as_str().unwrap(),
        chars(text, b.parse().unwrap(), e.parse().unwrap())
    );
    // Choosing a fact in the list highlights its evidence.
    d.click(&d.find("#fact-list li.fact:last-child"));
    let chosen = d.wait(
        "a fact's highlight",
        "const li = document.querySelector('#fact-list li.fact.active'); if (!li) return null; \
         return [+li.dataset.begin, +li.dataset.end, [...document.querySelectorAll('#text .seg.hl')].map(s => s.textContent).join('')]",
    );
    assert_eq!(
        chosen[2].as_str().unwrap(),
        chars(text, chosen[0].as_u64().unwrap(), chosen[1].as_u64().unwrap())
    );
    d.screenshot("article.png");
    assert_clean(&d, "article");

    // The graph view: open a person's neighbourhood, then expand a neighbour by clicking it.
    let witkoff = "https://w3id.org/newskg/id/person/steve-witkoff";
    d.goto(&format!("{url}/graph?iri={}", enc(witkoff)));
    d.wait(
        "the graph",
        "return document.body.dataset.ready === 'true' && window.nkgGraph.nodes().length > 1",
    );
    let negated_shown = d.js(
        "return window.nkgGraph.edges('[status = \"negated\"]').filter(e => e.style('display') === 'element').length",
        json!([]),
    );
    assert_eq!(negated_shown, 0);
    let target = d.js(
        "const cy = window.nkgGraph; const r = cy.container().getBoundingClientRect(); \
         const n = cy.nodes().filter(n => !n.hasClass('expanded')).sort((a, b) => b.degree() - a.degree())[0]; \
         const p = n.renderedPosition(); return [n.id(), Math.round(r.left + p.x), Math.round(r.top + p.y), cy.nodes().length]",
        json!([]),
    );
    let (id, x, y, before) = (
        target[0].as_str().unwrap().to_string(),
        target[1].as_i64().unwrap(),
        target[2].as_i64().unwrap(),
        target[3].as_u64().unwrap(),
    );
    d.screenshot("graph.png");
    d.click_at(x, y);
    d.wait(
        "the clicked node to expand",
        &format!(
            "return window.nkgGraph.getElementById({}).hasClass('expanded')",
            json!(id)
        ),
    );
    let after = d
        .js("return window.nkgGraph.nodes().length", json!([]))
        .as_u64()
        .unwrap();
    assert!(after >= before, "expanding lost nodes: {before} → {after}");
    let panel = d.js(
        "return document.getElementById('selected').textContent",
        json!([]),
    );
    assert!(panel.as_str().unwrap().contains("Expanded"), "{panel}");
    d.screenshot("graph-expanded.png");
    assert_clean(&d, "graph");

    // The hostile article: its markup shows as text and nothing runs.
    let hostile = "https://w3id.org/newskg/article/veska-talks";
    d.goto(&format!("{url}/article?iri={}", enc(hostile)));
    d.wait("the hostile article", "return document.getElementById('text')");
    let checks = d.js(
        "return [typeof window.pwned, document.querySelectorAll('#main script, #main img, #main b').length, \
         document.getElementById('headline').textContent, document.getElementById('text').textContent]",
        json!([]),
    );
    assert_eq!(checks[0], "undefined", "a script from the article ran");
    assert_eq!(checks[1], 0, "the article's markup became elements");
    assert!(
        checks[2].as_str().unwrap().contains("<script>window.pwned"),
        "{}",
        checks[2]
    );
    let shown = checks[3].as_str().unwrap();
    assert!(
        shown.contains("<img src=x onerror=\"window.pwned = 'img'\">"),
        "{shown}"
    );
    assert!(shown.contains("<b>Nothing</b>"), "{shown}");
    d.screenshot("hostile-article.png");
    // Its headline in a query result, and its people on their entity pages.
    let q = "PREFIX schema: <https://schema.org/> SELECT ?article ?headline WHERE { ?article schema:headline ?headline }";
    d.goto(&format!("{url}/query?run=1&query={}", enc(q)));
    d.wait(
        "the headlines",
        "return document.querySelectorAll('table.results tbody tr').length",
    );
    let cells = d.js("return [typeof window.pwned, document.querySelectorAll('#results script').length, document.getElementById('results').textContent]", json!([]));
    assert_eq!(cells[0], "undefined");
    assert_eq!(cells[1], 0);
    assert!(
        cells[2]
            .as_str()
            .unwrap()
            .contains("<script>window.pwned = 'headline'</script>")
    );
    d.screenshot("hostile-query.png");
    d.goto(&format!("{url}/?q=Marsh"));
    d.wait(
        "the search",
        "return document.querySelectorAll('#search-results li a').length",
    );
    d.click(&d.find("#search-results li a"));
    d.wait(
        "Marsh's page",
        "return document.querySelectorAll('#facts .sentence').length",
    );
    let evidence = d.js("return [typeof window.pwned, document.querySelectorAll('#main img, #main script').length, document.getElementById('facts').textContent]", json!([]));
    assert_eq!(evidence[0], "undefined");
    assert_eq!(evidence[1], 0);
    assert!(
        evidence[2].as_str().unwrap().contains("<img src=x"),
        "{}",
        evidence[2]
    );
    d.screenshot("hostile-entity.png");
    assert_clean(&d, "hostile pages");
}
