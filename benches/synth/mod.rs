//! Synthetic diplomatic-news articles for newskg benchmarks.
//!
//! [`generate`] yields news-like English articles about diplomacy: people (fictional names from
//! `names.tsv`) with job titles travel to cities, meet their counterparts, lead delegations and
//! represent countries, surrounded by filler about the economy, security, sanctions, ceasefires
//! and trade. Countries, demonyms and capitals come from the project's gazetteer
//! (`data/gazetteer/countries.tsv`), other cities from `data/gazetteer/places.tsv`; all three
//! files are embedded with `include_str!`, nothing is read at run time.
//!
//! Output is a pure function of `(count, seed, target_words)` and of the embedded files: the
//! random numbers come from a SplitMix64 generator written here, only integer arithmetic is
//! used, and no hash-map iteration order is involved, so it is byte-identical on any machine.
//! Article `i` depends only on `(seed, i, target_words)`, so a larger `count` extends a smaller
//! one. Editing the gazetteer or `names.tsv` changes the articles.
//!
//! Shape of an article: 5-12 prose paragraphs of 2-5 sentences, separated by blank lines
//! (for very large `target_words` a paragraph may get more sentences), plus occasional
//! extra lines: a standfirst, section headings and page furniture ("Read more",
//! "12 Comments"). The first paragraph may open with a dateline ("NAIROBI, Feb. 5 (Harbour
//! Wire) - "). The length of each article is drawn from `target_words` +-30%; as a paragraph
//! has at least two sentences, no article is shorter than about 200 words, and `target_words`
//! is capped at 1,000,000.
//!
//! Pure `std`, no crates; used by `examples/synth.rs` and the tests through `#[path]`.
//! [`to_html_page`] and [`warc_records`] wrap an article as a web page and as WARC records.

use std::collections::BTreeMap;

const COUNTRIES_TSV: &str = include_str!("../../data/gazetteer/countries.tsv");
const PLACES_TSV: &str = include_str!("../../data/gazetteer/places.tsv");
const NAMES_TSV: &str = include_str!("names.tsv");

/// Largest `target_words` honoured; larger values are treated as this one.
pub const MAX_WORDS: usize = 1_000_000;

/// One generated article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// `synth-<seed>-<NNNNNN>`, numbered from 1.
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`, between 2016 and 2025.
    pub date: String,
    /// Paragraphs separated by blank lines, no trailing newline.
    pub text: String,
}

/// Yields `count` articles whose lengths average about `target_words` words (+-30% each).
pub fn generate(count: usize, seed: u64, target_words: usize) -> impl Iterator<Item = Article> {
    let world = World::load();
    (0..count).map(move |i| world.article(seed, i, target_words))
}

/// One JSON object on one line (no newline at the end), with the keys `id`, `title`, `date`,
/// `source` (always `"synthetic"`) and `text`.
pub fn to_jsonl_line(a: &Article) -> String {
    let mut s = String::with_capacity(a.text.len() + a.title.len() + 96);
    s.push_str("{\"id\":");
    push_json_str(&mut s, &a.id);
    s.push_str(",\"title\":");
    push_json_str(&mut s, &a.title);
    s.push_str(",\"date\":");
    push_json_str(&mut s, &a.date);
    s.push_str(",\"source\":\"synthetic\",\"text\":");
    push_json_str(&mut s, &a.text);
    s.push('}');
    s
}

/// Appends `v` as a JSON string: `"` and `\` are backslash-escaped, control characters
/// (U+0000-U+001F and U+007F) become `\uXXXX`, everything else is copied as UTF-8.
fn push_json_str(out: &mut String, v: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in v.bytes().enumerate() {
        if b == b'"' || b == b'\\' || b < 0x20 || b == 0x7f {
            out.push_str(&v[start..i]);
            if b == b'"' || b == b'\\' {
                out.push('\\');
                out.push(b as char);
            } else {
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
            start = i + 1;
        }
    }
    out.push_str(&v[start..]);
    out.push('"');
}

/// The article as a news page: its paragraphs inside the furniture of a real site (cookie
/// banner, navigation, share bar, picture caption with a credit, related stories, footer),
/// with a canonical URL and JSON-LD. The text newskg extracts from it is the article's title,
/// a blank line and its text.
pub fn to_html_page(a: &Article) -> String {
    let esc = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut paras = String::new();
    for p in a.text.split("\n\n") {
        paras.push_str("<p>");
        paras.push_str(&esc(p));
        paras.push_str("</p>\n");
    }
    let mut ld = String::from("{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":");
    push_json_str(&mut ld, &a.title);
    ld.push_str(",\"datePublished\":");
    push_json_str(&mut ld, &a.date);
    ld.push_str(",\"publisher\":{\"@type\":\"Organization\",\"name\":\"Synthetic Wire\"}}");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} | Synthetic Wire</title>\n\
         <link rel=\"canonical\" href=\"{url}\">\n<script type=\"application/ld+json\">{ld}</script>\n\
         <script>window.ads = {{slot: \"</p><p>Never text\"}};</script></head>\n<body>\n\
         <div class=\"cookie-banner\">We use cookies to improve your experience on our website. <button>Accept</button></div>\n\
         <header><nav><a href=\"/\">Home</a> <a href=\"/world\">World</a> <a href=\"/business\">Business</a></nav></header>\n\
         <main><article><h1>{t}</h1>\n<div class=\"share-bar\"><a href=\"#\">Facebook</a><a href=\"#\">Email</a></div>\n\
         <figure><img src=\"a.jpg\" alt=\"\"><figcaption>Delegates arrive for the talks. Photograph: Staff/Synthetic Wire</figcaption></figure>\n\
         {paras}</article>\n<aside class=\"related\"><h2>Related</h2><ul><li><a href=\"/r\">Markets close higher</a></li></ul></aside></main>\n\
         <footer><p>All rights reserved.</p></footer>\n</body></html>\n",
        t = esc(&a.title),
        url = page_url(a),
    )
}

/// Where [`to_html_page`] says the article lives.
pub fn page_url(a: &Article) -> String {
    format!("https://synthetic-wire.example/{}", a.id)
}

