//! The CLI on a store that `newskg serve` holds: `query`, `export`, `viz`, `stats` and
//! `ingest` go through that server instead of stopping with "store in use". The server is
//! found in the store folder's `server.json` (readable by its owner only); a file left by a
//! server that is gone is ignored.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use newskg::serve::info::{self, ServerInfo};

/// The live server holding the store, if any: the process named in `server.json` runs and
/// answers at its address with its own process id.
pub fn find(store: &Path) -> Option<ServerInfo> {
    let found = info::read(store)?;
    if !info::alive(&found) {
        return None;
    }
    let mut response = agent(Duration::from_secs(5))
        .get(format!("{}/health", found.url))
        .call()
        .ok()?;
    let health: serde_json::Value = serde_json::from_reader(response.body_mut().as_reader()).ok()?;
    (health.get("pid")?.as_u64()? == u64::from(found.pid)).then_some(found)
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .build(),
    )
}

/// A long time: exports and ingests of large stores take minutes.
const LONG: Duration = Duration::from_secs(3600);

/// Checks the answer's status: the server's message becomes the error.
fn check(url: &str, response: &mut ureq::http::Response<ureq::Body>) -> Result<()> {
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        let text = response.body_mut().read_to_string().unwrap_or_default();
        bail!("the server at {url} answered {status}: {}", text.trim());
    }
    Ok(())
}

fn copy_body(url: &str, mut response: ureq::http::Response<ureq::Body>, out: &mut dyn Write) -> Result<()> {
    check(url, &mut response)?;
    let mut reader = response.into_body().into_reader();
    std::io::copy(&mut reader, out).with_context(|| format!("reading the answer of {url}"))?;
    Ok(())
}

/// `newskg export` through the server.
pub fn export(
    server: &ServerInfo,
    store: &Path,
    format: &str,
    graph: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let url = format!("{}/store", server.url);
    let mut request = agent(LONG).get(&url).query("format", format);
    if let Some(g) = graph {
        request = request.query("graph", g);
    }
    let response = request
        .call()
        .with_context(|| format!("cannot reach the server at {url}"))?;
    if response.status().as_u16() == 404
        && let Some(g) = graph
    {
        bail!(
            "the store {} has no graph <{g}>; list the graphs with: newskg query 'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} }}'",
            store.display()
        );
    }
    copy_body(&url, response, out)
}

/// `newskg viz` through the server.
pub fn viz(
    server: &ServerInfo,
    construct: Option<&str>,
    show_negated: bool,
    max_nodes: usize,
    out: &mut dyn Write,
) -> Result<()> {
    let url = format!("{}/viz", server.url);
    let request = agent(LONG)
        .post(&url)
        .query("max_nodes", max_nodes.to_string())
        .query("show_negated", show_negated.to_string())
        .header("Content-Type", "application/sparql-query");
    let response = request
        .send(construct.unwrap_or("").as_bytes())
        .with_context(|| format!("cannot reach the server at {url}"))?;
    copy_body(&url, response, out)
}

/// `newskg stats` through the server.
pub fn stats(server: &ServerInfo, out: &mut dyn Write) -> Result<()> {
    let url = format!("{}/stats", server.url);
    let response = agent(LONG)
        .get(&url)
        .call()
        .with_context(|| format!("cannot reach the server at {url}"))?;
    copy_body(&url, response, out)
}

/// Sends article graphs (N-Quads) to the server's `/ingest` with the write token; the merged
/// view is rebuilt when `last`. Returns the server's JSON answer.
pub fn send_graphs(server: &ServerInfo, nquads: &[u8], last: bool) -> Result<serde_json::Value> {
    let url = format!("{}/ingest", server.url);
    let mut response = agent(LONG)
        .post(&url)
        .query("view", if last { "rebuild" } else { "defer" })
        .header("Authorization", format!("Bearer {}", server.token))
        .header("Content-Type", "application/n-quads")
        .send(nquads)
        .with_context(|| format!("cannot reach the server at {url}"))?;
    check(&url, &mut response)?;
    let mut text = String::new();
    response
        .into_body()
        .into_reader()
        .read_to_string(&mut text)
        .with_context(|| format!("reading the answer of {url}"))?;
    serde_json::from_str(&text)
        .with_context(|| format!("the server at {url} answered something that is not JSON"))
}
