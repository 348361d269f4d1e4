//! `newskg serve`: the store over HTTP, for people (the web app) and programs (SPARQL).
//!
//! Routes: `/sparql` (SPARQL 1.1 Protocol, read-only), `/store` (Graph Store Protocol reads),
//! `/ingest` (POST articles, bearer token), `/api/...` (JSON for the pages, see [`api`]),
//! `/stats` and `/viz` (what `newskg stats` and `viz` print, for the CLI on a served store),
//! `/health`, and the web app's files ([`assets`]). Every answer carries security headers:
//! no sniffing, a Content-Security-Policy that allows only the server's own scripts and
//! styles, no framing, no referrer.
//!
//! The server holds the store as its only writer. Requests are taken by a fixed pool of
//! worker threads; writes take turns on one lock, while queries run on snapshots of the
//! store, so a long ingest never blocks a reader. When bound to loopback, requests must name
//! a loopback host (a web page elsewhere cannot reach the server through DNS rebinding).

pub mod api;
pub mod assets;
mod conneg;
mod gsp;
mod http;
pub mod info;
mod ingest;
mod sparql;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use sha2::{Digest, Sha256};
use tiny_http::{Header, Method, Request, Response, StatusCode};

use crate::Lexicons;
use crate::error::{ServeError, StoreError};
use crate::store::Store;
use http::{Answer, header, parse_form, read_body, values};

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: SocketAddr,
    /// Queries are stopped after this long (503).
    pub timeout: Duration,
    /// Request bodies longer than this are refused (413).
    pub max_body: usize,
    /// Worker threads, each taking one request at a time.
    pub workers: usize,
    /// Ingest requests with at least this many new articles use the bulk loader.
    pub bulk_threshold: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: SocketAddr::from(([127, 0, 0, 1], 7878)),
            timeout: Duration::from_secs(30),
            max_body: 32 << 20,
            workers: 32,
            bulk_threshold: 100,
        }
    }
}

/// What writers share.
#[derive(Debug, Default)]
struct WriteState {
    /// Articles were stored without rebuilding the merged view (`?view=defer`, or a failure).
    dirty: bool,
    /// The bulk loader wrote since the last compaction.
    bulk_loaded: bool,
}

/// What every request handler sees.
pub struct State {
    store: Store,
    token: String,
    lexicons: &'static Lexicons,
    config: Config,
    /// The loopback port when bound to loopback: requests must then name a loopback host.
    loopback_port: Option<u16>,
    write: Mutex<WriteState>,
}

/// A running server.
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<State>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