/// One WARC/1.0 record, uncompressed: header, body, and the two line ends after it.
pub fn warc_record(kind: &str, uri: &str, date: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: {date}T12:00:00Z\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// The request and response records of a crawl of the article's page.
pub fn warc_records(a: &Article) -> [Vec<u8>; 2] {
    let url = page_url(a);
    let page = to_html_page(a);
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
        page.len()
    )
    .into_bytes();
    http.extend_from_slice(page.as_bytes());
    let request = format!("GET {url} HTTP/1.1\r\nHost: synthetic-wire.example\r\n\r\n");
    [
        warc_record(
            "request",
            &url,
            &a.date,
            "application/http; msgtype=request",
            request.as_bytes(),
        ),
        warc_record(
            "response",
            &url,
            &a.date,
            "application/http; msgtype=response",
            &http,
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Random numbers

/// SplitMix64 (Steele, Lea and Flood 2014).
struct Rng(u64);

fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    fn for_article(seed: u64, index: usize) -> Rng {
        Rng(mix64(
            seed ^ mix64((index as u64).wrapping_add(0x5EED_5EED_5EED_5EED)),
        ))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix64(self.0)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is below 2^-40 for our `n`).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
}

// ---------------------------------------------------------------------------------------------
// Embedded data

struct Country {
    name: &'static str,
    dem: &'static str,
    capital: &'static str,
    /// Other cities of the country from places.tsv (not the capital).
    cities: Vec<&'static str>,
    /// Written with "the" in running text ("the Netherlands").
    the: bool,
}

struct World {
    countries: Vec<Country>,
    given: Vec<(&'static str, bool)>,
    family: Vec<&'static str>,
}

/// Demonym rows that name a person rather than work as an adjective ("a Swede"); when the
/// country has another single-word demonym ("Swedish"), that one is used instead.
const NOUN_DEMONYMS: &[&str] = &[
    "Spaniard",
    "Swede",
    "Turk",
    "Serb",
    "Croat",
    "Filipina",
    "Batswana",
    "Tobagonian",
    "Bajan",
    "Greenlander",
    "Icelander",
    "Hongkonger",
    "Luxembourger",
    "Surinamer",
];

/// Territories that have rows in the gazetteer but no foreign minister of their own.
const NOT_STATES: &[&str] = &["Greenland", "Puerto Rico", "Hong Kong", "Macau", "Western Sahara"];

fn data_rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn needs_the(name: &str) -> bool {
    name.starts_with("United ")
        || name.contains("Republic")
        || name.ends_with("Islands")
        || matches!(
            name,
            "Bahamas" | "Gambia" | "Netherlands" | "Philippines" | "Maldives" | "Comoros" | "Seychelles"
        )
}

impl World {
    fn load() -> World {
        // Country rows first (file order), then demonyms and capitals.
        let mut order: Vec<&'static str> = Vec::new();
        let mut index: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut dems: Vec<Vec<&'static str>> = Vec::new();
        let mut caps: Vec<Option<&'static str>> = Vec::new();
        let rows: Vec<Vec<&'static str>> = data_rows(COUNTRIES_TSV).filter(|r| r.len() >= 5).collect();
        for r in &rows {
            if r[1] == "Country" && !index.contains_key(r[2]) {
                index.insert(r[2], order.len());
                order.push(r[2]);
                dems.push(Vec::new());
                caps.push(None);
            }
        }
        for r in &rows {
            let Some(&c) = index.get(r[4]) else { continue };
            match r[1] {
                "Demonym" if !r[0].contains(' ') && !r[0].ends_with('s') => dems[c].push(r[0]),
                "Capital" if caps[c].is_none() => caps[c] = Some(r[0]),
                _ => {}
            }
        }
        let mut cities: Vec<Vec<&'static str>> = vec![Vec::new(); order.len()];
        for r in data_rows(PLACES_TSV).filter(|r| r.len() >= 5 && r[1] == "City") {
            if let Some(&c) = index.get(r[4])
                && Some(r[0]) != caps[c]
                && r[0] == r[2]
                && !cities[c].contains(&r[0])
            {
                cities[c].push(r[0]);
            }
        }
        let mut countries = Vec::new();
        for (c, name) in order.iter().enumerate() {
            let (Some(&first), Some(capital)) = (dems[c].first(), caps[c]) else {
                continue;
            };
            if NOT_STATES.contains(name) {
                continue;
            }
            let dem = if NOUN_DEMONYMS.contains(&first) {
                dems[c]
                    .iter()
                    .copied()
                    .find(|d| !NOUN_DEMONYMS.contains(d))
                    .unwrap_or(first)
            } else {
                first
            };
            countries.push(Country {
                name,
                dem,
                capital,
                cities: std::mem::take(&mut cities[c]),
                the: needs_the(name),
            });
        }
        let mut given = Vec::new();
        let mut family = Vec::new();
        for r in data_rows(NAMES_TSV) {
            match (r[0], r.get(1)) {
                ("given", Some(n)) => given.push((*n, r.get(2).is_some_and(|g| g.trim() == "f"))),
                ("family", Some(n)) => family.push(*n),
                _ => {}
            }
        }
        assert!(
            countries.len() >= 3,
            "synth: too few countries with a demonym and a capital in countries.tsv"
        );
        assert!(
            given.len() >= 8 && family.len() >= 8,
            "synth: names.tsv needs at least 8 given and 8 family names"
        );
        World {
            countries,
            given,
            family,
        }
    }

    fn article(&self, seed: u64, index: usize, target_words: usize) -> Article {
        let mut g = Gen::new(self, Rng::for_article(seed, index));
        let date = format!("{:04}-{:02}-{:02}", g.year, g.month, g.day);
        g.bind(A, B, E, g.venue);
        let mut title = String::new();
        let headline = g.rng_pick(HEADLINES);
        g.render(headline, &mut title);
        capitalise_from(&mut title, 0);
        let text = g.body(target_words);
        Article {
            id: format!("synth-{seed}-{:06}", index + 1),
            title,
            date,
            text,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// People

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    President,
    PrimeMinister,
    ForeignMinister,
    DefenceMinister,
    TradeMinister,
    SpecialEnvoy,
    ChiefNegotiator,
    SecurityAdviser,
    Ambassador,
}

impl Role {
    /// Written before a name: "Foreign Minister Amara Njoroge", "special envoy Kenji Baek".
    fn title(self) -> &'static str {
        match self {
            Role::President => "President",
            Role::PrimeMinister => "Prime Minister",
            Role::ForeignMinister => "Foreign Minister",
            Role::DefenceMinister => "Defence Minister",
            Role::TradeMinister => "Trade Minister",
            Role::SpecialEnvoy => "special envoy",
            Role::ChiefNegotiator => "chief negotiator",
            Role::SecurityAdviser => "national security adviser",
            Role::Ambassador => "Ambassador",
        }
    }

    /// Written after "the Kenyan": "the Kenyan foreign minister".
    fn lower(self) -> &'static str {
        match self {
            Role::President => "president",
            Role::PrimeMinister => "prime minister",
            Role::ForeignMinister => "foreign minister",
            Role::DefenceMinister => "defence minister",
            Role::TradeMinister => "trade minister",
            Role::SpecialEnvoy => "special envoy",
            Role::ChiefNegotiator => "chief negotiator",
            Role::SecurityAdviser => "national security adviser",
            Role::Ambassador => "ambassador",
        }
    }

    /// Titles that are also used with the bare family name ("Foreign Minister Njoroge").
    fn formal(self) -> bool {
        matches!(
            self,
            Role::President
                | Role::PrimeMinister
                | Role::ForeignMinister
                | Role::DefenceMinister
                | Role::TradeMinister
        )
    }

    fn venue(self) -> &'static str {
        match self {
            Role::President => "the presidential palace",
            Role::PrimeMinister => "the prime minister's office",
            Role::DefenceMinister => "the defence ministry",
            Role::TradeMinister => "the trade ministry",
            _ => "the foreign ministry",
        }
    }
}

#[derive(Clone, Copy)]
struct Person {
    given: &'static str,
    family: &'static str,
    female: bool,
    country: usize,
    role: Role,
    /// For an ambassador: the country they are accredited to.
    to: usize,
}

// The cast of every article, as indexes into `Gen::cast`.
/// Host principal (country X).
const A: usize = 0;
/// Guest principal (country Y), same role as A.
const B: usize = 1;
/// Second host official (X): defence or trade minister or national security adviser.
const C: usize = 2;
/// Guest negotiator or envoy (Y).
const D: usize = 3;
/// Mediator (country Z).
const E: usize = 4;
/// Y's ambassador to X.
const F: usize = 5;
/// Host head of state or government (X), different from A.
const G: usize = 6;
/// Guest head of state or government (Y), different from B.
const H: usize = 7;

// ---------------------------------------------------------------------------------------------
// The article generator

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Travel,
    Maybe,
    Meet,
    Counterpart,
    Host,
    Delegations,
    LeadDelegation,
    Represent,
    Send,
    Quote,
    Filler,
}

/// Sentence kinds after the first paragraph, with weights.
const KIND_WEIGHTS: &[(Kind, usize)] = &[
    (Kind::Filler, 40),
    (Kind::Quote, 13),
    (Kind::Travel, 10),
    (Kind::Meet, 8),
    (Kind::Maybe, 7),
    (Kind::Delegations, 4),
    (Kind::LeadDelegation, 4),
    (Kind::Represent, 3),
    (Kind::Counterpart, 3),
    (Kind::Host, 3),
    (Kind::Send, 2),
];

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// AP style month abbreviations for datelines.
const MONTHS_AP: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];
const SMALL: [&str; 8] = ["two", "three", "four", "five", "six", "seven", "eight", "nine"];
const ORDINALS: [&str; 5] = ["second", "third", "fourth", "fifth", "sixth"];

struct Gen<'w> {
    w: &'w World,
    rng: Rng,
    cast: [Person; 8],
    mentioned: [bool; 8],
    /// Host, guest and mediator countries.
    x: usize,
    y: usize,
    z: usize,
    venue: &'static str,
    /// The talks are in the host country (else in the mediator's).
    hosted: bool,
    year: usize,
    month: usize,
    day: usize,
    weekday: usize,
    /// Who leads the host's and the guest's delegations.
    leaders: (usize, usize),
    /// Persons bound to `{p}`, `{q}`, `{r}` and the place bound to `{dest}` for one sentence.
    p: usize,
    q: usize,
    r: usize,
    dest: &'static str,
    /// The last topic written, so that "{topic} and {topic2}" are two different ones.
    last_topic: &'static str,
    /// Templates already used in this article (by address), to avoid repeats.
    used: Vec<usize>,
}

