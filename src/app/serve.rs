//! `newskg serve`: opens the store for writing, starts the server, leaves `server.json` (its
//! address and write token, for the owner's CLI) in the store folder, and on Ctrl-C or
//! SIGTERM stops cleanly: running requests finish, the merged view is brought up to date,
//! the file is removed.

use std::io::Write;
use std::net::ToSocketAddrs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use newskg::Lexicons;
use newskg::serve::info::{self, ServerInfo};
use newskg::serve::{Config, Server};
use newskg::store::Store;

use crate::cli::ServeArgs;

pub fn serve(store_path: &Path, lexicon_files: &[PathBuf], args: ServeArgs) -> Result<ExitCode> {
    // First, so that a signal never finds the store half-opened.
    // A second signal while stopping ends the process at once: every write is atomic, so the
    // store is left as a crash leaves it (see the README's guarantees).
    // The reason to stop: `None` for a signal, else what went wrong.
    let (stop, stopped) = std::sync::mpsc::channel::<Option<String>>();
    let stopping = std::sync::atomic::AtomicBool::new(false);
    let signal = stop.clone();
    ctrlc::set_handler(move || {
        if stopping.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        let _ = signal.send(None);
    })
    .context("cannot install the signal handler")?;
    let bind = args
        .bind
        .to_socket_addrs()
        .with_context(|| format!("--bind {}: not an address (HOST:PORT)", args.bind))?
        .next()
        .with_context(|| format!("--bind {}: the name resolves to no address", args.bind))?;
    let lexicons: &'static Lexicons = match super::lexicons(lexicon_files)? {
        std::borrow::Cow::Borrowed(l) => l,
        // Lives as long as the server, which is the whole process.
        std::borrow::Cow::Owned(l) => Box::leak(Box::new(l)),
    };
    let store = Store::open_writer(store_path, "serve")
        .with_context(|| format!("cannot open the store {}", store_path.display()))?;
    // Articles a killed ingest or server stored without following them in the merged view
    // are followed now (nothing to do otherwise).
    store.update_view().with_context(|| {
        format!(
            "cannot bring the merged view of {} up to date",
            store_path.display()
        )
    })?;
    let config = Config {
        bind,
        timeout: Duration::from_secs(args.timeout.max(1)),
        max_body: args.max_body.max(1) << 20,
        workers: args.workers.max(1),
        ..Config::default()
    };
    let fatal = std::sync::Mutex::new(stop);
    let server = Server::start(store, lexicons, config, move |why| {
        let _ = fatal.lock().map(|s| s.send(Some(why)));
    })
    .with_context(|| format!("cannot serve on {bind}"))?;
    let url = server.url();
    info::write(
        store_path,
        &ServerInfo {
            url: url.clone(),
            pid: std::process::id(),
            token: server.token().to_string(),
        },
    )
    .with_context(|| format!("cannot write {} in {}", info::FILE, store_path.display()))?;
    // The first line of standard output is the URL (scripts and tests read it).
    println!("{url}/");
    std::io::stdout().flush()?;
    if !server.addr.ip().is_loopback() {
        eprintln!(
            "WARNING: listening on {} beyond loopback: anyone who can reach this address can read the whole graph \
             and run queries on this machine. Writes still need the token in {}.",
            server.addr,
            store_path.join(info::FILE).display()
        );
    }
    eprintln!(
        "serving the store {} at {url}/ (SPARQL at {url}/sparql, read-only); Ctrl-C stops",
        store_path.display()
    );
    let failure = stopped.recv().ok().flatten();
    if let Some(why) = &failure {
        eprintln!("error: {why}");
    }
    eprintln!("stopping: finishing the running requests");
    info::remove(store_path);
    server
        .shutdown()
        .with_context(|| format!("cannot close the store {} cleanly", store_path.display()))?;
    Ok(if failure.is_some() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
