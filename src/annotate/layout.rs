//! Layout stage: splits the text into blocks (headline, headings, page furniture, body
//! paragraphs) and reads the dateline at the start of the first body paragraph.
//!
//! Consumes the raw text; produces [`Block`]s, the headline span and the [`Dateline`]. Only
//! body blocks (and the dateline's place) are mined for facts later on.

use chrono::NaiveDate;

use super::{Annotated, Block, BlockKind, Dateline, Stage};
use crate::document::Span;
use crate::lexicon::{CalendarClass, Lexicons};

pub struct Layout;

impl Stage for Layout {
    fn name(&self) -> &'static str {
        "layout"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let text = &doc.doc.text;
        doc.blocks = blocks(text, lex);
        if let Some(first) = doc.blocks.iter().position(|b| b.kind != BlockKind::Furniture)
            && doc.blocks[first].kind == BlockKind::Heading
        {
            doc.blocks[first].kind = BlockKind::Headline;
            doc.headline = Some(doc.blocks[first].span);
        }
        if let Some(body) = doc.blocks.iter().position(|b| b.kind == BlockKind::Body) {
            let span = doc.blocks[body].span;
            if let Some(d) = dateline(text, span, lex, doc.date) {
                // The dateline says when the story was filed: it wins over a default date.
                if d.date.is_some() {
                    doc.date = d.date;
                }
                doc.dateline = Some(d);
            }
        }
    }
}

/// Lines grouped into blocks: consecutive lines join when the first does not end a sentence
/// and the next continues it (hard-wrapped text).
fn blocks(text: &str, lex: &Lexicons) -> Vec<Block> {
    let mut lines: Vec<Span> = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        let end = start + piece.len();
        let content = piece.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let trimmed = content.trim();
        if trimmed.is_empty() {
            lines.push(Span::new(start, start)); // a blank line separates blocks
        } else {
            lines.push(Span::new(start + lead, start + lead + trimmed.len()));
        }
        start = end;
    }
    let mut out: Vec<Block> = Vec::new();
    let mut prev_blank = true;
    for (n, &line) in lines.iter().enumerate() {
        if line.is_empty() {
            prev_blank = true;
            continue;
        }
        let s = &text[line.start..line.end];
        let furniture = crate::lexicon::words::is_furniture(&lex.furniture, s);
        if !prev_blank
            && !furniture
            && let Some(last) = out.last_mut()
            && matches!(last.kind, BlockKind::Body | BlockKind::Heading)
            && continues(&text[last.span.start..last.span.end], s)
        {
            // A short first line continued by the next is the start of a wrapped paragraph.
            last.kind = BlockKind::Body;
            last.span.end = line.end;
            continue;
        }
        let kind = if furniture || is_byline(s) {
            BlockKind::Furniture
        } else if (is_heading(s) || is_title_line(s, &out, lines.get(n + 1)))
            && dateline(text, line, lex, None).is_none()
        {
            BlockKind::Heading
        } else {
            BlockKind::Body
        };
        out.push(Block { span: line, kind });
        prev_blank = false;
    }
    out
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', ':', '"', '\u{201D}', '\'', '\u{2019}', ')', ';'])
}

/// Whether `next` continues the paragraph that ends with `prev`.
fn continues(prev: &str, next: &str) -> bool {
    let last_line = prev.rsplit('\n').next().unwrap_or(prev);
    !ends_sentence(prev) && (next.starts_with(|c: char| c.is_lowercase()) || last_line.chars().count() >= 60)
}

/// A short line that does not end like a sentence: a headline or section heading.
fn is_heading(s: &str) -> bool {
    let words = s.split_whitespace().count();
    words <= 14 && !s.trim_end().ends_with(['.', '!', '?', ',', ';']) && s.chars().count() < 120
}

/// The first line, set apart by a blank line and not ending like a sentence: a headline,
/// however long.
fn is_title_line(s: &str, before: &[Block], next: Option<&Span>) -> bool {
    before.iter().all(|b| b.kind == BlockKind::Furniture)
        && next.is_none_or(Span::is_empty)
        && s.split_whitespace().count() <= 30
        && !s.trim_end().ends_with(['.', '!', '?', ',', ';', ':'])
}