fn days_in_month(year: usize, month: usize) -> usize {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Day of the week, 0 = Sunday (Sakamoto's method).
fn weekday(year: usize, month: usize, day: usize) -> usize {
    const T: [usize; 12] = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4];
    let y = if month < 3 { year - 1 } else { year };
    (y + y / 4 - y / 100 + y / 400 + T[month - 1] + day) % 7
}

/// Upper-cases the first letter at or after byte `start` (skipping quotes and punctuation).
fn capitalise_from(s: &mut String, start: usize) {
    let Some((i, c)) = s[start..].char_indices().find(|(_, c)| c.is_alphanumeric()) else {
        return;
    };
    if c.is_lowercase() {
        let i = start + i;
        let upper: String = c.to_uppercase().collect();
        s.replace_range(i..i + c.len_utf8(), &upper);
    }
}

/// Number of words, a word being a run of bytes above the space character (the generator
/// writes no whitespace other than spaces and newlines).
pub fn count_words(s: &str) -> usize {
    let b = s.as_bytes();
    let Some(&first) = b.first() else { return 0 };
    let starts = b
        .iter()
        .zip(&b[1..])
        .filter(|&(&prev, &cur)| prev <= b' ' && cur > b' ')
        .count();
    starts + usize::from(first > b' ')
}

impl<'w> Gen<'w> {
    fn new(w: &'w World, mut rng: Rng) -> Gen<'w> {
        let n = w.countries.len();
        let x = rng.below(n);
        let mut y = rng.below(n - 1);
        if y >= x {
            y += 1;
        }
        let mut z = rng.below(n);
        while z == x || z == y {
            z = rng.below(n);
        }

        // Roles: A and B share one; G and H are the other head of state or government.
        let (principal, head) = match rng.below(100) {
            0..65 => (
                Role::ForeignMinister,
                if rng.chance(60) {
                    Role::President
                } else {
                    Role::PrimeMinister
                },
            ),
            65..85 => (Role::President, Role::PrimeMinister),
            _ => (Role::PrimeMinister, Role::President),
        };
        let second = rng.pick(&[Role::DefenceMinister, Role::SecurityAdviser, Role::TradeMinister]);
        let negotiator = rng.pick(&[Role::ChiefNegotiator, Role::SpecialEnvoy]);
        let mediator = rng.pick(&[Role::SpecialEnvoy, Role::SpecialEnvoy, Role::ForeignMinister]);
        let plan = [
            (x, principal),
            (y, principal),
            (x, second),
            (y, negotiator),
            (z, mediator),
            (y, Role::Ambassador),
            (x, head),
            (y, head),
        ];
        // Distinct family names and given names within an article.
        let mut fam = [0usize; 8];
        let mut giv = [0usize; 8];
        for i in 0..8 {
            loop {
                fam[i] = rng.below(w.family.len());
                if !fam[..i].contains(&fam[i]) {
                    break;
                }
            }
            loop {
                giv[i] = rng.below(w.given.len());
                if !giv[..i].contains(&giv[i]) {
                    break;
                }
            }
        }
        let cast = std::array::from_fn(|i| {
            let (given, female) = w.given[giv[i]];
            let (country, role) = plan[i];
            Person {
                given,
                family: w.family[fam[i]],
                female,
                country,
                role,
                to: x,
            }
        });

        let hosted = rng.chance(75);
        let venue = if hosted {
            let cx = &w.countries[x];
            if cx.cities.is_empty() || rng.chance(75) {
                cx.capital
            } else {
                rng.pick(&cx.cities)
            }
        } else {
            let cz = &w.countries[z];
            if cz.cities.is_empty() || rng.chance(60) {
                cz.capital
            } else {
                rng.pick(&cz.cities)
            }
        };

        let leaders = (
            if rng.chance(75) { A } else { G },
            if rng.chance(60) { B } else { D },
        );
        let year = rng.range(2016, 2025);
        let month = rng.range(1, 12);
        let day = rng.range(1, days_in_month(year, month));
        Gen {
            w,
            rng,
            cast,
            mentioned: [false; 8],
            x,
            y,
            z,
            venue,
            hosted,
            year,
            month,
            day,
            weekday: weekday(year, month, day),
            leaders,
            p: A,
            q: B,
            r: E,
            dest: venue,
            last_topic: "",
            used: Vec::with_capacity(64),
        }
    }

    fn rng_pick(&mut self, xs: &'static [&'static str]) -> &'static str {
        self.rng.pick(xs)
    }

    fn bind(&mut self, p: usize, q: usize, r: usize, dest: &'static str) {
        self.p = p;
        self.q = q;
        self.r = r;
        self.dest = dest;
    }

    fn capital_of(&self, who: usize) -> &'static str {
        self.w.countries[self.cast[who].country].capital
    }

    // ----- the body ----------------------------------------------------------------------------

    fn body(&mut self, target_words: usize) -> String {
        let target = (target_words.min(MAX_WORDS) * self.rng.range(70, 130) / 100).max(1);
        // Sentences average about 20 words, paragraphs 3-4 sentences; 2-5 sentences a paragraph
        // unless a very long target cannot fit in 12 paragraphs of 5 sentences.
        let paragraphs = target.div_ceil(70).clamp(5, 12);
        let max_sentences = (target * 6 / 5).div_ceil(paragraphs * 19).max(5);
        let mut text = String::with_capacity(target * 7 + 256);
        let mut words = 0;

        if self.rng.chance(12) {
            self.bind(A, B, E, self.venue);
            let start = text.len();
            let deck = self.rng_pick(DECKS);
            self.render(deck, &mut text);
            capitalise_from(&mut text, start);
            words += count_words(&text[start..]);
            text.push_str("\n\n");
        }
        let mut headings = 0;
        for i in 0..paragraphs {
            if i >= 2 && i + 1 < paragraphs && headings < 2 && self.rng.chance(14) {
                headings += 1;
                let start = text.len();
                let h = self.pick_unused(HEADINGS);
                self.render(h, &mut text);
                capitalise_from(&mut text, start);
                words += count_words(&text[start..]);
                text.push_str("\n\n");
            }
            // Vary paragraph lengths around the even share of the words still to write.
            let aim = target.saturating_sub(words) / (paragraphs - i) * self.rng.range(55, 145) / 100;
            let mut para_words = 0;
            let mut n = 0;
            loop {
                if n > 0 {
                    text.push(' ');
                }
                let start = text.len();
                let room = max_sentences - n;
                n += if i == 0 && n == 0 {
                    self.lead(&mut text);
                    1
                } else if i == 1 && n == 0 {
                    let kind =
                        self.rng
                            .pick(&[Kind::LeadDelegation, Kind::Delegations, Kind::Travel, Kind::Meet]);
                    self.sentence(kind, room, &mut text)
                } else {
                    let kind = self.random_kind();
                    self.sentence(kind, room, &mut text)
                };
                let w = count_words(&text[start..]);
                words += w;
                para_words += w;
                if n >= max_sentences || (n >= 2 && para_words + 8 >= aim) {
                    break;
                }
            }
            if i + 1 < paragraphs {
                text.push_str("\n\n");
                if i >= 1 && self.rng.chance(6) {
                    words += self.furniture(&mut text);
                    text.push_str("\n\n");
                }
            }
        }
        if self.rng.chance(30) {
            text.push_str("\n\n");
            self.furniture(&mut text);
        }
        text
    }

    fn furniture(&mut self, text: &mut String) -> usize {
        let start = text.len();
        let f = self.rng_pick(FURNITURE);
        self.render(f, text);
        count_words(&text[start..])
    }

    fn random_kind(&mut self) -> Kind {
        let total: usize = KIND_WEIGHTS.iter().map(|(_, w)| w).sum();
        let mut roll = self.rng.below(total);
        for &(k, w) in KIND_WEIGHTS {
            if roll < w {
                return k;
            }
            roll -= w;
        }
        Kind::Filler
    }

    /// The first sentence, maybe after a dateline.
    fn lead(&mut self, text: &mut String) {
        if self.rng.chance(40) {
            let city = if self.rng.chance(50) {
                self.venue.to_uppercase()
            } else {
                self.venue.to_string()
            };
            text.push_str(&city);
            if self.rng.chance(80) {
                text.push_str(", ");
                text.push_str(MONTHS_AP[self.month - 1]);
                text.push(' ');
                text.push_str(&self.day.to_string());
            }
            text.push_str(" (");
            text.push_str(self.rng.pick(AGENCIES));
            text.push_str(if self.rng.chance(50) { ") - " } else { ") — " });
        }
        self.bind(A, B, E, self.venue);
        let start = text.len();
        let t = if self.hosted {
            self.pick_unused(LEAD_HOSTED)
        } else {
            self.pick_unused(LEAD_NEUTRAL)
        };
        self.render(t, text);
        capitalise_from(text, start);
    }

    /// Picks a template not yet used in this article (six tries, then any).
    fn pick_unused(&mut self, xs: &'static [&'static str]) -> &'static str {
        let mut t = self.rng.pick(xs);
        for _ in 0..6 {
            if !self.used.contains(&(t.as_ptr() as usize)) {
                break;
            }
            t = self.rng.pick(xs);
        }
        self.used.push(t.as_ptr() as usize);
        t
    }

    /// Binds the persons for `kind`, then renders one sentence of that kind (two for some
    /// quotes, when `room` allows). Returns the number of sentences written.
    fn sentence(&mut self, kind: Kind, room: usize, text: &mut String) -> usize {
        let venue = self.venue;
        let templates: &'static [&'static str] = match kind {
            Kind::Travel => {
                let cx = self.w.countries[self.x].capital;
                let cy = self.w.countries[self.y].capital;
                // (traveller, destination, trip still to come)
                let options: &[(usize, &'static str, bool)] = if self.hosted {
                    &[
                        (B, venue, false),
                        (D, venue, false),
                        (E, venue, false),
                        (H, cx, true),
                        (A, cy, true),
                        (G, cy, true),
                        (E, cy, false),
                        (C, cy, true),
                    ]
                } else {
                    &[
                        (A, venue, false),
                        (B, venue, false),
                        (D, venue, false),
                        (C, venue, false),
                        (H, cx, true),
                        (G, cy, true),
                        (E, cx, false),
                    ]
                };
                let (p, dest, future) = self.rng.pick(options);
                self.bind(p, B, E, dest);
                if future || self.rng.chance(35) {
                    TRAVEL_FUTURE
                } else {
                    TRAVEL
                }
            }
            Kind::Maybe => {
                let (p, q) = self.meeting_pair();
                let dest = self.capital_of(q);
                self.bind(p, q, E, dest);
                MAYBE
            }
            Kind::Meet => {
                let (p, q) = self.meeting_pair();
                self.bind(p, q, E, venue);
                MEET
            }
            Kind::Counterpart => {
                let (p, q) = self.rng.pick(&[(A, B), (B, A), (A, B), (G, H)]);
                self.bind(p, q, E, venue);
                COUNTERPART
            }
            Kind::Host if self.hosted => {
                let p = self.rng.pick(&[A, A, G]);
                let q = self.rng.pick(&[B, B, D, H, E]);
                self.bind(p, q, E, venue);
                HOST
            }
            Kind::Host => {
                let q = self.rng.pick(&[A, B]);
                self.bind(E, q, E, venue);
                HOST_NEUTRAL
            }
            Kind::Delegations => {
                let p = self.rng.pick(&[A, C, G]);
                let q = self.rng.pick(&[B, D]);
                if self.rng.chance(50) {
                    self.bind(p, q, E, venue)
                } else {
                    self.bind(q, p, E, venue)
                }
                DELEGATIONS
            }
            Kind::LeadDelegation => {
                // Each side's delegation has one leader for the whole article.
                let (p, q) = match (self.rng.chance(70), self.leaders) {
                    (true, (_, y_lead)) => (y_lead, self.rng.pick(if y_lead == B { &[D, F] } else { &[F] })),
                    (false, (x_lead, _)) => (x_lead, if x_lead == A { C } else { A }),
                };
                self.bind(p, q, E, venue);
                LEAD_DELEGATION
            }
            Kind::Represent => {
                let q = self.rng.pick(&[A, C, G]);
                let dest = self.w.countries[self.x].capital;
                self.bind(F, q, E, dest);
                REPRESENT
            }
            Kind::Send => {
                let cy = self.w.countries[self.y].capital;
                let (p, q, dest) = self
                    .rng
                    .pick(&[(D, A, venue), (C, B, cy), (D, G, venue), (C, H, cy)]);
                self.bind(p, q, E, dest);
                SEND
            }
            Kind::Quote => {
                let p = self.rng.pick(&[A, A, B, B, C, D, D, E, F, G, H]);
                self.bind(p, B, E, venue);
                QUOTES
            }
            Kind::Filler => {
                self.bind(A, B, E, venue);
                FILLER
            }
        };
        let mut t = self.pick_unused(templates);
        while room < 2 && t.contains(". \"") {
            t = self.pick_unused(templates);
        }
        let start = text.len();
        self.render(t, text);
        capitalise_from(text, start);
        let sentence = &text[start..];
        let tail_fits = match kind {
            Kind::Filler | Kind::Delegations => true,
            Kind::Travel | Kind::Meet | Kind::Host => !sentence.contains(", "),
            _ => false,
        };
        if tail_fits
            && sentence.ends_with('.')
            && !sentence.contains(" said")
            && !sentence.contains("according to")
            && self.rng.chance(45)
        {
            text.pop();
            let tail = self.pick_unused(TAILS);
            self.render(tail, text);
            text.push('.');
        }
        1 + t.matches(". \"").count()
    }

    /// Two people from different sides who plausibly meet.
    fn meeting_pair(&mut self) -> (usize, usize) {
        let pairs: &[(usize, usize)] = if self.hosted {
            &[(A, B), (B, A), (C, D), (G, B), (A, D), (E, A), (E, B), (G, H)]
        } else {
            &[(A, B), (B, A), (E, A), (E, B), (C, D), (A, D), (D, E)]
        };
        self.rng.pick(pairs)
    }

    // ----- templates -----------------------------------------------------------------------------

    /// Appends template `t` with its `{slot}`s filled in.
    fn render(&mut self, t: &'static str, out: &mut String) {
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = open + rest[open..].find('}').expect("synth: unclosed slot");
            let name = &rest[open + 1..close];
            rest = &rest[close + 1..];
            self.slot(name, rest, out);
        }
        out.push_str(rest);
    }

    fn who(&self, letter: u8) -> usize {
        match letter {
            b'p' | b'P' => self.p,
            b'q' | b'Q' => self.q,
            _ => self.r,
        }
    }

    fn slot(&mut self, name: &str, after: &str, out: &mut String) {
        let b = name.as_bytes();
        match name {
            "p" | "q" | "r" => self.mention(self.who(b[0]), false, out),
            "P" | "Q" | "R" => {
                // An appositive ("Amara Njoroge, the Kenyan foreign minister,") only fits
                // before a verb.
                let verb_follows = after.starts_with(' ')
                    && after[1..].starts_with(|c: char| c.is_ascii_lowercase())
                    && !after.starts_with(" and ");
                self.mention(self.who(b[0]), verb_follows, out)
            }
            "X" | "Y" | "Z" => self.country_name(self.country_letter(b[0]), out),
            _ if b.len() > 2 && b[1] == b'_' => {
                let attr = &name[2..];
                match b[0] {
                    b'p' | b'q' | b'r' => self.person_attr(self.who(b[0]), attr, out),
                    b'X' | b'Y' | b'Z' => self.country_attr(self.country_letter(b[0]), attr, out),
                    _ => panic!("synth: unknown slot {{{name}}}"),
                }
            }
            "city" => out.push_str(self.venue),
            "dest" => out.push_str(self.dest),
            "ocity" => {
                let w = self.w;
                let c = &w.countries[self.x];
                let city = if !c.cities.is_empty() && self.rng.chance(50) {
                    self.rng.pick(&c.cities)
                } else {
                    let other = self.rng.below(w.countries.len());
                    w.countries[other].capital
                };
                out.push_str(if city == self.venue {
                    w.countries[self.z].capital
                } else {
                    city
                });
            }
            "today" => out.push_str(WEEKDAYS[self.weekday]),
            "yday" => out.push_str(WEEKDAYS[(self.weekday + 6) % 7]),
            "tomorrow" => out.push_str(WEEKDAYS[(self.weekday + 1) % 7]),
            "later" => out.push_str(WEEKDAYS[(self.weekday + self.rng.range(2, 4)) % 7]),
            "month" => out.push_str(MONTHS[self.month - 1]),
            "lmonth" => out.push_str(MONTHS[(self.month + 10) % 12]),
            "nmonth" => out.push_str(MONTHS[self.month % 12]),
            "year" => push_num(out, self.year),
            "lyear" => push_num(out, self.year - self.rng.range(1, 6)),
            "nyear" => push_num(out, self.year + 1),
            "n" => push_num(out, self.rng.range(12, 480)),
            "n2" => out.push_str(self.rng.pick(&SMALL)),
            "nth" => out.push_str(self.rng.pick(&ORDINALS)),
            "pts" => push_num(out, self.rng.range(5, 30)),
            "bigN" => {
                let v = self.rng.range(12, 980);
                push_num(out, v / 10);
                out.push(',');
                push_num(out, v % 10);
                out.push_str("00");
            }
            "pct" => {
                push_num(out, self.rng.range(1, 14));
                out.push('.');
                push_num(out, self.rng.range(1, 9));
            }
            "ipct" => push_num(out, self.rng.range(5, 45)),
            "bn" => {
                push_num(out, self.rng.range(1, 40));
                out.push('.');
                push_num(out, self.rng.range(1, 9));
            }
            "mn" => push_num(out, self.rng.range(20, 900)),
            "org" => out.push_str(self.rng.pick(ORGS)),
            "topic" | "topic2" => {
                // Two topics in one sentence differ ("grain exports and port access").
                let mut t = self.rng.pick(TOPICS);
                while t == self.last_topic {
                    t = self.rng.pick(TOPICS);
                }
                self.last_topic = t;
                out.push_str(t);
            }
            "adj" => out.push_str(self.rng.pick(TALK_ADJECTIVES)),
            "agency" => out.push_str(self.rng.pick(AGENCIES)),
            "quote" | "quote2" => {
                let q = self.pick_unused(QUOTE_BODIES);
                self.render(q, out);
            }
            "anyname" => {
                out.push_str(self.rng.pick(&self.w.given).0);
                out.push(' ');
                out.push_str(self.rng.pick(&self.w.family));
            }
            _ => panic!("synth: unknown slot {{{name}}}"),
        }
    }

    fn country_letter(&self, letter: u8) -> usize {
        match letter {
            b'X' => self.x,
            b'Y' => self.y,
            _ => self.z,
        }
    }

    fn country_name(&self, c: usize, out: &mut String) {
        let c = &self.w.countries[c];
        if c.the {
            out.push_str("the ");
        }
        out.push_str(c.name);
    }

    fn country_attr(&self, c: usize, attr: &str, out: &mut String) {
        let country = &self.w.countries[c];
        match attr {
            "dem" => out.push_str(country.dem),
            "cap" => out.push_str(country.capital),
            "cname" => out.push_str(country.name),
            "poss" => {
                self.country_name(c, out);
                out.push_str(if country.name.ends_with('s') { "'" } else { "'s" });
            }
            _ => panic!("synth: unknown country attribute {attr}"),
        }
    }

    fn person_attr(&mut self, who: usize, attr: &str, out: &mut String) {
        let p = self.cast[who];
        match attr {
            "name" => {
                if !self.mentioned[who] {
                    out.push_str(p.given);
                    out.push(' ');
                }
                self.mentioned[who] = true;
                out.push_str(p.family);
            }
            "full" => {
                self.mentioned[who] = true;
                out.push_str(p.given);
                out.push(' ');
                out.push_str(p.family);
            }
            "fam" => out.push_str(p.family),
            "title" => out.push_str(p.role.lower()),
            "he" => out.push_str(if p.female { "she" } else { "he" }),
            "his" => out.push_str(if p.female { "her" } else { "his" }),
            "him" => out.push_str(if p.female { "her" } else { "him" }),
            "venue" => out.push_str(p.role.venue()),
            "to" => self.country_name(p.to, out),
            "tocap" => out.push_str(self.w.countries[p.to].capital),
            _ => self.country_attr(p.country, attr, out),
        }
    }

    /// A person's name as news text writes it: with title and nationality the first time,
    /// mostly the bare family name after that.
    fn mention(&mut self, who: usize, appositive_ok: bool, out: &mut String) {
        let p = self.cast[who];
        let w = self.w;
        let country = &w.countries[p.country];
        if self.mentioned[who] {
            let roll = self.rng.below(100);
            if roll < 18 && p.role.formal() {
                out.push_str(p.role.title());
                out.push(' ');
            } else if roll >= 95 {
                out.push_str(if p.female { "Ms " } else { "Mr " });
            }
            out.push_str(p.family);
            return;
        }
        self.mentioned[who] = true;
        let roll = self.rng.below(100);
        if appositive_ok && roll < 35 {
            if roll < 20 {
                // "Amara Njoroge, the Kenyan foreign minister,"
                out.push_str(p.given);
                out.push(' ');
                out.push_str(p.family);
                out.push_str(", the ");
                out.push_str(country.dem);
                out.push(' ');
                out.push_str(p.role.lower());
            } else {
                // "Kenya's foreign minister, Amara Njoroge,"
                self.country_attr(p.country, "poss", out);
                out.push(' ');
                out.push_str(p.role.lower());
                if p.role == Role::Ambassador {
                    out.push_str(" to ");
                    self.country_name(p.to, out);
                }
                out.push_str(", ");
                out.push_str(p.given);
                out.push(' ');
                out.push_str(p.family);
            }
            if roll < 20 && p.role == Role::Ambassador {
                out.push_str(" to ");
                self.country_name(p.to, out);
            }
            out.push(',');
            return;
        }
        if roll < 85 || p.role == Role::Ambassador {
            out.push_str(country.dem);
            out.push(' ');
        }
        out.push_str(p.role.title());
        out.push(' ');
        out.push_str(p.given);
        out.push(' ');
        out.push_str(p.family);
    }
}