impl Server {
    /// Listens on `config.bind` (port 0: a free port, see [`Server::url`]) and starts the
    /// workers. The store must be open for writing.
    ///
    /// `on_fatal` is called (once) if the server stops accepting connections (the listening
    /// socket failed, for example when the process has no file descriptors left): the caller
    /// should then shut the server down.
    pub fn start(
        store: Store,
        lexicons: &'static Lexicons,
        config: Config,
        on_fatal: impl Fn(String) + Send + Sync + 'static,
    ) -> Result<Server, ServeError> {
        let http = tiny_http::Server::http(config.bind).map_err(|e| ServeError::Bind {
            addr: config.bind.to_string(),
            message: e.to_string(),
        })?;
        let addr = http.server_addr().to_ip().unwrap_or(config.bind);
        let state = Arc::new(State {
            store,
            token: info::new_token()?,
            lexicons,
            loopback_port: addr.ip().is_loopback().then_some(addr.port()),
            config,
            write: Mutex::new(WriteState::default()),
        });
        let http = Arc::new(http);
        let stop = Arc::new(AtomicBool::new(false));
        let on_fatal: Arc<dyn Fn(String) + Send + Sync> = Arc::new(on_fatal);
        watch_listener(addr, Arc::clone(&stop), Arc::clone(&on_fatal))?;
        let workers = (0..state.config.workers.max(1))
            .map(|i| {
                let (http, state, stop) = (Arc::clone(&http), Arc::clone(&state), Arc::clone(&stop));
                let on_fatal = Arc::clone(&on_fatal);
                std::thread::Builder::new()
                    .name(format!("http worker {i}"))
                    .spawn(move || work(&http, &state, &stop, &*on_fatal))
                    .map_err(|source| ServeError::Io {
                        path: "worker thread".into(),
                        source,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Server {
            addr,
            state,
            stop,
            workers,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn token(&self) -> &str {
        &self.state.token
    }

    pub fn store(&self) -> &Store {
        &self.state.store
    }

    /// Stops taking requests, lets the running ones finish, then brings the merged view up
    /// to date if an ingest left it behind, compacts after bulk loads, and flushes.
    pub fn shutdown(self) -> Result<(), StoreError> {
        self.stop.store(true, Ordering::SeqCst);
        for w in self.workers {
            let _ = w.join();
        }
        let mut write = self.state.write.lock().unwrap_or_else(|p| p.into_inner());
        if write.dirty {
            self.state.store.update_view()?;
            write.dirty = false;
        }
        self.state.store.flush()?;
        if write.bulk_loaded {
            self.state.store.optimize()?;
        }
        Ok(())
    }
}

/// tiny_http's listening thread ends for good on some errors (out of file descriptors, for
/// one), sometimes without telling the workers: once a second, a connection to our own
/// address that is refused means the server no longer listens, and `on_fatal` is called.
fn watch_listener(
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    on_fatal: Arc<dyn Fn(String) + Send + Sync>,
) -> Result<(), ServeError> {
    let mut probe = addr;
    if probe.ip().is_unspecified() {
        probe.set_ip(if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    std::thread::Builder::new()
        .name("listener watch".into())
        .spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_secs(1));
                if let Err(e) = std::net::TcpStream::connect_timeout(&probe, Duration::from_secs(5))
                    && e.kind() == std::io::ErrorKind::ConnectionRefused
                    && !stop.load(Ordering::SeqCst)
                {
                    on_fatal(format!("the server stopped accepting connections: {e}"));
                    return;
                }
            }
        })
        .map(|_| ())
        .map_err(|source| ServeError::Io {
            path: "listener watch thread".into(),
            source,
        })
}

/// Takes requests until stopped. An error from the queue means that the listening thread
/// has stopped for good (tiny_http ends it on an accept error): reported, not retried.
fn work(
    http: &tiny_http::Server,
    state: &Arc<State>,
    stop: &AtomicBool,
    on_fatal: &(dyn Fn(String) + Send + Sync),
) {
    while !stop.load(Ordering::SeqCst) {
        match http.recv_timeout(Duration::from_millis(200)) {
            Ok(Some(req)) => respond(state, req),
            Ok(None) => {}
            Err(e) => {
                on_fatal(format!("the server stopped accepting connections: {e}"));
                return;
            }
        }
    }
}

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

fn respond(state: &Arc<State>, mut req: Request) {
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        route(state, &mut req, path, query)
    }))
    .unwrap_or_else(|_| Answer::text(500, "internal error (reported on the server's standard error)"));
    let mut headers = vec![
        ("Content-Type", answer.content_type.clone()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Content-Security-Policy", CSP.to_string()),
        ("X-Frame-Options", "DENY".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
        ("Cross-Origin-Resource-Policy", "same-origin".to_string()),
    ];
    if !answer.headers.iter().any(|(n, _)| *n == "Cache-Control") {
        headers.push(("Cache-Control", "no-store".to_string()));
    }
    headers.extend(answer.headers);
    let headers: Vec<Header> = headers
        .into_iter()
        .filter_map(|(name, value)| Header::from_bytes(name.as_bytes(), value.as_bytes()).ok())
        .collect();
    // The client may have gone: nothing to do about it.
    let _ = match answer.stream {
        Some(stream) => req.respond(Response::new(
            StatusCode(answer.status),
            headers,
            stream,
            None,
            None,
        )),
        None => {
            let length = answer.body.len();
            req.respond(Response::new(
                StatusCode(answer.status),
                headers,
                std::io::Cursor::new(answer.body),
                Some(length),
                None,
            ))
        }
    };
}

/// Whether the Host header names this loopback server (any loopback name, this port).
fn host_allowed(host: Option<&str>, port: u16) -> bool {
    let Some(host) = host else { return false };
    let (name, p) = match host.rsplit_once(':') {
        Some((n, p)) if !p.contains(']') => (n, p.parse::<u16>().ok()),
        _ => (host, Some(80)),
    };
    p == Some(port)
        && matches!(
            name.to_ascii_lowercase().as_str(),
            "127.0.0.1" | "localhost" | "[::1]"
        )
}

fn route(state: &Arc<State>, req: &mut Request, path: &str, query: &str) -> Answer {
    if let Some(port) = state.loopback_port
        && !host_allowed(header(req, "Host"), port)
    {
        return Answer::text(
            421,
            "this server answers requests for its loopback address only (Host header)",
        );
    }
    let read_only = matches!(req.method(), Method::Get | Method::Head);
    match path {
        "/sparql" => sparql::handle(state, req, query),
        "/store" => gsp::handle(state, req, query),
        "/ingest" => ingest::handle(state, req, query),
        "/health" => Answer::json(
            200,
            &serde_json::json!({"pid": std::process::id(), "version": env!("CARGO_PKG_VERSION")}),
        ),
        "/stats" if read_only => {
            let mut out = Vec::new();
            match crate::stats::write(&state.store.db, &mut out) {
                Ok(()) => Answer::new(200, "text/plain; charset=utf-8", out),
                Err(e) => Answer::text(500, e),
            }
        }
        "/viz" => viz(state, req, query),
        _ if path.starts_with("/api/") => {
            if !read_only {
                return Answer::method_not_allowed("GET, HEAD", "the API only reads");
            }
            let reply = api::handle(&state.store.db, &path["/api/".len()..], query);
            Answer::new(reply.status, reply.content_type, reply.body)
        }
        _ if read_only => match assets::get(path) {
            Some((content_type, bytes)) => asset(req, path, content_type, bytes),
            None => Answer::text(404, format!("no page at {path}")),
        },
        _ => Answer::method_not_allowed("GET, HEAD", "pages are read with GET"),
    }
}

/// An embedded file, with an ETag so that browsers revalidate cheaply (`no-cache`): the
/// files change only with the binary.
fn asset(req: &Request, path: &str, content_type: &'static str, bytes: &'static [u8]) -> Answer {
    static TAGS: OnceLock<Mutex<HashMap<String, String>>> = OnceLock::new();
    let tag = {
        let mut tags = TAGS
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        tags.entry(path.to_string())
            .or_insert_with(|| {
                let digest = Sha256::digest(bytes);
                format!(
                    "\"{}\"",
                    digest
                        .iter()
                        .take(12)
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>()
                )
            })
            .clone()
    };
    let answer = if header(req, "If-None-Match").is_some_and(|t| t.split(',').any(|t| t.trim() == tag)) {
        Answer::new(304, content_type, Vec::new())
    } else {
        Answer::new(200, content_type, bytes.to_vec())
    };
    answer
        .with_header("ETag", tag)
        .with_header("Cache-Control", "no-cache")
}

/// `/viz`: the DOT drawing `newskg viz` prints; a CONSTRUCT query may come as the POST body.
fn viz(state: &Arc<State>, req: &mut Request, query: &str) -> Answer {
    let form = match parse_form(query) {
        Ok(f) => f,
        Err(e) => return Answer::text(400, format!("the URL's query string: {e}")),
    };
    let construct = match req.method() {
        Method::Get | Method::Head => None,
        Method::Post => match read_body(req, state.config.max_body) {
            Ok(b) if b.is_empty() => None,
            Ok(b) => match String::from_utf8(b) {
                Ok(t) => Some(t),
                Err(_) => return Answer::text(400, "the query is not valid UTF-8"),
            },
            Err(a) => return a,
        },
        _ => return Answer::method_not_allowed("GET, HEAD, POST", "the drawing answers GET and POST"),
    };
    let max_nodes = match values(&form, "max_nodes").first().map(|n| n.parse::<usize>()) {
        None => 300,
        Some(Ok(n)) => n,
        Some(Err(_)) => return Answer::text(400, "max_nodes must be a number"),
    };
    let opts = crate::viz::VizOptions {
        construct,
        show_negated: values(&form, "show_negated")
            .first()
            .is_some_and(|v| *v != "false"),
        max_nodes,
    };
    match crate::viz::viz(&state.store.db, &opts) {
        Ok(dot) => Answer::new(200, "text/vnd.graphviz; charset=utf-8", dot),
        Err(crate::viz::VizError::Query(e)) => sparql::query_error(&e),
        Err(e) => Answer::text(400, e),
    }
}

#[cfg(test)]
mod tests {
    use super::host_allowed;

    #[test]
    fn only_loopback_hosts_on_the_right_port() {
        let cases = [
            (Some("127.0.0.1:8080"), true),
            (Some("localhost:8080"), true),
            (Some("LOCALHOST:8080"), true),
            (Some("[::1]:8080"), true),
            (Some("127.0.0.1:8081"), false),
            (Some("evil.example:8080"), false),
            (Some("127.0.0.1"), false),
            (Some("[::1]"), false),
            (None, false),
        ];
        for (host, want) in cases {
            assert_eq!(host_allowed(host, 8080), want, "{host:?}");
        }
    }
}
