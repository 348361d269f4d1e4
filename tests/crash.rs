//! Crash safety of `newskg ingest`, through the real binary: the ingest is killed with SIGKILL at
//! random points (and once stopped with SIGINT), and the store must still open, hold every
//! article either whole or not at all, keep every article the ingest reported stored, and reach
//! exactly the reference content when the same command is run again.
//!
//! The corpus is generated here (deterministic templates, no example binary needed) as a JSON
//! Lines feed and as a folder of .txt files, 300 articles each; each input is ingested once into
//! a reference store, whose export and per-graph quad counts are the expected content. Kills go
//! alternately to fresh stores and to one reused store that gets both inputs in turn.
//!
//! `NEWSKG_CRASH_ITERATIONS` sets the number of kills (default 20), `NEWSKG_CRASH_KEEP=1` keeps the
//! temporary folder (corpus, stores, logs of each run); `--nocapture` shows one line per kill.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad, Term};

/// The binary under test, linked into the test's folder when the test starts: the target folder
/// may be shared, and a rebuild in the middle of the test must not change the program.
static BIN: OnceLock<PathBuf> = OnceLock::new();
/// Articles in each of the two inputs (the feed and the directory).
const ARTICLES: usize = 300;
const ARTICLE_PREFIX: &str = "https://w3id.org/newskg/article/";
const ONTOLOGY_GRAPH: &str = "https://w3id.org/newskg/ontology";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// Shortest delay before a kill.
const MIN_DELAY_MS: u64 = 5;
/// How long an ingest stopped with SIGINT may take to exit, at least (it first stores what it
/// has extracted): a hang guard, raised to four whole reference ingests on a slow machine.
const SIGINT_GRACE: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------------
// A deterministic corpus

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6A09_E667_F3BC_C908)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

const GIVEN: &[&str] = &[
    "Amara", "Bruno", "Chiara", "Dalia", "Emil", "Farah", "Goran", "Hana", "Idris", "Julia", "Kofi", "Lena",
    "Marco", "Nadia", "Oskar", "Priya", "Rafael", "Sofia", "Tomas", "Yuki",
];
const FAMILY: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Kariuki",
    "Haddad",
    "Novak",
    "Silva",
    "Petrov",
    "Mensah",
    "Castillo",
    "Berger",
    "Ishikawa",
    "Dumont",
    "Wanjiru",
    "Aziz",
    "Kowalski",
    "Reyes",
    "Nakamura",
    "Osei",
];
const COUNTRIES: &[(&str, &str)] = &[
    ("France", "Paris"),
    ("Kenya", "Nairobi"),
    ("Japan", "Tokyo"),
    ("Brazil", "Brasilia"),
    ("Germany", "Berlin"),
    ("India", "New Delhi"),
    ("Egypt", "Cairo"),
    ("Canada", "Ottawa"),
    ("Norway", "Oslo"),
    ("Turkey", "Ankara"),
    ("Ghana", "Accra"),
    ("Peru", "Lima"),
    ("Poland", "Warsaw"),
    ("Vietnam", "Hanoi"),
];
const ROLES: &[&str] = &[
    "Foreign Minister",
    "Prime Minister",
    "President",
    "Defence Minister",
    "Trade Minister",
];
const DAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const MONTHS: &[&str] = &["March", "April", "June", "September", "November"];
const TOPICS: &[&str] = &[
    "trade and security",
    "energy prices",
    "the ceasefire",
    "climate finance",
    "migration",
    "fisheries",
];

struct Person {
    name: String,
    last: &'static str,
    role: &'static str,
    country: &'static str,
    capital: &'static str,
}

fn person(rng: &mut Rng) -> Person {
    let (country, capital) = rng.pick(COUNTRIES);
    let last = rng.pick(FAMILY);
    Person {
        name: format!("{} {last}", rng.pick(GIVEN)),
        last,
        role: rng.pick(ROLES),
        country,
        capital,
    }
}