fn push_num(out: &mut String, v: usize) {
    use std::fmt::Write as _;
    let _ = write!(out, "{v}");
}

// ---------------------------------------------------------------------------------------------
// Templates
//
// Slots: {p} {q} {r} name a bound person (title and nationality at the first mention);
// {P} {Q} {R} the same at the start of a clause, where an appositive is allowed;
// {p_name} first "Given Family", then "Family"; {p_full}; {p_fam} (does not count as a
// mention); {p_title}; {p_he} {p_his} {p_him}; {p_dem} {p_cap} {p_cname} {p_poss} of the
// person's country; {p_venue}; {p_to} {p_tocap} (an ambassador's host country).
// {X} {Y} {Z}: host, guest and mediator countries, with {X_dem} {X_cap} {X_cname} {X_poss}.
// {city}: where the talks are; {dest}: the place bound for the sentence; {ocity}: elsewhere.
// {today} {yday} {tomorrow} {later}: weekdays; {month} {lmonth} {nmonth} {year} {lyear} {nyear}.
// Numbers: {n} {n2} (word) {nth} {pts} {bigN} {pct} {ipct} {bn} {mn}.
// Other: {org} {topic} {topic2} {adj} {agency} {quote} {quote2} {anyname}.

const HEADLINES: &[&str] = &[
    "{p_fam} and {q_fam} meet in {city} as talks on {topic} resume",
    "{X_dem}, {Y_dem} officials hold talks in {city} on {topic}",
    "{q_fam} heads to {city} for talks on {topic}",
    "{Y} sends delegation to {city} amid dispute over {topic}",
    "{X} and {Y} agree to keep talking after {city} meeting",
    "No breakthrough as {X_dem} and {Y_dem} envoys meet in {city}",
    "{r_fam} steps up mediation between {X} and {Y}",
    "Talks on {topic} resume in {city}",
    "{q_fam} visit to {city} puts {topic} back on the agenda",
    "{X_dem} and {Y_dem} negotiators report progress on {topic}",
    "{Y} signals flexibility on {topic} ahead of {city} talks",
    "Pressure mounts on {X} and {Y} to reach deal on {topic}",
    "{p_fam} hosts {Y_dem} delegation as {topic} dispute drags on",
    "Diplomats cautious after {X_dem}-{Y_dem} talks in {city}",
    "{Z_dem} envoy to shuttle between {X_cap} and {Y_cap}",
    "{X}, {Y} trade accusations as {city} talks stall",
];