/// "By Jane Doe" and "By Jane Doe and John Roe, Reuters".
fn is_byline(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() <= 8
        && words.first().is_some_and(|w| w.eq_ignore_ascii_case("by"))
        && words[1..]
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "and" | "&" | "in"))
}

const DASHES: &[&str] = &[
    " -- ",
    " - ",
    " \u{2014} ",
    " \u{2013} ",
    "\u{2014}",
    " \u{2015} ",
];

/// Reads "PLACE[, REGION][, DATE] [(AGENCY)] —" at the start of a paragraph.
fn dateline(text: &str, para: Span, lex: &Lexicons, published: Option<NaiveDate>) -> Option<Dateline> {
    let head_end = floor_char(text, (para.start + 120).min(para.end));
    let head = &text[para.start..head_end];
    let (dash_at, dash) = DASHES
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, *d)))
        .min_by_key(|(i, _)| *i)?;
    let prefix = &head[..dash_at];
    let mut rest_end = prefix.len();
    let mut agency = None;
    if prefix.trim_end().ends_with(')')
        && let Some(open) = prefix.rfind('(')
    {
        let inner = &prefix[open + 1..prefix.trim_end().len() - 1];
        if !inner.trim().is_empty() && inner.split_whitespace().count() <= 4 {
            agency = Some(Span::new(
                para.start + open + 1,
                para.start + open + 1 + inner.len(),
            ));
            rest_end = open;
        }
    }
    let mut places = Vec::new();
    let mut date_text = None;
    let mut date = None;
    let mut offset = 0;
    for segment in prefix[..rest_end].split(',') {
        let seg_start = offset + (segment.len() - segment.trim_start().len());
        let trimmed = segment.trim();
        offset += segment.len() + 1;
        if trimmed.is_empty() {
            continue;
        }
        let span = Span::new(para.start + seg_start, para.start + seg_start + trimmed.len());
        if let Some((m, d, y)) = parse_month_day(trimmed, lex) {
            date_text = Some(span);
            date = match (y, published) {
                (Some(y), _) => NaiveDate::from_ymd_opt(y, m, d),
                // "Jan. 4" without a year: the year that puts it nearest the publication date.
                (None, Some(p)) => {
                    let y = chrono::Datelike::year(&p);
                    (y - 1..=y + 1)
                        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, d))
                        .min_by_key(|c| (*c - p).num_days().abs())
                }
                (None, None) => None,
            };
        } else if trimmed.parse::<i32>().is_ok_and(|y| (1900..2200).contains(&y)) && date_text.is_some() {
            // "Feb. 5, 2026": the year is its own comma segment.
            let y: i32 = trimmed.parse().ok()?;
            let ds = date_text?;
            let (m, d, _) = parse_month_day(&text[ds.start..ds.end], lex)?;
            date = NaiveDate::from_ymd_opt(y, m, d);
            date_text = Some(ds.cover(span));
        } else if is_place_segment(trimmed) && date_text.is_none() {
            places.push(span);
        } else {
            return None;
        }
    }
    if places.is_empty() || places.len() > 3 {
        return None;
    }
    Some(Dateline {
        span: Span::new(para.start, para.start + dash_at + dash.len()),
        places,
        date_text,
        date,
        agency,
    })
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One to five capitalised words: "SEOUL", "Hallandale Beach", "Washington D.C.".
fn is_place_segment(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (1..=5).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || matches!(*w, "de" | "del" | "la" | "of" | "am" | "sur")
        })
}

