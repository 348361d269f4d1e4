//! The writing side of `ingest`: where each extracted article goes, and when.
//!
//! Articles already in the store are replaced at once, one transaction each. New articles
//! wait in memory until half a million quads have gathered, then go through Oxigraph's bulk
//! loader in one atomic commit (few large commits keep the database small and fast to read);
//! at the end, a remainder smaller than the bulk threshold goes through transactions. A
//! line per article is printed once it is stored, never before.

use std::io::Write;

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use newskg::store::{ArticleQuads, Store};

use super::article::Extracted;

/// Quads gathered before a bulk commit.
const BULK_QUADS: usize = 500_000;
/// Quads gathered before they are sent to the server holding the store (about 15 MB of
/// N-Quads, under the server's default body limit).
const SERVER_QUADS: usize = 100_000;

/// Where the graphs go.
pub enum Sink {
    Store(Store),
    /// A Graph Store Protocol endpoint and its URL.
    Endpoint(newskg::remote::Endpoint, String),
    /// The `newskg serve` process that holds the store: the article graphs are sent to it.
    Server(newskg::serve::info::ServerInfo),
}

/// Totals of a run.
#[derive(Default)]
pub struct Totals {
    pub articles: usize,
    pub entities: usize,
    pub relations: usize,
    pub quads: usize,
    pub failed: usize,
    pub bulk: usize,
    pub transactions: usize,
}

pub struct Writer<'a> {
    pub sink: &'a Sink,
    pub bulk_threshold: usize,
    pub quiet: bool,
    pub bar: &'a ProgressBar,
    pending: Vec<(ArticleQuads, String)>,
    pending_quads: usize,
    pub totals: Totals,
}

impl<'a> Writer<'a> {
    pub fn new(sink: &'a Sink, bulk_threshold: usize, quiet: bool, bar: &'a ProgressBar) -> Self {
        Writer {
            sink,
            bulk_threshold,
            quiet,
            bar,
            pending: Vec::new(),
            pending_quads: 0,
            totals: Totals::default(),
        }
    }

    fn report(&self, lines: &[String]) {
        if !self.quiet {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            self.bar.suspend(|| {
                for l in lines {
                    let _ = writeln!(out, "{l}");
                }
            });
        }
        self.bar.inc(lines.len() as u64);
    }

    pub fn failed(&mut self, message: impl std::fmt::Display) {
        self.bar.suspend(|| eprintln!("error: {message}"));
        self.totals.failed += 1;
    }

    /// Takes one article: stores it now, or keeps it for the next bulk commit.
    pub fn add(&mut self, x: Extracted) -> Result<()> {
        let line = format!(
            "{}: {} entities, {} relations, {} quads -> <{}>",
            x.source,
            x.entities,
            x.relations,
            x.article.quads.len(),
            x.article.graph.as_str()
        );
        let counts = (x.entities, x.relations, x.article.quads.len());
        match self.sink {
            Sink::Endpoint(endpoint, _) => match endpoint.put_graph(&x.article.graph, &x.article.quads) {
                Ok(_) => {
                    self.count(counts, 1);
                    self.report(&[line]);
                }
                Err(e) => self.failed(format!("<{}>: {e}", x.article.graph.as_str())),
            },
            Sink::Server(_) => {
                self.pending_quads += x.article.quads.len();
                self.pending.push((x.article, line));
                self.totals.entities += counts.0;
                self.totals.relations += counts.1;
                self.totals.quads += counts.2;
                if self.pending_quads >= SERVER_QUADS {
                    self.flush(false)?;
                }
            }
            Sink::Store(store) => {
                if store.contains_graph(x.article.graph.as_ref())? {
                    store
                        .replace_graph(&x.article)
                        .with_context(|| format!("cannot store {}", x.source))?;
                    self.totals.transactions += 1;
                    self.count(counts, 1);
                    self.report(&[line]);
                } else {
                    // The same id twice before a commit: the later article replaces the earlier.
                    if let Some(i) = self.pending.iter().position(|(a, _)| a.graph == x.article.graph) {
                        let (old, _) = self.pending.remove(i);
                        self.pending_quads -= old.quads.len();
                        self.bar.suspend(|| {
                            eprintln!(
                                "warning: {} replaces an earlier article with the same id",
                                x.source
                            )
                        });
                    }
                    self.pending_quads += x.article.quads.len();
                    self.pending.push((x.article, line));
                    self.totals.entities += counts.0;
                    self.totals.relations += counts.1;
                    self.totals.quads += counts.2;
                    if self.pending_quads >= BULK_QUADS {
                        self.flush(false)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn count(&mut self, (entities, relations, quads): (usize, usize, usize), articles: usize) {
        self.totals.entities += entities;
        self.totals.relations += relations;
        self.totals.quads += quads;
        self.totals.articles += articles;
    }

    /// Stores the waiting articles: by the bulk loader, or at the end of a small run by
    /// transactions.
    pub fn flush(&mut self, at_end: bool) -> Result<()> {
        if let Sink::Server(server) = self.sink {
            return self.send(server, at_end);
        }
        let Sink::Store(store) = self.sink else {
            return Ok(());
        };
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        self.pending_quads = 0;
        let (articles, lines): (Vec<ArticleQuads>, Vec<String>) = pending.into_iter().unzip();
        if !at_end || articles.len() >= self.bulk_threshold.max(1) {
            store
                .bulk_insert(&articles)
                .context("the bulk load failed; nothing of this batch was stored")?;
            self.totals.bulk += articles.len();
        } else {
            for a in &articles {
                store.replace_graph(a)?;
            }
            self.totals.transactions += articles.len();
        }
        self.totals.articles += articles.len();
        self.report(&lines);
        Ok(())
    }

    /// Sends the waiting articles to the server holding the store, as N-Quads; the last
    /// request (even with no article) has the server rebuild the merged view.
    fn send(&mut self, server: &newskg::serve::info::ServerInfo, at_end: bool) -> Result<()> {
        if self.pending.is_empty() && !at_end {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        self.pending_quads = 0;
        let mut body = Vec::new();
        {
            let mut w = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::NQuads)
                .for_writer(&mut body);
            for (a, _) in &pending {
                for q in a.quads.iter().chain(a.summary.iter()) {
                    w.serialize_quad(q)?;
                }
            }
            w.finish()?;
        }
        let answer = super::routed::send_graphs(server, &body, at_end)
            .context("the server refused the articles; none of this batch was stored")?;
        self.totals.bulk += answer.get("bulk").and_then(|b| b.as_u64()).unwrap_or(0) as usize;
        self.totals.transactions += answer.get("transactions").and_then(|b| b.as_u64()).unwrap_or(0) as usize;
        self.totals.articles += pending.len();
        let lines: Vec<String> = pending.into_iter().map(|(_, l)| l).collect();
        self.report(&lines);
        Ok(())
    }
}