/// One sentence about two people of the article.
fn sentence(rng: &mut Rng, a: &Person, b: &Person) -> String {
    let day = rng.pick(DAYS);
    let topic = rng.pick(TOPICS);
    match rng.below(9) {
        0 => format!(
            "{} {} {} met {} {} {} in {} on {day}.",
            a.country, a.role, a.name, b.country, b.role, b.name, a.capital
        ),
        1 => format!(
            "{} will travel to {} next week for talks on {topic}.",
            a.last, b.country
        ),
        2 => format!(
            "{} is expected to visit {} in {}.",
            b.name,
            a.capital,
            rng.pick(MONTHS)
        ),
        3 => format!(
            "{} led the {} delegation at the talks, officials said.",
            a.last, a.country
        ),
        4 => format!(
            "A planned meeting between {} and {} was called off after a dispute over {topic}.",
            a.last, b.last
        ),
        5 => format!(
            "\"We are ready to work with our partners on {topic},\" {} told reporters.",
            b.last
        ),
        6 => format!(
            "{} did not meet {} during the summit in {}.",
            b.last, a.last, b.capital
        ),
        7 => format!(
            "{} and {} signed an agreement on {topic} on {day}.",
            a.country, b.country
        ),
        _ => format!("The two sides discussed {topic} and the situation in the region."),
    }
}

struct Article {
    id: String,
    title: String,
    date: String,
    text: String,
}

fn article(seed: u64, index: usize) -> Article {
    let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(index as u64));
    let people: Vec<Person> = (0..rng.range(2, 4)).map(|_| person(&mut rng)).collect();
    let (a, b) = (&people[0], &people[1]);
    let title = format!("{} and {} hold talks in {}", a.country, b.country, a.capital);
    let mut paragraphs = Vec::new();
    for p in 0..rng.range(2, 3) {
        let mut sentences = Vec::new();
        if p == 0 {
            sentences.push(format!(
                "{} - {} {} {} arrived in {} on {} for talks with {} {}.",
                a.capital.to_uppercase(),
                a.country,
                a.role,
                a.name,
                b.capital,
                rng.pick(DAYS),
                b.role,
                b.name
            ));
        }
        for _ in 0..rng.range(1, 2) {
            let x = &people[rng.below(people.len() as u64) as usize];
            let y = &people[rng.below(people.len() as u64) as usize];
            let (x, y) = if std::ptr::eq(x, y) { (a, b) } else { (x, y) };
            sentences.push(sentence(&mut rng, x, y));
        }
        paragraphs.push(sentences.join(" "));
    }
    Article {
        id: format!("crash-{index:04}"),
        title,
        date: format!("2024-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
        text: paragraphs.join("\n\n"),
    }
}

fn json_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The feed `crash.jsonl` (ids `crash-NNNN`) and the folder `docs/` of .txt files in two
/// subfolders (ids `part-a/doc-NNNN`, other texts than the feed's).
fn write_corpus(dir: &Path) -> (PathBuf, PathBuf) {
    let feed = dir.join("crash.jsonl");
    let mut lines = String::new();
    for i in 0..ARTICLES {
        let a = article(1, i);
        let _ = writeln!(
            lines,
            "{{\"id\":{},\"title\":{},\"date\":{},\"text\":{}}}",
            json_str(&a.id),
            json_str(&a.title),
            json_str(&a.date),
            json_str(&a.text)
        );
    }
    fs::write(&feed, lines).unwrap();
    let docs = dir.join("docs");
    for i in 0..ARTICLES {
        let a = article(2, i);
        let sub = docs.join(if i % 2 == 0 { "part-a" } else { "part-b" });
        fs::create_dir_all(&sub).unwrap();
        fs::write(
            sub.join(format!("doc-{i:04}.txt")),
            format!("{}\n\n{}\n", a.title, a.text),
        )
        .unwrap();
    }
    (feed, docs)
}

// ---------------------------------------------------------------------------------------------
// Running the tool and reading stores

fn bin() -> &'static Path {
    BIN.get().expect("the binary is set up")
}

/// Pins the binary: a hard link (or a copy) in `dir`.
fn pin_binary(dir: &Path) {
    let original = Path::new(env!("CARGO_BIN_EXE_newskg"));
    let pinned = dir.join("newskg");
    if fs::hard_link(original, &pinned).is_err() {
        fs::copy(original, &pinned).expect("copy the newskg binary");
    }
    BIN.set(pinned).expect("the binary is set up once");
}

fn newskg(store: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .arg("--store")
        .arg(store)
        .args(args)
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::null())
        .output()
        .expect("the newskg binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `newskg ingest INPUT...` in the background, its output going to `out.txt` and `err.txt`.
fn spawn_ingest(store: &Path, inputs: &[&Path], logs: &Path) -> Child {
    Command::new(bin())
        .arg("--store")
        .arg(store)
        .arg("ingest")
        .args(inputs)
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::null())
        .stdout(File::create(logs.join("out.txt")).unwrap())
        .stderr(File::create(logs.join("err.txt")).unwrap())
        .spawn()
        .expect("the newskg binary starts")
}

