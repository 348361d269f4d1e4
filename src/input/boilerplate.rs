//! Page furniture recognised by its shape: lines of links, share buttons, cookie banners,
//! promos, picture credits, menus and lists of other stories. No list of sites: the words and
//! phrases are in `data/input/boilerplate.tsv`, the shapes here.
//!
//! Used twice: on the blocks of a web page's main content ([`strong`]), and on text files,
//! where [`clean_text`] first decides whether the text is a crawler's dump at all. Clean text
//! comes back unchanged; in a dump, the article is the run of lines with the most prose (a
//! maximum-sum segment: prose lines count for, furniture against), and within it furniture
//! lines are dropped too. Every dropped line is kept with its reason for the JSON report.
//!
//! This runs in the input layer, not in the annotation stages: the same rules serve HTML
//! blocks and text dumps, the extracted text that `extract --format json` shows is exactly
//! what is mined, and clean text is left byte for byte as it was.

use std::sync::OnceLock;

use crate::document::Dropped;

const DATA: &str = include_str!("../../data/input/boilerplate.tsv");

/// The phrases of `data/input/boilerplate.tsv`, by kind.
#[derive(Debug, Default)]
struct Phrases {
    button: Vec<String>,
    cookie: Vec<String>,
    starts: Vec<String>,
    ends: Vec<String>,
    has: Vec<String>,
    credit: Vec<String>,
}

/// Parses the phrase file; a bad line is `path:line: what is wrong`.
fn parse(path: &str, text: &str) -> Result<Phrases, String> {
    let mut p = Phrases::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((kind, phrase)) = line.split_once('\t') else {
            return Err(format!("{path}:{}: expected KIND<TAB>phrase", n + 1));
        };
        if phrase.trim().is_empty() || phrase != phrase.to_lowercase() {
            return Err(format!(
                "{path}:{}: the phrase must be non-empty and lower case",
                n + 1
            ));
        }
        let list = match kind {
            "button" => &mut p.button,
            "cookie" => &mut p.cookie,
            "starts" => &mut p.starts,
            "ends" => &mut p.ends,
            "has" => &mut p.has,
            "credit" => &mut p.credit,
            other => {
                return Err(format!(
                    "{path}:{}: unknown kind {other:?}; expected one of button, cookie, starts, ends, has, credit",
                    n + 1
                ));
            }
        };
        list.push(phrase.trim().to_string());
    }
    // Longest first, so that "copy link" is taken before "copy".
    p.button.sort_by_key(|b| std::cmp::Reverse(b.len()));
    Ok(p)
}

fn phrases() -> &'static Phrases {
    static P: OnceLock<Phrases> = OnceLock::new();
    // The embedded file is checked by a unit test; an error here cannot happen in a build
    // that passed its tests, and an empty list only makes the rules weaker.
    P.get_or_init(|| parse("data/input/boilerplate.tsv", DATA).unwrap_or_default())
}

/// Inline Markdown of a crawler's dump reduced to its text: `[text](url)` → `text`,
/// `![alt](url)` → nothing, `**bold**` and `__bold__` → `bold`.
pub fn strip_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let b = line.as_bytes();
    let mut i = 0;
    while i < line.len() {
        let image = b[i] == b'!' && b.get(i + 1) == Some(&b'[');
        if b[i] == b'[' || image {
            let open = if image { i + 1 } else { i };
            if let Some(close) = line[open..].find("](").map(|k| open + k)
                && let Some(end) = line[close + 2..].find(')').map(|k| close + 2 + k)
                && !line[open + 1..close].contains('[')
            {
                if !image {
                    out.push_str(&line[open + 1..close]);
                }
                i = end + 1;
                continue;
            }
        }
        if line[i..].starts_with("**") || line[i..].starts_with("__") {
            i += 2;
            continue;
        }
        let c = line[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// "_pk_id# [x2] Used to track the visitor...": a row of a consent manager's cookie table,
/// a storage key followed by what it tracks.
fn cookie_table_row(t: &str, lower: &str) -> bool {
    let bold_key = t
        .strip_prefix("**")
        .and_then(|r| r.split_once("**"))
        .is_some_and(|(k, _)| !k.trim().contains(' ') || k.contains("[x"));
    let first = t.trim_start_matches('*').split_whitespace().next().unwrap_or("");
    let key =
        bold_key || first.contains('_') || first.contains("::") || first.contains('#') || t.contains("[x");
    key && [
        "user",
        "visitor",
        "website",
        "browser",
        "advertis",
        "session",
        "storage duration",
    ]
    .iter()
    .any(|w| lower.contains(w))
}

/// Places where a lower-case word runs into a capitalised one without a space:
/// "FacebookTwitterEmail" has two, "LinkedIn" one, "McCarthy" and "YouTube" none.
fn glued(line: &str) -> usize {
    let chars: Vec<char> = line.chars().collect();
    let mut n = 0;
    let mut lower_run = 0;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_lowercase() {
            lower_run += 1;
        } else {
            if c.is_uppercase() && lower_run >= 3 && chars.get(i + 1).is_some_and(|d| d.is_lowercase()) {
                n += 1;
            }
            lower_run = 0;
        }
    }
    n
}

fn ends_sentence(line: &str) -> bool {
    line.trim_end()
        .ends_with(['.', '!', '?', '"', '\u{201D}', '\u{2019}', '\'', ')', ':', ';'])
}

/// A line made only of share and social buttons, glued or not.
fn only_buttons(lower: &str, p: &Phrases) -> bool {
    let mut rest = lower.trim();
    let mut found = 0;
    'outer: while !rest.is_empty() {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || "/|·•,-–—".contains(c));
        if rest.is_empty() {
            break;
        }
        for b in &p.button {
            // Buttons are often glued ("facebooktwitteremail" once lower-cased).
            if let Some(after) = rest.strip_prefix(b.as_str()) {
                rest = after;
                found += 1;
                continue 'outer;
            }
        }
        return false;
    }
    found > 0
}

