//! Writes synthetic diplomatic-news articles for benchmarks (see benches/synth/mod.rs).
//!
//! ```text
//! cargo run --release --example synth -- --count 10000 --seed 1 > synth.jsonl
//! cargo run --release --example synth -- --count 50 --seed 7 --format dir --out /tmp/synth
//! cargo run --release --example synth -- --count 1000 --seed 7 --format warc --out crawl.warc.gz
//! ```

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: synth --count N --seed S [--words W] [--format jsonl|dir|warc] [--out PATH]

Generates N synthetic news articles about diplomacy, deterministically from seed S.
  --count N        number of articles (required)
  --seed S         random seed, an unsigned 64-bit integer (required)
  --words W        average words per article, each article varies by +-30% (default 700)
  --format jsonl   one JSON object per line: id, title, date, source, text (default)
  --format dir     one NNNNNN.txt file per article in directory PATH (title, blank line, text)
  --format warc    a WARC.gz archive at PATH: a request and a response record per article, the
                   response an HTML page with the furniture of a news site, one gzip member each
  --out PATH       output file (jsonl; default: standard output) or directory (dir; required)
  -h, --help       print this help";

#[derive(PartialEq)]
enum Format {
    Jsonl,
    Dir,
    Warc,
}

struct Options {
    count: usize,
    seed: u64,
    words: usize,
    format: Format,
    out: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let (mut count, mut seed, mut words, mut format, mut out) = (None, None, 700usize, Format::Jsonl, None);
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg == "-h" || arg == "--help" {
            return Ok(None);
        }
        // Accept both "--flag value" and "--flag=value".
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg, None),
        };
        if !matches!(flag, "--count" | "--seed" | "--words" | "--format" | "--out") {
            return Err(format!("unknown argument '{arg}'"));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                i += 1;
                args.get(i)
                    .cloned()
                    .ok_or_else(|| format!("{flag} needs a value"))?
            }
        };
        let number = |what: &str| {
            value
                .parse::<u64>()
                .map_err(|_| format!("{what} must be a non-negative integer, not '{value}'"))
        };
        match flag {
            "--count" => count = Some(number("--count")? as usize),
            "--seed" => seed = Some(number("--seed")?),
            "--words" => {
                words = number("--words")? as usize;
                if words == 0 || words > synth::MAX_WORDS {
                    return Err(format!("--words must be between 1 and {}", synth::MAX_WORDS));
                }
            }
            "--format" => {
                format = match value.as_str() {
                    "jsonl" => Format::Jsonl,
                    "dir" => Format::Dir,
                    "warc" => Format::Warc,
                    _ => return Err(format!("--format must be jsonl, dir or warc, not '{value}'")),
                }
            }
            _ => out = Some(PathBuf::from(value)),
        }
        i += 1;
    }
    let count = count.ok_or("--count is required")?;
    let seed = seed.ok_or("--seed is required")?;
    if format != Format::Jsonl && out.is_none() {
        return Err("--format dir and --format warc need --out PATH".into());
    }
    Ok(Some(Options {
        count,
        seed,
        words,
        format,
        out,
    }))
}

#[derive(Default)]
struct Totals {
    articles: usize,
    bytes: u64,
    words: u64,
}

fn write_jsonl(opts: &Options, sink: &mut dyn Write, totals: &mut Totals) -> io::Result<()> {
    let mut sink = BufWriter::with_capacity(1 << 20, sink);
    for a in synth::generate(opts.count, opts.seed, opts.words) {
        let mut line = synth::to_jsonl_line(&a);
        line.push('\n');
        sink.write_all(line.as_bytes())?;
        totals.articles += 1;
        totals.bytes += line.len() as u64;
        totals.words += synth::count_words(&a.text) as u64;
    }
    sink.flush()
}

fn write_dir(opts: &Options, dir: &Path, totals: &mut Totals) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    for (i, a) in synth::generate(opts.count, opts.seed, opts.words).enumerate() {
        let body = format!("{}\n\n{}\n", a.title, a.text);
        fs::write(dir.join(format!("{:06}.txt", i + 1)), &body)?;
        totals.articles += 1;
        totals.bytes += body.len() as u64;
        totals.words += synth::count_words(&a.text) as u64;
    }
    Ok(())
}

fn write_warc(opts: &Options, path: &Path, totals: &mut Totals) -> io::Result<()> {
    use flate2::{Compression, write::GzEncoder};
    let mut sink = BufWriter::with_capacity(1 << 20, File::create(path)?);
    for a in synth::generate(opts.count, opts.seed, opts.words) {
        for record in synth::warc_records(&a) {
            // One gzip member per record, as crawlers write them.
            let mut gz = GzEncoder::new(Vec::new(), Compression::default());
            gz.write_all(&record)?;
            let member = gz.finish()?;
            sink.write_all(&member)?;
            totals.bytes += member.len() as u64;
        }
        totals.articles += 1;
        totals.words += synth::count_words(&a.text) as u64;
    }
    sink.flush()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_args(&args) {
        Ok(Some(opts)) => opts,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("synth: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let mut totals = Totals::default();
    let (result, target) = match (&opts.format, &opts.out) {
        (Format::Dir, Some(dir)) => (write_dir(&opts, dir, &mut totals), dir.display().to_string()),
        (Format::Warc, Some(path)) => (write_warc(&opts, path, &mut totals), path.display().to_string()),
        (_, Some(path)) => {
            let result = File::create(path).and_then(|mut f| write_jsonl(&opts, &mut f, &mut totals));
            (result, path.display().to_string())
        }
        (_, None) => (
            write_jsonl(&opts, &mut io::stdout().lock(), &mut totals),
            "stdout".to_string(),
        ),
    };
    match result {
        Ok(()) => {}
        // A closed pipe (`synth ... | head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("synth: cannot write {target}: {e}");
            return ExitCode::FAILURE;
        }
    }
    let avg = if totals.articles == 0 {
        0.0
    } else {
        totals.words as f64 / totals.articles as f64
    };
    eprintln!(
        "synth: {} articles, {} bytes, {} words ({avg:.1} words/article) to {target} in {:.2}s",
        totals.articles,
        totals.bytes,
        totals.words,
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