/// Graphs that the ingest said it had stored (its lines `SOURCE: ... -> <IRI>`).
fn claimed(stdout: &str) -> BTreeSet<String> {
    stdout
        .lines()
        .filter_map(|l| l.rsplit_once(" -> <"))
        .map(|(_, iri)| iri.trim_end_matches('>').to_string())
        .collect()
}

/// Per named graph (empty ones included): its number of quads and the `nkg:articleId` of its
/// `schema:NewsArticle` node(s). Only graph names and ids are decoded, so it stays fast on a
/// store of any shape.
const SUMMARY: &str = "PREFIX schema: <https://schema.org/>
PREFIX nkg: <https://w3id.org/newskg/ns#>
SELECT ?g ?n ?id WHERE {
  { SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g { OPTIONAL { ?s ?p ?o } } } GROUP BY ?g }
  OPTIONAL { GRAPH ?g { ?a a schema:NewsArticle ; nkg:articleId ?id } }
}";
const NEWS_ARTICLE: &str = "https://schema.org/NewsArticle";
const ARTICLE_ID: &str = "https://w3id.org/newskg/ns#articleId";

/// What the summary query says about one graph.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct GraphSummary {
    quads: usize,
    ids: BTreeSet<String>,
}

/// Rows of a `--format tsv` query, without the header.
fn query(store: &Path, sparql: &str) -> Result<Vec<Vec<String>>, String> {
    let out = newskg(store, &["query", "--format", "tsv", sparql]);
    if !out.status.success() {
        return Err(format!(
            "`query` fails ({}): {}",
            describe(out.status),
            text(&out.stderr).trim()
        ));
    }
    Ok(text(&out.stdout)
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect())
}

/// `<iri>` -> `iri`; `"text"` (possibly typed) -> `text`; `42` -> `42`.
fn bare(term: &str) -> String {
    if let Some(iri) = term.strip_prefix('<') {
        return iri.trim_end_matches('>').to_string();
    }
    match term.strip_prefix('"').and_then(|t| t.rsplit_once('"')) {
        Some((s, _)) => s.to_string(),
        None => term.to_string(),
    }
}

fn summary(store: &Path) -> Result<BTreeMap<String, GraphSummary>, String> {
    let mut out: BTreeMap<String, GraphSummary> = BTreeMap::new();
    for row in query(store, SUMMARY)? {
        let cell = |i: usize| row.get(i).map(|c| bare(c)).unwrap_or_default();
        if cell(0) == INDEX_GRAPH {
            // Written with each article; the export leaves it out, so it is not compared.
            continue;
        }
        let entry = out.entry(cell(0)).or_default();
        entry.quads = cell(1)
            .parse()
            .map_err(|_| format!("the summary query gives a bad count in {row:?}"))?;
        if !cell(2).is_empty() {
            entry.ids.insert(cell(2));
        }
    }
    Ok(out)
}

/// Whether an N-Quads line is a quad of a named graph other than the index graph (the summaries
/// the merged view is built from, which the export leaves out).
fn in_named_graph(line: &str) -> bool {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(line.as_bytes())
        .next()
        .is_some_and(|q| {
            q.is_ok_and(|q| {
                !q.graph_name.is_default_graph()
                    && !matches!(&q.graph_name, GraphName::NamedNode(g) if g.as_str() == INDEX_GRAPH)
            })
        })
}

const INDEX_GRAPH: &str = "https://w3id.org/newskg/index";

/// The N-Quads export of a store (its article and ontology graphs), its lines sorted.
fn export_lines(store: &Path) -> Result<Vec<String>, String> {
    let out = newskg(store, &["export", "--format", "nquads"]);
    if !out.status.success() {
        return Err(format!(
            "`export` fails ({}): {}",
            describe(out.status),
            text(&out.stderr).trim()
        ));
    }
    // The merged view (the default graph) is derived from the article graphs and rebuilt at
    // the end of every ingest: what a kill must never break is the article graphs.
    let mut lines: Vec<String> = text(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty() && in_named_graph(l))
        .map(str::to_string)
        .collect();
    lines.sort();
    Ok(lines)
}

/// The expected content of a store: what the summary query says of each graph, and the lines of
/// the export.
#[derive(Clone, Default)]
struct Expected {
    graphs: BTreeMap<String, GraphSummary>,
    lines: BTreeSet<String>,
}