/// Why a line (or a block of a page) is furniture whatever page it is on, or `None`. These
/// shapes do not occur in article prose.
pub fn strong(line: &str) -> Option<&'static str> {
    let p = phrases();
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_lowercase();
    // Lines of links: what is left without the link markup is little or nothing.
    if t.contains("](") {
        let text = strip_markdown(t);
        let letters = text.chars().filter(|c| c.is_alphanumeric()).count();
        if letters * 2 < t.chars().filter(|c| c.is_alphanumeric()).count() || letters < 3 {
            return Some("links");
        }
    }
    if lower.contains("cookie") && p.cookie.iter().any(|w| lower.contains(w.as_str())) {
        return Some("cookie notice");
    }
    if cookie_table_row(t, &lower) {
        return Some("cookie table");
    }
    if p.has.iter().any(|w| lower.contains(w.as_str())) {
        return Some("promotion or page control");
    }
    if p.starts.iter().any(|w| lower.starts_with(w.as_str())) {
        return Some("promotion or page control");
    }
    if p.ends.iter().any(|w| lower.ends_with(w.as_str())) {
        return Some("teaser");
    }
    if p.credit.iter().any(|w| lower.contains(w.as_str())) {
        return Some("picture caption or credit");
    }
    if only_buttons(&lower, p) {
        return Some("share buttons");
    }
    let g = glued(t);
    if g >= 4 || (g >= 2 && !ends_sentence(t)) {
        return Some("words run together (menu or tags)");
    }
    if t.matches(" · ").count() >= 2 || t.matches(" | ").count() >= 2 {
        return Some("menu or story metadata");
    }
    None
}

/// Shapes that mark furniture in a crawler's dump, though a clean article could have them
/// (a title-case headline, a bulleted summary).
pub fn weak(line: &str) -> Option<&'static str> {
    let t = line.trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() {
        return None;
    }
    let sentence = ends_sentence(t);
    // "* Story title", "5.  Story title", "- Story title": lists of other stories.
    let bullet = matches!(words[0], "*" | "-" | "•" | "+")
        || (words[0].ends_with('.') && words[0].trim_end_matches('.').parse::<u32>().is_ok());
    if bullet && !sentence {
        return Some("list of other stories");
    }
    // "World Politics Business Sport Culture Europe Africa": a menu.
    let capitalised = words
        .iter()
        .filter(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || !w.chars().any(char::is_alphabetic)
        })
        .count();
    if words.len() >= 4 && !sentence && capitalised * 10 >= words.len() * 8 {
        return Some("menu");
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    if words.len() >= 3 && letters.len() >= 12 && letters.iter().all(|c| c.is_uppercase()) {
        return Some("menu or label in capitals");
    }
    // "AUDIO: ...", "LIVE UPDATES: ...": a label in capitals before a teaser.
    if let Some((label, _)) = t.split_once(':')
        && (1..=3).contains(&label.split_whitespace().count())
        && label.chars().any(char::is_alphabetic)
        && label.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
        && label.chars().filter(|c| c.is_alphabetic()).count() >= 4
    {
        return Some("label of a teaser (audio, video, live)");
    }
    // "Travel insurance - cover abroad;": items of a list of services or links.
    if t.ends_with(';') && words.len() <= 25 {
        return Some("list item");
    }
    // "_A. Name is a fellow at ..._": an author's note set in italics.
    if t.len() > 2 && t.starts_with('_') && t.ends_with('_') {
        return Some("note set in italics (author, credits)");
    }
    if t.starts_with('_') && t.contains(":_") {
        return Some("credits");
    }
    None
}