const DECKS: &[&str] = &[
    "Talks in {city} end without agreement on {topic}",
    "The visit is the first by a senior {Y_dem} official in {n2} years",
    "Both sides describe the meeting as {adj}, but key differences remain",
    "{Z} offers to host the next round as pressure builds over {topic}",
    "Negotiators are expected to meet again within {n2} weeks",
];

const LEAD_HOSTED: &[&str] = &[
    "{P} met {p_his} {q_dem} counterpart {q_name} in {city} on {yday}, as the two governments tried to narrow their differences over {topic}.",
    "{Q} arrived in {city} on {yday} for {n2} days of talks with {p} on {topic}, the first such visit in {n2} years.",
    "{Q} will travel to {city} on {tomorrow} for talks with {p}, the {Y_dem} foreign ministry said on {today}.",
    "{P} hosted {q} at {p_venue} in {city} on {yday}, pledging to deepen cooperation on {topic} and {topic2}.",
    "Talks between the {X_dem} and {Y_dem} delegations resumed in {city} on {yday} after a pause of {n2} months, with {topic} at the top of the agenda.",
    "{Q} flew to {city} late on {yday}, hoping to revive stalled negotiations on {topic} with {p}.",
    "{Q} is expected to visit {city} next week for talks with {p}, in what officials described as a test of whether relations between {X} and {Y} can be repaired.",
    "A {Y_dem} delegation including {q} arrived in {city} on {today} for talks on {topic}, officials in both capitals said.",
    "{P} held talks with {q} in {city} on {yday}, the highest-level contact between {X} and {Y} since {lmonth}.",
    "{P} received {q} in {city} on {yday} for talks that officials said would focus on {topic}.",
    "{X} and {Y} opened a new round of talks in {city} on {today}, with {p} and {q} attending the opening session.",
    "{Q} landed in {city} on {yday} for a {n2}-day visit, the first by a senior {Y_dem} official in more than a year.",
];