impl Expected {
    fn union(&self, other: &Expected) -> Expected {
        let mut u = self.clone();
        for (g, s) in &other.graphs {
            if let Some(mine) = u.graphs.get(g) {
                assert_eq!(mine, s, "the two references disagree on <{g}>");
            }
            u.graphs.insert(g.clone(), s.clone());
        }
        u.lines.extend(other.lines.iter().cloned());
        u
    }

    fn articles(&self) -> usize {
        self.graphs
            .keys()
            .filter(|g| g.starts_with(ARTICLE_PREFIX))
            .count()
    }

    fn contains(&self, graph: &str) -> bool {
        self.graphs.contains_key(graph)
    }
}

// ---------------------------------------------------------------------------------------------
// The checks

/// Checks a store right after its writer died: `stats` opens it, its graphs are article graphs
/// and the ontology graph, each with all its quads and its article node, and it has every
/// article the ingest said it had stored. Returns the article graphs present, or `None` when the
/// ingest died before it created the database (or the store cannot be read).
fn check_after_stop(
    store: &Path,
    expected: &Expected,
    claimed: &BTreeSet<String>,
    problems: &mut Vec<String>,
) -> Option<BTreeSet<String>> {
    if !store.join("oxigraph").exists() {
        // Killed before it created the database: there is nothing to open.
        return None;
    }
    // Two readers at once: the store allows it, and it halves the wait.
    let (stats, found) = std::thread::scope(|s| {
        let stats = s.spawn(|| newskg(store, &["stats"]));
        let found = summary(store);
        (stats.join().expect("stats thread"), found)
    });
    if !stats.status.success() {
        let mut files: Vec<String> = fs::read_dir(store.join("oxigraph"))
            .map(|d| {
                d.filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files.truncate(12);
        problems.push(format!(
            "`stats` fails on the store left behind ({}): {} [the database folder holds: {}]",
            describe(stats.status),
            text(&stats.stderr).trim(),
            files.join(" ")
        ));
    }
    let found = match found {
        Ok(f) => f,
        Err(e) => {
            if stats.status.success() {
                problems.push(e);
            }
            return None;
        }
    };
    let mut present = BTreeSet::new();
    for (g, got) in &found {
        if g.starts_with(ARTICLE_PREFIX) {
            present.insert(g.clone());
        }
        match expected.graphs.get(g) {
            None => problems.push(format!("unexpected graph <{g}> ({} quads)", got.quads)),
            Some(want) if got.quads == 0 => {
                problems.push(format!(
                    "graph <{g}> is named in the store but empty (expected {} quads)",
                    want.quads
                ));
            }
            Some(want) if got.quads != want.quads => problems.push(format!(
                "graph <{g}> is partial: {} quads instead of {}",
                got.quads, want.quads
            )),
            Some(want) if got.ids != want.ids => problems.push(format!(
                "graph <{g}> has the article node(s) {:?} instead of {:?}",
                got.ids, want.ids
            )),
            Some(_) => {}
        }
    }
    for g in claimed.difference(&present) {
        problems.push(format!(
            "<{g}> was reported stored by the ingest but is not in the store"
        ));
    }
    // `stats` counts the articles too, when it says so in the usual `articles: N` line.
    let counted = text(&stats.stdout).lines().find_map(|l| {
        l.trim()
            .strip_prefix("articles:")
            .and_then(|n| n.trim().parse::<usize>().ok())
    });
    if let Some(n) = counted
        && n != present.len()
    {
        problems.push(format!(
            "`stats` counts {n} articles, the store has {} article graphs",
            present.len()
        ));
    }
    Some(present)
}

/// At most a few problems of one check, and how many more there were.
fn cap(mut found: Vec<String>) -> Vec<String> {
    const MAX: usize = 6;
    if found.len() > MAX {
        let more = found.len() - MAX;
        found.truncate(MAX);
        found.push(format!("... and {more} more"));
    }
    found
}

/// Checks that a store holds exactly the expected content: its sorted export is the expected one.
fn check_complete(store: &Path, expected: &Expected, what: &str, problems: &mut Vec<String>) {
    let lines = match export_lines(store) {
        Ok(l) => l,
        Err(e) => {
            problems.push(format!("{what}: {e}"));
            return;
        }
    };
    let want: Vec<&String> = expected.lines.iter().collect();
    let got: Vec<&String> = lines.iter().collect();
    if got != want {
        let got_set: BTreeSet<&String> = lines.iter().collect();
        let missing: Vec<&&String> = want.iter().filter(|l| !got_set.contains(*l)).collect();
        let extra = got.iter().filter(|l| !expected.lines.contains(**l)).count();
        problems.push(format!(
            "{what}: after the re-run the store differs from the reference: {} quads instead of {} \
             ({} missing, such as `{}`; {extra} not in the reference; {} duplicate lines)",
            got.len(),
            want.len(),
            missing.len(),
            missing.first().map_or("", |l| l.as_str()),
            got.len() - got_set.len(),
        ));
    }
}

/// Ingests `inputs` into a new store and reads back what it holds: the export, grouped by graph,
/// must agree with the summary query.
fn reference(dir: &Path, name: &str, inputs: &[&Path]) -> (Expected, Duration) {
    let store = dir.join(name);
    let started = Instant::now();
    let out = Command::new(bin())
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .arg("--quiet")
        .args(inputs)
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let took = started.elapsed();
    assert!(
        out.status.success(),
        "the reference ingest fails: {}",
        text(&out.stderr)
    );
    let lines = export_lines(&store).unwrap();
    let quads: Vec<Quad> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(lines.join("\n").as_bytes())
        .collect::<Result<_, _>>()
        .expect("the export parses as N-Quads");
    let mut graphs: BTreeMap<String, GraphSummary> = BTreeMap::new();
    let mut nodes: BTreeSet<(String, String)> = BTreeSet::new();
    for q in &quads {
        let GraphName::NamedNode(g) = &q.graph_name else {
            panic!("the reference store {name} has quads in the default graph: {q}");
        };
        graphs.entry(g.as_str().to_string()).or_default().quads += 1;
        if q.predicate.as_str() == RDF_TYPE
            && matches!(&q.object, Term::NamedNode(o) if o.as_str() == NEWS_ARTICLE)
        {
            nodes.insert((g.as_str().to_string(), q.subject.to_string()));
        }
    }
    for q in &quads {
        if let (GraphName::NamedNode(g), Term::Literal(id)) = (&q.graph_name, &q.object)
            && q.predicate.as_str() == ARTICLE_ID
            && nodes.contains(&(g.as_str().to_string(), q.subject.to_string()))
        {
            let entry = graphs.get_mut(g.as_str()).expect("the graph was counted");
            entry.ids.insert(id.value().to_string());
        }
    }
    for (g, s) in &graphs {
        if g != ONTOLOGY_GRAPH {
            assert!(
                g.starts_with(ARTICLE_PREFIX) && s.ids.len() == 1,
                "<{g}> of the reference store {name} is not an article graph with one article id"
            );
        }
    }
    assert_eq!(
        summary(&store).unwrap(),
        graphs,
        "the summary query and the export of {name} disagree"
    );
    fs::remove_dir_all(&store).unwrap();
    let expected = Expected {
        graphs,
        lines: lines.into_iter().collect(),
    };
    assert_eq!(
        expected.articles(),
        ARTICLES,
        "articles in the reference store {name}"
    );
    (expected, took)
}

/// Runs `newskg ingest` to completion; returns how long it took.
fn complete(store: &Path, inputs: &[&Path], what: &str, problems: &mut Vec<String>) -> Duration {
    let started = Instant::now();
    let out = Command::new(bin())
        .arg("--store")
        .arg(store)
        .arg("ingest")
        .arg("--quiet")
        .args(inputs)
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    if !out.status.success() {
        problems.push(format!(
            "{what}: the re-run fails ({}): {}",
            out.status,
            text(&out.stderr).trim()
        ));
    }
    started.elapsed()
}

/// Waits until a running ingest reports its first stored article (or ends, or a minute passes).
fn wait_for_stored(child: &mut Child, logs: &Path) {
    let waited = Instant::now();
    while claimed(&fs::read_to_string(logs.join("out.txt")).unwrap_or_default()).is_empty()
        && waited.elapsed() < Duration::from_secs(60)
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit {c}"),
        (None, Some(9)) => "SIGKILL".to_string(),
        (None, Some(2)) => "SIGINT".to_string(),
        (None, Some(s)) => format!("signal {s}"),
        _ => status.to_string(),
    }
}

/// User and system time of the finished child processes (from /proc; Linux ticks are 1/100 s),
/// which says how long the test would take on an idle machine.
fn children_cpu_seconds() -> f64 {
    let stat = fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    // After the command name: state is field 3, cutime 16 and cstime 17.
    let ticks = |n: usize| {
        fields
            .get(n - 3)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(16) + ticks(17)) / 100.0
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Feed,
    Folder,
}

#[test]
fn ingest_survives_sigkill_and_sigint() {
    let started = Instant::now();
    let iterations: usize = match std::env::var("NEWSKG_CRASH_ITERATIONS") {
        Ok(v) => v
            .trim()
            .parse()
            .expect("NEWSKG_CRASH_ITERATIONS must be a number"),
        Err(_) => 20,
    };
    let tmp = tempfile::tempdir().unwrap();
    // NEWSKG_CRASH_KEEP=1 keeps the folder (corpus, stores, logs of each run) for inspection.
    let (_tmp, kept) = if std::env::var_os("NEWSKG_CRASH_KEEP").is_some() {
        let kept = tmp.keep();
        eprintln!("crash: keeping {}", kept.display());
        (None, kept)
    } else {
        let path = tmp.path().to_path_buf();
        (Some(tmp), path)
    };
    let dir = kept.as_path();
    pin_binary(dir);
    let (feed, docs) = write_corpus(dir);
    let (feed_ref, feed_time) = reference(dir, "ref-feed", &[&feed]);
    let (docs_ref, docs_time) = reference(dir, "ref-docs", &[&docs]);
    let both_ref = feed_ref.union(&docs_ref);
    eprintln!(
        "crash: {ARTICLES} articles per input; reference ingest {} ms (feed, {} quads), \
         {} ms (folder, {} quads)",
        feed_time.as_millis(),
        feed_ref.lines.len(),
        docs_time.as_millis(),
        docs_ref.lines.len()
    );

    let mut problems: Vec<String> = Vec::new();
    // The reused store gets the feed and the folder in turn, so it expects what it was given.
    let reused = dir.join("reused");
    let mut reused_expected = Expected::default();
    for i in 0..iterations {
        let kind = if i % 2 == 0 { Kind::Feed } else { Kind::Folder };
        let fresh = (i / 2) % 2 == 0;
        let (input, reference, full) = match kind {
            Kind::Feed => (feed.as_path(), &feed_ref, feed_time),
            Kind::Folder => (docs.as_path(), &docs_ref, docs_time),
        };
        let store = if fresh {
            dir.join(format!("fresh-{i}"))
        } else {
            reused.clone()
        };
        let expected = if fresh {
            reference.clone()
        } else {
            reused_expected.union(reference)
        };
        let before = problems.len();
        let (began, cpu_before) = (Instant::now(), children_cpu_seconds());
        let logs = dir.join(format!("logs-{i}"));
        fs::create_dir_all(&logs).unwrap();

        // Most kills come at a random time of the run; half of those into fresh stores come
        // just after the first article is reported stored, when the next writes (or the final
        // flush) are under way.
        let mut rng = Rng::new(0xC4A5_4000 + i as u64);
        let full_ms = full.as_millis() as u64;
        let after_first = fresh && (i / 4) % 2 == 1;
        let delay = if after_first {
            rng.range(0, full_ms / 40)
        } else {
            rng.range(MIN_DELAY_MS, full_ms.max(MIN_DELAY_MS + 1))
        };
        let mut child = spawn_ingest(&store, &[input], &logs);
        let spawned = Instant::now();
        if after_first {
            wait_for_stored(&mut child, &logs);
        }
        std::thread::sleep(Duration::from_millis(delay));
        let finished_first = child.try_wait().unwrap().is_some();
        if !finished_first {
            child.kill().unwrap();
        }
        let kill_ms = spawned.elapsed().as_millis();
        let status = child.wait().unwrap();
        let stdout = fs::read_to_string(logs.join("out.txt")).unwrap_or_default();
        let said = claimed(&stdout);
        let when = if after_first {
            format!("first stored article + {delay} ms = {kill_ms} ms")
        } else {
            format!("{kill_ms} ms")
        };
        let what = format!(
            "iteration {i} ({kind:?} into a {} store, killed at {when})",
            if fresh { "fresh" } else { "reused" }
        );
        let mut found = Vec::new();
        let present = check_after_stop(&store, &expected, &said, &mut found);
        let unreadable = present.is_none() && store.join("oxigraph").exists();
        problems.extend(cap(found).into_iter().map(|p| format!("{what}: {p}")));
        let of_batch = present
            .as_ref()
            .map(|p| p.iter().filter(|g| reference.contains(g)).count());
        let others = present.as_ref().map_or(0, |p| p.len() - of_batch.unwrap_or(0));

        let rerun = complete(&store, &[input], &what, &mut problems);
        check_complete(&store, &expected, &what, &mut problems);
        if !fresh {
            reused_expected = expected;
        } else {
            let _ = fs::remove_dir_all(&store);
        }
        eprintln!(
            "crash: #{i:<2} {:<6} {:<6} kill at {when:>20} of {full_ms} -> {:<7} present {:>7} \
             (reported {:>3}){}; \
             rerun {} ms; {:.1} s ({:.1} s CPU): {}",
            format!("{kind:?}").to_lowercase(),
            if fresh { "fresh" } else { "reused" },
            if finished_first {
                "done".to_string()
            } else {
                describe(status)
            },
            match of_batch {
                None if unreadable => "unreadable".to_string(),
                None => "no store".to_string(),
                Some(n) => format!("{n:>3}/{ARTICLES}"),
            },
            said.len(),
            if others > 0 {
                format!(" +{others} other")
            } else {
                String::new()
            },
            rerun.as_millis(),
            began.elapsed().as_secs_f64(),
            children_cpu_seconds() - cpu_before,
            if problems.len() == before {
                "ok".to_string()
            } else {
                format!("{} PROBLEM(S)", problems.len() - before)
            }
        );
    }

    // Kills while the store is being created: a few milliseconds after the database folder
    // appears, when RocksDB writes its first files. The store left behind must open (or be
    // absent), like after any other kill.
    for (j, after) in [0u64, 2, 5, 10, 20, 40].into_iter().enumerate() {
        let store = dir.join(format!("create-{j}"));
        let logs = dir.join(format!("logs-create-{j}"));
        fs::create_dir_all(&logs).unwrap();
        let before = problems.len();
        let mut child = spawn_ingest(&store, &[&feed], &logs);
        let spawned = Instant::now();
        while !store.join("oxigraph").exists()
            && spawned.elapsed() < Duration::from_secs(60)
            && child.try_wait().unwrap().is_none()
        {
            std::thread::sleep(Duration::from_micros(500));
        }
        let appeared = spawned.elapsed();
        std::thread::sleep(Duration::from_millis(after));
        let finished_first = child.try_wait().unwrap().is_some();
        if !finished_first {
            child.kill().unwrap();
        }
        child.wait().unwrap();
        let said = claimed(&fs::read_to_string(logs.join("out.txt")).unwrap_or_default());
        let what = format!(
            "store creation {j} (Feed into a fresh store, killed {after} ms after the database folder \
             appeared, {} ms after the start)",
            appeared.as_millis()
        );
        let mut found = Vec::new();
        let present = check_after_stop(&store, &feed_ref, &said, &mut found);
        let failed = !found.is_empty();
        problems.extend(cap(found).into_iter().map(|p| format!("{what}: {p}")));
        let mut rerun = "not needed".to_string();
        if failed {
            let after_problems = problems.len();
            complete(&store, &[&feed], &what, &mut problems);
            check_complete(&store, &feed_ref, &what, &mut problems);
            rerun = if problems.len() == after_problems {
                "the re-run repairs it".to_string()
            } else {
                "the re-run does NOT repair it".to_string()
            };
            if let Some(last) = problems.get_mut(after_problems - 1) {
                last.push_str(&format!(" ({rerun})"));
            }
        }
        let _ = fs::remove_dir_all(&store);
        eprintln!(
            "crash: creation #{j} kill {after:>2} ms after the database folder appeared ({} ms) -> \
             present {}; {}",
            appeared.as_millis(),
            match present {
                Some(p) => format!("{}/{ARTICLES}", p.len()),
                None if failed => "unreadable".to_string(),
                None => "no database".to_string(),
            },
            if problems.len() == before {
                "ok".to_string()
            } else {
                format!("{} PROBLEM(S); {rerun}", problems.len() - before)
            }
        );
    }

    // SIGINT: both inputs at once and then standard input, through a pipe this test holds open,
    // so the ingest cannot end before the signal however fast the machine is. The signal comes
    // at a random time after the database exists (the handler is installed before the store is
    // opened); then the pipe closes, and the ingest must store what it extracted and exit 130.
    let store = dir.join("sigint");
    let logs = dir.join("logs-sigint");
    fs::create_dir_all(&logs).unwrap();
    let inputs = [feed.as_path(), docs.as_path()];
    let mut rng = Rng::new(0x5161_4E54);
    let expected_ms = (feed_time + docs_time).as_millis() as u64;
    let at = Duration::from_millis(rng.range(expected_ms / 15, expected_ms / 5));
    let mut child = Command::new(bin())
        .arg("--store")
        .arg(&store)
        .arg("ingest")
        .args(inputs)
        .arg("-")
        .env_remove("NEWSKG_STORE")
        .stdin(Stdio::piped())
        .stdout(File::create(logs.join("out.txt")).unwrap())
        .stderr(File::create(logs.join("err.txt")).unwrap())
        .spawn()
        .expect("the newskg binary starts");
    let pipe = child.stdin.take().expect("stdin is piped");
    let spawned = Instant::now();
    while !store.join("oxigraph").join("CURRENT").exists()
        && spawned.elapsed() < Duration::from_secs(120)
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(Duration::from_millis(2));
    }
    let opened = spawned.elapsed();
    std::thread::sleep(at.saturating_sub(opened).max(Duration::from_millis(100)));
    let what = "SIGINT";
    let grace = SIGINT_GRACE.max((feed_time + docs_time) * 4);
    if let Some(status) = child.try_wait().unwrap() {
        problems.push(format!(
            "{what}: the ingest ended ({status}) while its standard input was still open"
        ));
    } else {
        let before = problems.len();
        let sent = Instant::now();
        let sent_at = spawned.elapsed();
        let kill = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(kill.success(), "kill -INT fails");
        // End of standard input: the ingest, which may be waiting for it, goes on to stop.
        drop(pipe);
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if sent.elapsed() > grace {
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let took = sent.elapsed();
        let status = match status {
            Some(s) => s,
            None => {
                problems.push(format!(
                    "{what}: still running {} ms after SIGINT",
                    grace.as_millis()
                ));
                child.kill().unwrap();
                child.wait().unwrap()
            }
        };
        let stdout = fs::read_to_string(logs.join("out.txt")).unwrap_or_default();
        let stderr = fs::read_to_string(logs.join("err.txt")).unwrap_or_default();
        let said = claimed(&stdout);
        if status.code() != Some(130) {
            use std::os::unix::process::ExitStatusExt;
            let why = if status.signal() == Some(2) {
                " (the signal's default action: no handler was installed yet)"
            } else {
                ""
            };
            problems.push(format!(
                "{what}: sent {} ms after the start, ended with {}{why} instead of exit code 130",
                sent_at.as_millis(),
                describe(status)
            ));
        }
        let line = stderr.lines().find(|l| l.to_lowercase().contains("interrupted"));
        let reported: Option<usize> = line.and_then(|l| {
            l.split(|c: char| !c.is_ascii_digit())
                .find(|w| !w.is_empty())
                .and_then(|w| w.parse().ok())
        });
        match (line, reported) {
            (None, _) => problems.push(format!("{what}: no 'interrupted' message on stderr: {stderr:?}")),
            (Some(l), None) => problems.push(format!("{what}: the message gives no article count: {l:?}")),
            (Some(_), Some(n)) if n != said.len() => problems.push(format!(
                "{what}: the message says {n} articles, the ingest printed {} article lines",
                said.len()
            )),
            _ => {}
        }
        let mut found = Vec::new();
        let present = check_after_stop(&store, &both_ref, &said, &mut found).unwrap_or_default();
        problems.extend(cap(found).into_iter().map(|p| format!("{what}: {p}")));
        if let Some(n) = reported
            && n != present.len()
        {
            problems.push(format!(
                "{what}: the message says {n} articles are stored, the store has {}",
                present.len()
            ));
        }
        let rerun = complete(&store, &inputs, what, &mut problems);
        check_complete(&store, &both_ref, what, &mut problems);
        eprintln!(
            "crash: SIGINT at {} ms (database there at {} ms; whole run about {expected_ms} ms) -> \
             {} {} ms later, \
             {} articles reported stored, stderr {:?}, present {}/{}; rerun {} ms: {}",
            sent_at.as_millis(),
            opened.as_millis(),
            describe(status),
            took.as_millis(),
            said.len(),
            line.unwrap_or(""),
            present.len(),
            both_ref.articles(),
            rerun.as_millis(),
            if problems.len() == before { "ok" } else { "PROBLEM" }
        );
    }
    eprintln!(
        "crash: {iterations} random kills, 6 during store creation and one SIGINT in {:.1} s ({:.1} s of CPU \
         in newskg), {} problem(s)",
        started.elapsed().as_secs_f64(),
        children_cpu_seconds(),
        problems.len()
    );
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