/// What [`clean_text`] made of a text.
#[derive(Debug, Default)]
pub struct Cleaned {
    /// Whether the text is a crawler's dump (else it is left as it was).
    pub dump: bool,
    /// The article's text, when it differs from the input.
    pub text: Option<String>,
    pub dropped: Vec<Dropped>,
    /// Words in prose lines of the article (a dump with few has no article).
    pub prose_words: usize,
}

/// Lines of furniture a text needs before it is read as a crawler's dump. A clean article
/// has none.
const DUMP_MIN_STRONG: usize = 2;

/// The article of a text file: unchanged when the text is clean; for a crawler's dump, the
/// run of lines with the most prose, without furniture, one paragraph per line.
pub fn clean_text(text: &str) -> Cleaned {
    let lines: Vec<&str> = text.lines().collect();
    let strong_lines = lines.iter().filter(|l| strong(l).is_some()).count();
    if strong_lines < DUMP_MIN_STRONG {
        return Cleaned::default();
    }
    // Lines that come back (carousels, repeated captions and promos) are furniture.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for l in &lines {
        let t = l.trim();
        if t.split_whitespace().count() >= 3 {
            *seen.entry(t).or_default() += 1;
        }
    }
    let verdicts: Vec<Option<&'static str>> = lines
        .iter()
        .map(|l| {
            strong(l).or_else(|| weak(l)).or_else(|| {
                (seen.get(l.trim()).copied().unwrap_or(0) > 1)
                    .then_some("repeated line (carousel, caption or promotion)")
            })
        })
        .collect();
    // Score each line: prose for, furniture against, the rest a little against.
    let scores: Vec<i64> = lines
        .iter()
        .zip(&verdicts)
        .map(|(l, v)| {
            let words = l.split_whitespace().count() as i64;
            if l.trim().is_empty() {
                0
            } else if v.is_some() {
                -(4 + words.min(16))
            } else if is_prose(l) {
                words.min(80)
            } else {
                -3
            }
        })
        .collect();
    let (start, end) = best_segment(&scores);
    let mut dropped = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    let mut prose_words = 0;
    // A title line just before the article is its headline.
    let title_at = start
        .checked_sub(1)
        .filter(|&i| verdicts[i].is_none() && is_title(lines[i]));
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        let inside = (start..end).contains(&i);
        let reason = if Some(i) == title_at {
            None
        } else if !inside {
            verdicts[i].or(Some("outside the article (page furniture before or after it)"))
        } else if verdicts[i].is_none() && !ends_sentence(t) && t.split_whitespace().count() <= 25 {
            // One line is one paragraph in a dump: without a sentence end it is a caption, a
            // heading or the headline of another story.
            Some("caption, heading or headline of another story")
        } else {
            verdicts[i]
        };
        match reason {
            Some(r) => {
                if dropped.len() < Dropped::MAX_KEPT {
                    dropped.push(Dropped::new(t, r));
                }
            }
            None => {
                if is_prose(t) {
                    prose_words += t.split_whitespace().count();
                }
                kept.push(strip_markdown(t).trim().to_string());
            }
        }
    }
    Cleaned {
        dump: true,
        text: Some(kept.join("\n\n")),
        dropped,
        prose_words,
    }
}

/// A paragraph of prose: a sentence end and some length ("?" alone ends many headlines).
fn is_prose(line: &str) -> bool {
    let t = line.trim_end();
    let words = t.split_whitespace().count();
    (words >= 8 && ends_sentence(t) && !t.ends_with('?')) || (words >= 20 && t.ends_with('?'))
}

fn is_title(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (3..=25).contains(&words) && !line.trim_end().ends_with(['.', ',', ';'])
}