const LEAD_NEUTRAL: &[&str] = &[
    "{P} and {q} met in {city} on {yday} for talks hosted by {r}, the first direct contact between {X} and {Y} since {lmonth}.",
    "Talks between the {X_dem} and {Y_dem} delegations opened in {city} on {today}, with {Z} acting as mediator.",
    "{P} flew to {city} on {yday} for talks with {q}, in a meeting brokered by {Z}.",
    "{R} hosted {p} and {q} in {city} on {yday}, in an effort to revive stalled negotiations over {topic}.",
    "{X_dem} and {Y_dem} negotiators sat down in {city} on {yday} for a new round of talks on {topic}, officials from both sides said.",
    "{Q} will travel to {city} on {tomorrow} to meet {p} at talks mediated by {Z}, {Y_poss} foreign ministry said.",
    "{P} met {p_his} {q_dem} counterpart {q_name} in {city} on {yday}, at a meeting hosted by the {Z_dem} government.",
    "Senior officials from {X} and {Y} gathered in {city} on {today} for indirect talks on {topic}, with {r} shuttling between the two delegations.",
];

const TRAVEL: &[&str] = &[
    "{P} arrived in {dest} late on {yday}, several hours behind schedule.",
    "{P} flew to {dest} on {yday} after a brief stop in {ocity}.",
    "{P} landed in {dest} on {today} morning and went straight into meetings with officials.",
    "Earlier in the week, {p} travelled to {dest} to brief officials on the state of the negotiations.",
    "{P}, who arrived in {dest} on {yday}, is due to stay until the end of the week.",
    "{P} headed to {dest} on {yday}, {p_his} {nth} trip to the region this year.",
    "{P}, in {dest} since {yday}, told reporters that {p_he} expected the talks to continue for several days.",
    "{P} travelled to {dest} on {yday} accompanied by a small team of advisers.",
    "{P} visited {dest} in {lmonth} and is expected to return before the end of the year.",
    "After the talks, {p} went to {dest} for consultations with the leadership.",
    "{P} departed for {dest} on {today}, {org} said in a brief statement.",
];

/// Trips that have not happened yet.
const TRAVEL_FUTURE: &[&str] = &[
    "{P} will travel to {dest} on {tomorrow}, according to a statement from {org}.",
    "{P} is expected to visit {dest} next week, two people familiar with the plans said.",
    "{P} is scheduled to leave for {dest} on {later}, {p_his} office said.",
    "{P} will make the trip to {dest} in {nmonth}, officials said, though the dates have not been announced.",
    "It will be {p}'s first visit to {dest} since taking office in {lyear}.",
    "{P} is set to arrive in {dest} on {later} for what aides described as a working visit.",
    "{P} plans to fly to {dest} early next month, according to a diplomatic source.",
    "{P} is due to head to {dest} after the talks, {p_his} spokesperson said.",
];

const MAYBE: &[&str] = &[
    "{P} did not travel to {dest} as planned, sending {p_his} deputy instead.",
    "{P} may meet {q} on the sidelines of a regional summit in {ocity} later this month.",
    "{P} could travel to {dest} as early as next month, officials said, although no date has been set.",
    "It was not clear whether {p} would meet {q} during the visit.",
    "{P} has no plans to visit {dest} before the end of the year, a spokesperson said.",
    "{P} cancelled a planned trip to {dest} at short notice on {yday}, citing scheduling problems.",
    "{P} might meet {q} in {dest} if progress is made at the technical level, diplomats said.",
    "{P} declined to meet {q}, according to two officials briefed on the matter.",
    "{P} is considering a visit to {dest} in {nmonth}, according to people close to {p_him}.",
    "{P} is unlikely to travel to {dest} before {nmonth}, a senior official said.",
    "{P} has not met {q} since {lmonth}, when talks broke down over {topic}.",
    "Neither side ruled out a meeting between {p} and {q} later this year.",
    "{P} refused to meet {q} in {lmonth}, calling the {q_dem} proposals unacceptable.",
    "A planned visit by {p} to {dest} was postponed indefinitely last month.",
    "{P} hopes to meet {q} before the end of {nmonth}, officials said.",
    "{P} skipped a meeting with {q} scheduled for {yday}, without giving a reason.",
];

const MEET: &[&str] = &[
    "{P} met {q} in {city} on {yday} for talks that lasted more than {n2} hours.",
    "{P} held talks with {q} on {yday}, focusing on {topic} and {topic2}.",
    "{P} also sat down with {q} for a separate meeting on {topic}.",
    "On {yday}, {p} met {q} behind closed doors, officials said.",
    "{P} and {q} held talks over dinner on {yday}, according to a diplomat familiar with the meeting.",
    "{P} is due to meet {q} again on {tomorrow} to review progress.",
    "The meeting between {p} and {q} was the first since {lmonth}.",
    "{P} later met with {q} to discuss {topic}, {org} said.",
    "{P} met separately with {q} on {today}, a day after the main session.",
    "{P} will meet {q} on {later} in {city}, according to a schedule released by {org}.",
    "{P} held a one-on-one meeting with {q} that lasted about {n2} hours, officials said.",
    "{P} is expected to hold talks with {q} in {city} on {tomorrow}.",
    "{P} and {q} met for the {nth} time this year on {yday}, according to officials.",
    "{P} negotiated with {q} late into the night, before the talks broke up without a joint statement.",
    "Talks between {p} and {q} are set to continue on {tomorrow}.",
    "{P} consulted with {q} before the plenary session, a diplomat said.",
];

const COUNTERPART: &[&str] = &[
    "{P} met {p_his} {q_dem} counterpart {q_name} in {city} on {yday}.",
    "{P} and {p_his} {q_dem} counterpart, {q_name}, held a joint news conference after the meeting.",
    "It was {p}'s {nth} meeting with {p_his} {q_dem} counterpart this year.",
    "{P} is expected to meet {p_his} {q_dem} counterpart, {q_name}, on {tomorrow}.",
    "{P} said {p_he} had a frank exchange with {p_his} {q_dem} counterpart about {topic}.",
];