/// "Jan. 4", "Feb 5", "4 January", "March 3 2026".
fn parse_month_day(s: &str, lex: &Lexicons) -> Option<(u32, u32, Option<i32>)> {
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=3).contains(&words.len()) {
        return None;
    }
    let month = |w: &str| match lex.calendar.get(&w.to_lowercase()) {
        Some((CalendarClass::Month, m)) => Some(*m as u32),
        _ => None,
    };
    let day = |w: &str| {
        w.trim_end_matches(['.', ','])
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=31).contains(d))
    };
    let (m, d) = match (month(words[0]), day(words[1])) {
        (Some(m), Some(d)) => (m, d),
        _ => (month(words[1])?, day(words[0])?),
    };
    let y = match words.get(2) {
        Some(w) => Some(w.parse::<i32>().ok()?),
        None => None,
    };
    Some((m, d, y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Metadata};

    fn run(text: &str, published: Option<NaiveDate>) -> Annotated<'static> {
        let doc = Box::leak(Box::new(Document::new(
            "t",
            text,
            Metadata {
                published,
                ..Metadata::default()
            },
        )));
        let mut a = Annotated::new(doc);
        Layout.run(&mut a, Lexicons::builtin());
        a
    }

    #[test]
    fn datelines_in_their_common_forms() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        type Case<'a> = (
            &'a str,
            Vec<&'a str>,
            Option<&'a str>,
            Option<NaiveDate>,
            Option<&'a str>,
        );
        let cases: Vec<Case> = vec![
            (
                "SEOUL, Jan. 4 (Yonhap) -- South Korea said",
                vec!["SEOUL"],
                Some("Jan. 4"),
                ymd(2026, 1, 4),
                Some("Yonhap"),
            ),
            (
                "KYIV, Feb 5 (Reuters) - Ukraine said",
                vec!["KYIV"],
                Some("Feb 5"),
                ymd(2026, 2, 5),
                Some("Reuters"),
            ),
            (
                "Lusaka, Zambia - Talks began",
                vec!["Lusaka", "Zambia"],
                None,
                None,
                None,
            ),
            (
                "PARIS, March 3, 2025 \u{2014} The talks",
                vec!["PARIS"],
                Some("March 3, 2025"),
                ymd(2025, 3, 3),
                None,
            ),
        ];
        for (text, places, date_text, date, agency) in cases {
            let a = run(text, NaiveDate::from_ymd_opt(2026, 1, 10));
            let d = a
                .dateline
                .as_ref()
                .unwrap_or_else(|| panic!("no dateline in {text:?}"));
            let got: Vec<&str> = d.places.iter().map(|s| &text[s.start..s.end]).collect();
            assert_eq!(got, places, "{text}");
            assert_eq!(d.date_text.map(|s| &text[s.start..s.end]), date_text, "{text}");
            assert_eq!(d.date, date, "{text}");
            assert_eq!(d.agency.map(|s| &text[s.start..s.end]), agency, "{text}");
        }
    }

    #[test]
    fn a_dash_inside_a_sentence_is_not_a_dateline() {
        let a = run("The talks - which began on Monday - went well.", None);
        assert!(a.dateline.is_none());
    }

    #[test]
    fn headline_headings_and_furniture() {
        let text = "Leaders gather in Lusaka\n\nBy Ana Diaz\n\nThe summit opened on Monday. It went on.\nA Quiet Start\nDelegates arrived late.\n\n0 Comments\nRead more about the summit";
        let a = run(text, None);
        let kinds: Vec<(BlockKind, &str)> = a
            .blocks
            .iter()
            .map(|b| (b.kind, &text[b.span.start..b.span.end]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (BlockKind::Headline, "Leaders gather in Lusaka"),
                (BlockKind::Furniture, "By Ana Diaz"),
                (BlockKind::Body, "The summit opened on Monday. It went on."),
                (BlockKind::Heading, "A Quiet Start"),
                (BlockKind::Body, "Delegates arrived late."),
                (BlockKind::Furniture, "0 Comments"),
                (BlockKind::Furniture, "Read more about the summit"),
            ]
        );
    }

    #[test]
    fn hard_wrapped_paragraphs_join() {
        let text = "The foreign ministers of both countries met on Tuesday in the capital\nand agreed to meet again.";
        let a = run(text, None);
        assert_eq!(a.blocks.len(), 1);
        assert_eq!(a.blocks[0].kind, BlockKind::Body);
    }
}
