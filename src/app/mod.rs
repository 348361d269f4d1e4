//! One function per command, called by `main` with the parsed arguments.

mod article;
mod entities;
mod extract;
mod ingest;
mod read;
mod remote;
mod routed;
mod serve;
mod writer;

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use newskg::Lexicons;

use crate::cli::{Cli, Command};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest(args) => ingest::ingest(&cli.store, &cli.lexicons, args),
        Command::Extract(args) => extract::extract(&cli.lexicons, args),
        Command::Query(args) => read::query(&cli.store, args),
        Command::Export(args) => read::export(&cli.store, args),
        Command::Viz(args) => read::viz(&cli.store, args),
        Command::Stats => read::stats(&cli.store),
        Command::Push(args) => remote::push(&cli.store, args),
        Command::Entities(args) => entities::entities(&cli.store, args),
        Command::Merge(args) => entities::merge(&cli.store, args),
        Command::Split(args) => entities::split(&cli.store, args),
        Command::Serve(args) => serve::serve(&cli.store, &cli.lexicons, args),
    }
}

/// The built-in lexicons, or a copy extended with the user's files.
fn lexicons(paths: &[PathBuf]) -> Result<std::borrow::Cow<'static, Lexicons>> {
    if paths.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(Lexicons::builtin()));
    }
    Ok(std::borrow::Cow::Owned(
        Lexicons::with_user_files(paths).context("cannot load the --lexicon files")?,
    ))
}

/// Standard output, or a file created for the output (its parent must exist).
fn output(path: Option<&Path>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => {
            Box::new(BufWriter::new(File::create(p).with_context(|| {
                format!("cannot write the output file {}", p.display())
            })?))
        }
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    })
}

fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}
