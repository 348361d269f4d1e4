//! The `newskg` command: parses arguments, runs the command, reports errors.
//! Exit codes: 0 success, 1 runtime error (including any article that failed), 2 usage error.

use std::process::ExitCode;

use clap::Parser;

mod app;
mod cli;

/// Extraction and query evaluation allocate many small short-lived values; mimalloc spends
/// far less time on them than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            // `newskg query ... | head` closes the pipe early: not an error worth a message.
            let broken_pipe = e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                    || c.to_string().contains("Broken pipe")
            });
            if broken_pipe {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