/// The maximum-sum run of scores (Kadane), as a half-open range; empty when no score is
/// positive.
fn best_segment(scores: &[i64]) -> (usize, usize) {
    let (mut best, mut best_range) = (0i64, (0, 0));
    let (mut sum, mut from) = (0i64, 0usize);
    for (i, &s) in scores.iter().enumerate() {
        if sum <= 0 {
            sum = 0;
            from = i;
        }
        sum += s;
        if sum > best {
            best = sum;
            best_range = (from, i + 1);
        }
    }
    best_range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phrase_file_loads_and_bad_lines_name_their_place() {
        let p = parse("data/input/boilerplate.tsv", DATA).unwrap();
        assert!(!p.button.is_empty() && !p.credit.is_empty());
        assert_eq!(
            parse("x.tsv", "# c\nbutton\tshare\nplanet\tmars\n").unwrap_err(),
            "x.tsv:3: unknown kind \"planet\"; expected one of button, cookie, starts, ends, has, credit"
        );
        assert_eq!(
            parse("x.tsv", "button share").unwrap_err(),
            "x.tsv:1: expected KIND<TAB>phrase"
        );
        assert!(parse("x.tsv", "has\tRead More").is_err());
    }

    #[test]
    fn furniture_lines_by_shape() {
        let cases: &[(&str, Option<&str>)] = &[
            ("FacebookTwitterEmail", Some("share buttons")),
            ("Mail   Facebook   Twitter / X   LinkedIn", Some("share buttons")),
            ("Share on Facebook", None),
            (
                "[](https://news.example/a/<#>) [](https://news.example/b)",
                Some("links"),
            ),
            ("* [Other story](https://news.example/other)", Some("links")),
            (
                "We use cookies to improve your experience on our website.",
                Some("cookie notice"),
            ),
            (
                "Skip to main contentSkip to navigation",
                Some("promotion or page control"),
            ),
            ("Trade talks in the run-up to the summitRead more", Some("teaser")),
            (
                "Delegates arrive at the hall on Monday. Photograph: Kip Moro/Agency",
                Some("picture caption or credit"),
            ),
            (
                "Regional category · March 2, 2026 · 7:54 PM UTC",
                Some("menu or story metadata"),
            ),
            ("Officials said they wanted to learn more.", None),
            (
                "AnniversaryLomarian ChurchReligious beliefSummit talks",
                Some("words run together (menu or tags)"),
            ),
            ("Ana Duarte met Jorge Salas in Lima on Monday.", None),
            ("Officials from LinkedIn and YouTube met McCarthy.", None),
        ];
        for (line, want) in cases {
            assert_eq!(strong(line), *want, "{line}");
        }
        assert_eq!(weak("World Politics Business Sport Culture Europe"), Some("menu"));
        assert_eq!(
            weak("* Minister resigns after vote"),
            Some("list of other stories")
        );
        assert_eq!(
            weak("5.  Minister resigns after vote"),
            Some("list of other stories")
        );
        assert_eq!(weak("Ana Duarte met Jorge Salas in Lima on Monday."), None);
    }

    #[test]
    fn markdown_is_reduced_to_its_text() {
        assert_eq!(
            strip_markdown("The **Lomaria Centre** said [more](http://x)."),
            "The Lomaria Centre said more."
        );
        assert_eq!(strip_markdown("![photo](a.jpg)Text"), "Text");
        assert_eq!(strip_markdown("[unclosed (x"), "[unclosed (x");
    }

    #[test]
    fn clean_text_is_left_alone() {
        let text = "Leaders gather in Lusaka\n\nLUSAKA, March 2 - Chilean Foreign Minister Ana Duarte met Joseph Banda on Monday.\n\nRead more about the summit\n";
        let c = clean_text(text);
        assert!(!c.dump && c.text.is_none() && c.dropped.is_empty());
    }

    #[test]
    fn a_dump_keeps_its_article_only() {
        let text = "Skip to main content\nWorld Politics Business Sport Culture Europe\n\
            We use cookies to improve your experience on our website.\n\
            Ministers meet in Lusaka over border crossings\n\
            Chilean Foreign Minister Ana Duarte met her Zambian counterpart, Joseph Banda, in Lusaka on Monday.\n\
            Delegates arrive at the hall. Photograph: Kip Moro/Agency\n\
            Duarte will travel to Harare on Wednesday, her office said in a statement.\n\
            FacebookTwitterEmail\n\
            * Minister resigns after vote\n* Storm closes airport\n* Markets fall again\n";
        let c = clean_text(text);
        assert!(c.dump);
        assert_eq!(
            c.text.as_deref(),
            Some(
                "Ministers meet in Lusaka over border crossings\n\n\
                 Chilean Foreign Minister Ana Duarte met her Zambian counterpart, Joseph Banda, in Lusaka on Monday.\n\n\
                 Duarte will travel to Harare on Wednesday, her office said in a statement."
            )
        );
        assert!(c.dropped.iter().any(|d| d.reason == "picture caption or credit"));
    }
}
