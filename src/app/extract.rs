//! `newskg extract`: extract facts and print them, without a store.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use newskg::Pipeline;
use newskg::error::Severity;
use newskg::input;
use oxigraph::io::{RdfFormat, RdfSerializer};

use super::ingest::read_options;
use crate::cli::{ExtractArgs, ExtractFormat};

pub fn extract(lexicon_files: &[PathBuf], args: ExtractArgs) -> Result<ExitCode> {
    let lex = super::lexicons(lexicon_files)?;
    let opts = read_options(&args.read)?;
    let inputs = input::expand(&args.read.inputs);
    let mut failed = 0usize;
    for e in &inputs.errors {
        eprintln!("error: {e}");
        failed += 1;
    }
    let pipeline = Pipeline::new(&lex);
    let mut out = super::output(None)?;
    let single = inputs.sources.len() == 1
        && !matches!(
            inputs.sources[0],
            input::Source::Feed { .. } | input::Source::Warc { .. }
        );
    for source in &inputs.sources {
        for raw in input::read(source, &opts) {
            let doc = match raw.and_then(|r| r.into_document()) {
                Ok(d) => d,
                Err(e) => {
                    match e.severity() {
                        Severity::Failed => {
                            eprintln!("error: {e}");
                            failed += 1;
                        }
                        Severity::Skipped | Severity::Note => eprintln!("{e}"),
                    }
                    continue;
                }
            };
            let ann = pipeline.annotate(&doc);
            match args.format {
                ExtractFormat::Json => {
                    let report = newskg::report::report(&ann);
                    if single {
                        serde_json::to_writer_pretty(&mut out, &report)?;
                    } else {
                        serde_json::to_writer(&mut out, &report)?;
                    }
                    writeln!(out)?;
                }
                ExtractFormat::Turtle | ExtractFormat::Nquads | ExtractFormat::Trig => {
                    let format = match args.format {
                        ExtractFormat::Turtle => RdfFormat::Turtle,
                        ExtractFormat::Trig => RdfFormat::TriG,
                        _ => RdfFormat::NQuads,
                    };
                    let mut ser = RdfSerializer::from_format(format);
                    for (p, ns) in newskg::rdf::vocab::PREFIXES {
                        ser = ser.with_prefix(*p, *ns)?;
                    }
                    let mut w = ser.for_writer(&mut out);
                    for q in newskg::rdf::to_quads(&ann) {
                        if format.supports_datasets() {
                            w.serialize_quad(&q)?;
                        } else {
                            w.serialize_triple(&oxigraph::model::Triple::from(q))?;
                        }
                    }
                    w.finish()?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