const HOST: &[&str] = &[
    "{P} hosted {q} at {p_venue} on {yday}.",
    "{Q} was received by {p} at {p_venue} on {yday}.",
    "{P} welcomed {q} to {city} with a full ceremonial guard on {yday}.",
    "{P} will host {q} for a working dinner on {tomorrow}, officials said.",
    "{Q} was greeted by {p} at the airport in {city} on {yday}.",
    "{P} received {q} on {today}, {org} said, without giving details of the discussion.",
];

const HOST_NEUTRAL: &[&str] = &[
    "{P} hosted {q} for a working lunch in {city} on {yday}.",
    "{Q} was received by {p} in {city} on {yday}, ahead of the formal session.",
    "{P} will host {q} again on {tomorrow}, {Z_poss} foreign ministry said.",
];

const DELEGATIONS: &[&str] = &[
    "Talks between the {p_dem} and {q_dem} delegations lasted well into the night.",
    "The {p_dem} and {q_dem} delegations held {n2} rounds of talks in {city} before breaking for consultations.",
    "Negotiations between the {p_dem} side and the {q_dem} side are expected to resume on {tomorrow}.",
    "Discussions between the {p_cname} side and the {q_cname} side focused on {topic}, according to a readout from {org}.",
    "The talks between the two delegations were described by one participant as tense but businesslike.",
    "The {p_dem} side has asked for more time to study the {q_dem} proposals on {topic}.",
    "Officials said the {q_cname} side presented a {pts}-point plan on {topic}.",
    "The {p_dem} and {q_dem} teams met again on {today} to go over the draft text line by line.",
];

const LEAD_DELEGATION: &[&str] = &[
    "The {p_dem} delegation was led by {p}.",
    "The {p_dem} delegation was led by {p} and included {q}.",
    "{P} led the {p_dem} side, which also included {q}.",
    "{P} headed a {p_dem} team that included {q} and several senior military officers.",
    "{P} is leading the {p_dem} delegation, {p_his} office said.",
    "The {p_dem} team, headed by {p}, arrived with a detailed set of proposals on {topic}.",
    "The {p_dem} negotiating team is being led by {p}, with {q} also at the table.",
    "{P} will lead the {p_dem} delegation, which will include {q}, {org} said.",
    "The {p_dem} delegation, headed by {p}, also included {q}.",
    "{P} chaired the {p_dem} side of the talks, with {q} taking part in the technical sessions.",
];

const REPRESENT: &[&str] = &[
    "{p_full}, the {p_dem} ambassador to {p_to}, said the talks showed that both sides were serious.",
    "{p_poss} ambassador to {p_to}, {p_name}, said {p_he} expected further meetings in the coming weeks.",
    "Speaking to reporters, {p_name}, the {p_dem} ambassador to {p_to}, said the visit was long overdue.",
    "{P} represented {p_cname} at the preparatory meetings earlier in the week.",
    "{p_full}, {p_poss} ambassador to {p_to}, told {agency} that {p_he} had met {q} twice in the past month.",
    "{P} has served as {p_dem} ambassador in {p_tocap} since {lyear}.",
];

const SEND: &[&str] = &[
    "{p_cname} will send {p} to {dest} to meet {q} next week, officials said.",
    "{p_cname} has sent {p} to {dest} to meet {q} ahead of the next round.",
    "The government will dispatch {p} to {dest} on {tomorrow} for talks with {q}.",
    "{P} was sent to {dest} to meet {q} and present the latest proposals.",
];

const QUOTES: &[&str] = &[
    "\"{quote},\" {p} said.",
    "\"{quote},\" {p} told reporters in {city}.",
    "{P} said: \"{quote}.\"",
    "\"{quote},\" {p} said. \"{quote2}.\"",
    "\"{quote},\" said {p}, speaking after the meeting.",
    "{P} described the talks as \"{adj}\".",
    "\"{quote},\" {p} said in a statement posted on social media.",
    "Asked about {topic}, {p} said: \"{quote}.\"",
    "\"{quote},\" {p} said on {yday}.",
    "In a statement, {org} said: \"{quote}.\"",
    "\"We are ready,\" {p} said. \"{quote}.\"",
    "{P} told {agency}: \"{quote}.\"",
];

const QUOTE_BODIES: &[&str] = &[
    "We are ready to work constructively with all our partners",
    "There is still a lot of work to be done",
    "Nobody should expect a breakthrough overnight",
    "We came here in good faith",
    "Our position has not changed",
    "The door to dialogue remains open",
    "This was a frank and useful conversation",
    "We will not accept any agreement that undermines our sovereignty",
    "Progress has been made, but serious gaps remain",
    "The next few weeks will be decisive",
    "We want a just and lasting peace",
    "Trade is the best guarantee of stability in the region",
    "We expect concrete steps, not more promises",
    "I am cautiously optimistic",
    "Both sides showed flexibility today",
    "The security of our citizens comes first",
    "We have been talking for {n2} months and we will keep talking",
    "Nothing is agreed until everything is agreed",
    "Sanctions are not a substitute for diplomacy",
    "We discussed {topic} in detail",
    "The ceasefire must be respected by everyone",
    "Our economies need each other",
    "This is not the end of the process, it is the beginning",
    "We have agreed to meet again soon",
    "There can be no military solution to this conflict",
    "The ball is now in their court",
    "We are not going to negotiate under pressure",
    "Our friends in {Z} have played a very helpful role",
    "We listened carefully to their proposals",
    "It was a difficult meeting, but a necessary one",
    "We will study the draft text and respond within {n2} weeks",
    "The people of {X} want to see results",
    "We have made it clear that our red lines remain",
    "I think we built on that today",
    "Trust has to be rebuilt step by step",
    "The humanitarian situation cannot wait",
    "We are committed to the path of dialogue",
    "No one benefits from a prolonged conflict",
    "Our delegation will return home for consultations",
    "An agreement on {topic} is within reach",
];

/// Endings added to some sentences (before the final full stop) to vary their length.
const TAILS: &[&str] = &[
    ", officials said",
    ", according to a senior official who spoke on condition of anonymity",
    ", two diplomats familiar with the discussions said",
    ", a development that analysts said could ease tensions in the region",
    ", amid mounting pressure from regional partners to reach a settlement",
    ", days after the previous round ended without agreement",
    ", though details of the discussions were not made public",
    ", in a sign of the growing urgency surrounding the negotiations",
    ", according to people briefed on the talks",
    ", a person familiar with the matter said",
    ", state media reported",
    ", local media reported on {today}",
    ", the latest sign of a thaw in relations between {X} and {Y}",
];

const TALK_ADJECTIVES: &[&str] = &[
    "productive",
    "constructive",
    "frank and open",
    "difficult but useful",
    "very productive and useful",
    "disappointing",
    "a step in the right direction",
    "businesslike",
];

const FILLER: &[&str] = &[
    "Bilateral trade between {X} and {Y} reached ${bn} billion last year, up {pct} percent on the previous year, with machinery, fuel and farm goods making up most of the total.",
    "{X_poss} economy grew by {pct} percent in the third quarter, according to official figures released in {lmonth}, but economists warn that growth is slowing.",
    "Inflation in {Y} stood at {pct} percent in {lmonth}, the highest level in {n2} years, driven largely by the rising cost of food and fuel.",
    "The central bank in {Y_cap} raised its main interest rate to {pct} percent earlier this year in an attempt to support the currency.",
    "Sanctions imposed in {lyear} have cut {Y_poss} oil exports by roughly a third, analysts estimate, and have made it harder for banks to process foreign payments.",
    "{Y} has repeatedly called for the lifting of sanctions, which it says have hurt ordinary citizens far more than the government they were meant to target.",
    "The ceasefire agreed in {lmonth} has largely held, although monitors recorded {n} violations in the past week alone, most of them along the northern section of the line.",
    "More than {bigN} people have been displaced by the fighting, according to aid agencies, and many of them are living in temporary shelters near the border.",
    "Security along the border remains fragile, with {n} soldiers killed in clashes since the start of the year and both sides reinforcing their positions.",
    "Diplomats say any deal is likely to include a phased withdrawal of troops, an exchange of prisoners and a mechanism to monitor the ceasefire.",
    "The two countries signed {n2} memoranda of understanding covering energy, agriculture and transport, although most of them have yet to be put into practice.",
    "Negotiators have yet to agree on the wording of a joint statement, and officials said several paragraphs of the draft remain in brackets.",
    "A previous round of talks in {ocity} ended in {lmonth} without agreement, after the two sides failed to settle their differences over {topic}.",
    "The dispute over {topic} has strained relations between the two countries for more than a decade and has derailed several earlier attempts at a settlement.",
    "Analysts say the talks are unlikely to produce a breakthrough before {nmonth}, when both governments are due to present their budgets.",
    "The {Y_dem} currency has lost {pct} percent of its value against the dollar since January, pushing up the price of imported goods.",
    "A ${bn} billion port project financed by {Z} has become a point of contention, with critics in {Y_cap} questioning the terms of the loan.",
    "Shipping through the region has fallen by {ipct} percent since the start of the crisis, and insurance costs for cargo vessels have risen sharply.",
    "Exports of grain and fertiliser rose to {mn} million tonnes in {lyear}, making the trade route one of the most important in the region.",
    "Opposition lawmakers in {X_cap} have criticised the government for moving too quickly and for failing to consult parliament on the terms of the talks.",
    "Several hundred protesters gathered outside the parliament in {Y_cap} on {yday}, calling for an end to the talks and for new elections.",
    "Officials said a draft framework agreement runs to {n} pages and covers {n2} main areas, from border security to the return of displaced people.",
    "The Inter-Regional Development Bank has pledged ${bn} billion in loans to support reconstruction, on condition that the ceasefire holds.",
    "Defence spending in {X} has risen to {pct} percent of gross domestic product, the highest share in more than {n2} decades.",
    "Military exercises near the border in {lmonth} raised fears of a wider escalation and prompted calls for restraint from neighbouring governments.",
    "The Security Council is expected to discuss the situation at a meeting on {later}, diplomats in {Z_cap} said.",
    "{Z} has offered to host further rounds of negotiations and to provide monitors for any ceasefire that the two sides agree.",
    "Under the proposed arrangement, a joint commission would meet every {n2} months to review implementation and settle disputes.",
    "Energy prices have climbed by {ipct} percent since {lmonth}, adding to pressure on both governments to find a way out of the crisis.",
    "{X} and {Y} restored full diplomatic relations in {lyear} after a break of {n2} years, but trust between the two capitals remains limited.",
    "Unemployment in the border provinces is estimated at {ipct} percent, roughly double the national average, and young people have been leaving in large numbers.",
    "The talks come {n2} weeks before a regional summit in {ocity}, where leaders are expected to discuss trade, migration and security.",
    "Humanitarian agencies say at least {bigN} people need food assistance, and that access to some areas is still restricted.",
    "A {n}-kilometre pipeline linking the two countries has been idle since {lyear}, costing both governments hundreds of millions of dollars in lost revenue.",
    "The finance ministry in {Y_cap} expects the budget deficit to narrow to {pct} percent of output next year, helped by higher commodity prices.",
    "Tariffs of up to {ipct} percent on steel and aluminium remain in place, and business groups on both sides have lobbied for them to be lifted.",
    "The national security council met on {yday} to review the country's negotiating position ahead of the next round.",
    "{Y} has accused {X} of violating the ceasefire on at least {n2} occasions this month, a charge that {X} denies.",
    "Prisoner exchanges carried out in {lmonth} freed {n} detainees from both sides and were seen as a rare sign of goodwill.",
    "Foreign investment in {Y} fell to ${bn} billion last year, according to government data, as companies waited for greater political certainty.",
    "Both governments face elections in {nyear}, which analysts say limits their room for compromise on the most sensitive issues.",
    "The Ministry of Foreign Affairs said in a statement that the talks had been held in a constructive atmosphere and would continue at expert level.",
    "Remittances account for about {ipct} percent of {Y_poss} gross domestic product, making the economy vulnerable to any tightening of visa rules.",
    "The agreement would allow {mn} million tonnes of cargo a year to pass through {ocity}, easing a bottleneck that has frustrated exporters for years.",
    "Officials declined to give details of the security guarantees under discussion, saying that talks on the issue were at a sensitive stage.",
    "Observers from the Joint Monitoring Mission will monitor the withdrawal of heavy weapons from a {n}-kilometre buffer zone under the terms of the draft deal.",
    "Fighting in the border region has killed more than {bigN} people since {lyear}, according to local officials, and destroyed much of its infrastructure.",
    "The {X_dem} parliament is due to vote on the budget in {nmonth}, and several members of the governing coalition have threatened to oppose it.",
    "Talks on a free trade agreement have been under way since {lyear}, but progress has been slow because of disagreements over agriculture.",
    "The sanctions target {n} individuals and {pts} companies, including several banks and a state-owned shipping firm.",
    "Markets in {X_cap} rose {pct} percent on {yday} on hopes of a deal, with shares in energy and transport companies leading the gains.",
    "The two sides have been at odds over {topic} since {lyear}, and previous rounds of talks have made little headway on the issue.",
    "Officials on both sides say the biggest obstacle remains {topic}, on which neither government has shown much willingness to compromise.",
    "A working group on {topic} is due to report back by the end of {nmonth}, according to a timetable agreed at the last round.",
    "Trade between the two countries has more than doubled since {lyear}, to about ${bn} billion a year, despite the political tensions.",
    "Critics say the process has done little to improve conditions for people living near the front line, where shelling continues almost daily.",
    "The {Z_dem} government has played a quiet role as an intermediary, passing messages between the two sides since talks broke down in {lyear}.",
    "Food prices in {Y} have risen by {ipct} percent over the past year, and the government has introduced subsidies on bread and cooking oil.",
];

const TOPICS: &[&str] = &[
    "ceasefire terms",
    "sanctions relief",
    "border demarcation",
    "grain exports",
    "prisoner exchanges",
    "water sharing",
    "port access",
    "security guarantees",
    "energy supplies",
    "fishing rights",
    "refugee returns",
    "debt restructuring",
    "pipeline transit fees",
    "airspace violations",
    "maritime boundaries",
    "troop withdrawals",
    "trade tariffs",
    "visa rules",
    "reconstruction funding",
    "nuclear inspections",
    "mining concessions",
    "election monitoring",
];

const ORGS: &[&str] = &[
    "the Ministry of Foreign Affairs",
    "the Security Council",
    "the national security council",
    "the foreign ministry",
    "the presidential office",
    "the Council of Coastal States",
    "the Inter-Regional Development Bank",
    "the Northern Maritime Forum",
    "the International Mediation Office",
    "the Joint Monitoring Mission",
    "the Commission on Border Affairs",
    "the Continental Energy Council",
];

/// Fictional news agencies for datelines and attributions.
const AGENCIES: &[&str] = &[
    "Meridian Press",
    "Harbour Wire",
    "Compass News",
    "Northline",
    "Atlas Newswire",
    "Continental Press Service",
];

const HEADINGS: &[&str] = &[
    "A long road to a deal",
    "Security guarantees",
    "What comes next",
    "Trade at stake",
    "Sanctions pressure",
    "Regional reaction",
    "Economic stakes",
    "Ceasefire under strain",
    "Key sticking points",
    "Domestic pressure",
    "The view from {X_cap}",
    "Reaction in {Y_cap}",
    "Background",
    "Months of shuttle diplomacy",
    "Energy and ports",
    "A fragile truce",
    "Who is at the table",
    "The mediators",
    "Humanitarian concerns",
    "Next steps",
    "A question of trust",
    "Border tensions",
];

/// Web-page furniture lines, as found in copy-pasted articles.
const FURNITURE: &[&str] = &[
    "Read more",
    "Read more: {X} and {Y} to hold talks on {topic}",
    "Advertisement",
    "Story continues below advertisement",
    "0 Comments",
    "{n} Comments",
    "Share this article",
    "Share",
    "{pts} min read",
    "Reporting by {anyname}; Editing by {anyname}",
    "Sign up for our newsletter",
    "Related",
];
