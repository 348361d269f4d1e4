//! Time stage: finds time expressions ("on Monday", "this week", "last November",
//! "February 24, 2022"), attaches the nearest one in a relation's clause to the relation, and
//! resolves it against the article's date, forward for planned and possible facts, backward
//! for actual ones. The literal text is kept either way; without an article date only
//! absolute dates resolve.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::tokens::{Case, TokenKind};
use super::{Annotated, Stage, TimeExpr, TimeValue};
use crate::lexicon::{CalendarClass, Lexicons, Status};

pub struct Time;

/// Which way a relative expression points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Past,
    Future,
}

/// What an expression says before it is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Weekday {
        day: u32,
        shift: i32,
    },
    Week(i32),
    Month {
        month: u32,
        day: Option<u32>,
        year: Option<i32>,
        shift: i32,
    },
    Year(i32),
    Day(i64),
}

impl Stage for Time {
    fn name(&self) -> &'static str {
        "time"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        let mut shapes = Vec::new();
        for s in 0..doc.sentences.len() {
            let r = doc.sentences[s].tokens.clone();
            let mut j = r.start;
            while j < r.end {
                let w = Window {
                    doc: &*doc,
                    range: r.clone(),
                };
                match expression_at(&w, lex, j) {
                    Some((len, start, shape)) => {
                        let tokens = start..j + len;
                        doc.times.push(TimeExpr {
                            span: doc.span_of(&tokens),
                            tokens,
                            sentence: s,
                            value: None,
                        });
                        shapes.push(shape);
                        j += len;
                    }
                    None => j += 1,
                }
            }
        }
        // Attach: the expression in the relation's clause that follows its evidence most
        // closely ("travel to Sao Paulo on Tuesday"), else the nearest one before it.
        for i in 0..doc.relations.len() {
            let r = &doc.relations[i];
            // A title says who someone is, not when: "on Monday for talks with French
            // President Emmanuel Macron" dates the talks, not Macron's office.
            if r.evidence.rule.starts_with("role.") || r.evidence.rule.starts_with("represent.via") {
                continue;
            }
            let clause = r.clause.clone();
            // Times are in text order: look only at those near the clause.
            let first = doc
                .times
                .partition_point(|t| t.tokens.start < clause.start.saturating_sub(6));
            let best = doc.times[first..]
                .iter()
                .enumerate()
                .map(|(k, t)| (first + k, t))
                .take_while(|(_, t)| t.tokens.start <= clause.end + 6)
                .filter(|(_, t)| {
                    t.tokens.start >= clause.start.saturating_sub(6)
                        && t.tokens.end <= clause.end + 6
                        && t.sentence == r.evidence.sentence
                })
                .min_by_key(|(_, t)| {
                    let anchor = r.evidence.span.end;
                    if t.span.start >= anchor {
                        (0, t.span.start - anchor)
                    } else {
                        (1, anchor - t.span.end)
                    }
                });
            if let Some((t, _)) = best {
                doc.relations[i].time = Some(t);
            }
        }
        let Some(reference) = doc.date else {
            // Absolute dates still resolve.
            for (t, shape) in doc.times.iter_mut().zip(&shapes) {
                t.value = resolve(*shape, None, Direction::Past);
            }
            return;
        };
        // The status of the first relation dated by each expression decides its direction.
        let mut status_of: Vec<Option<Status>> = vec![None; doc.times.len()];
        for r in &doc.relations {
            if let Some(t) = r.time
                && status_of[t].is_none()
            {
                status_of[t] = Some(r.status);
            }
        }
        for (t, shape) in shapes.iter().enumerate() {
            let status = status_of[t];
            let direction = match status {
                Some(Status::Planned | Status::Possible) => Direction::Future,
                Some(_) => Direction::Past,
                None => tense(doc, lex, doc.times[t].sentence),
            };
            doc.times[t].value = resolve(*shape, Some(reference), direction);
        }
    }
}

/// Future if the sentence has a planning cue, past otherwise.
fn tense(doc: &Annotated<'_>, lex: &Lexicons, s: usize) -> Direction {
    let r = doc.sentences[s].tokens.clone();
    let planned = r.clone().any(|j| {
        matches!(
            lex.modality.cues.longest_at(doc.sentence_keys(j), j),
            Some((_, Status::Planned | Status::Possible))
        )
    });
    if planned {
        Direction::Future
    } else {
        Direction::Past
    }
}

/// The tokens of one sentence: expressions are read inside it only (a date never continues
/// into the next sentence or paragraph).
struct Window<'a, 'd> {
    doc: &'a Annotated<'d>,
    range: std::ops::Range<usize>,
}

impl Window<'_, '_> {
    /// The key of token `k`, or "" outside the sentence.
    fn key(&self, k: usize) -> &str {
        if self.range.contains(&k) {
            self.doc.key(k)
        } else {
            ""
        }
    }
}

fn calendar(w: &Window<'_, '_>, lex: &Lexicons, j: usize) -> Option<(CalendarClass, i32)> {
    let entry = lex.calendar.get(w.key(j)).copied()?;
    // Weekdays and months are capitalised; "may" is a verb.
    if matches!(entry.0, CalendarClass::Weekday | CalendarClass::Month) && w.doc.tokens[j].case == Case::Lower
    {
        return None;
    }
    Some(entry)
}

fn number(w: &Window<'_, '_>, j: usize, max: i64) -> Option<i64> {
    if !w.range.contains(&j) || w.doc.tokens[j].kind != TokenKind::Number {
        return None;
    }
    w.doc.tok(j).parse::<i64>().ok().filter(|n| (1..=max).contains(n))
}

/// The expression at `j`: its length from `j`, where it starts (a preceding "on"/"this" counts),
/// and its shape.
fn expression_at(w: &Window<'_, '_>, lex: &Lexicons, j: usize) -> Option<(usize, usize, Shape)> {
    let end = w.range.end;
    let key = w.key(j);
    let shift_word = |k: &str| match k {
        "next" => Some(1),
        "last" | "past" => Some(-1),
        "this" | "coming" => Some(0),
        _ => None,
    };
    if let Some(shift) = shift_word(key) {
        let next = w.key(j + 1);
        if j + 1 < end {
            match next {
                "week" => return Some((2, j, Shape::Week(shift))),
                "month" => return None,
                "year" => return None,
                _ => {}
            }
            if let Some((class, value)) = calendar(w, lex, j + 1) {
                let shape = match class {
                    CalendarClass::Weekday => Shape::Weekday {
                        day: value as u32,
                        shift,
                    },
                    CalendarClass::Month => Shape::Month {
                        month: value as u32,
                        day: None,
                        year: None,
                        shift,
                    },
                    _ => return None,
                };
                return Some((2 + part_of_day(w, lex, j + 2), j, shape));
            }
        }
        return None;
    }
    let Some((class, value)) = calendar(w, lex, j) else {
        return year_at(w, j);
    };
    let start = if matches!(
        w.key(j.wrapping_sub(1)),
        "on" | "by" | "until" | "since" | "from" | "in"
    ) {
        j - 1
    } else {
        j
    };
    match class {
        CalendarClass::Weekday => {
            let mut len = 1 + part_of_day(w, lex, j + 1);
            if w.key(j + len) == "'s" {
                len += 1;
            }
            Some((
                len,
                start,
                Shape::Weekday {
                    day: value as u32,
                    shift: 0,
                },
            ))
        }
        CalendarClass::Month => {
            // "February 24, 2022", "February 24", "February 2022", "24 February 2022".
            let mut len = 1;
            let mut day = None;
            let mut year = None;
            if let Some(d) = number(w, j + 1, 31) {
                day = Some(d as u32);
                len = 2;
                let mut k = j + 2;
                if w.key(k) == "," {
                    k += 1;
                }
                if let Some(y) = number(w, k, 2200).filter(|y| *y >= 1900) {
                    year = Some(y as i32);
                    len = k + 1 - j;
                }
            } else if let Some(y) = number(w, j + 1, 2200).filter(|y| *y >= 1900) {
                year = Some(y as i32);
                len = 2;
            }
            let mut start = start;
            if day.is_none()
                && j > 0
                && let Some(d) = number(w, j - 1, 31)
            {
                day = Some(d as u32);
                start = j - 1;
                if start > 0 && w.key(start - 1) == "on" {
                    start -= 1;
                }
                if let Some(y) = number(w, j + 1, 2200).filter(|y| *y >= 1900) {
                    year = Some(y as i32);
                    len = 2;
                }
            }
            // A lone month after "in"/"by" or with a day or year; "mid-May" too.
            let alone_ok = day.is_some()
                || year.is_some()
                || start < j
                || (j >= 2 && w.key(j - 1) == "-" && w.key(j - 2) == "mid");
            alone_ok.then_some((
                len,
                start,
                Shape::Month {
                    month: value as u32,
                    day,
                    year,
                    shift: 0,
                },
            ))
        }
        CalendarClass::RelativeDay => Some((1, start, Shape::Day(value as i64))),
        CalendarClass::PartOfDay => None,
    }
}

/// "in 2014", "since 2019".
fn year_at(w: &Window<'_, '_>, j: usize) -> Option<(usize, usize, Shape)> {
    if matches!(w.key(j.wrapping_sub(1)), "in" | "since") {
        let y = number(w, j, 2200).filter(|y| *y >= 1900)?;
        return Some((1, j - 1, Shape::Year(y as i32)));
    }
    None
}

fn part_of_day(w: &Window<'_, '_>, lex: &Lexicons, j: usize) -> usize {
    (w.range.contains(&j) && matches!(lex.calendar.get(w.key(j)), Some((CalendarClass::PartOfDay, _))))
        as usize
}

fn weekday(n: u32) -> Weekday {
    match n {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

fn resolve(shape: Shape, reference: Option<NaiveDate>, direction: Direction) -> Option<TimeValue> {
    if let Shape::Month {
        month,
        day: Some(d),
        year: Some(y),
        ..
    } = shape
    {
        return NaiveDate::from_ymd_opt(y, month, d).map(TimeValue::Day);
    }
    if let Shape::Month {
        month,
        day: None,
        year: Some(y),
        ..
    } = shape
    {
        return Some(TimeValue::Month(y, month));
    }
    if let Shape::Year(y) = shape {
        return Some(TimeValue::Year(y));
    }
    let r = reference?;
    Some(match shape {
        Shape::Day(offset) => TimeValue::Day(r.checked_add_signed(chrono::Duration::days(offset))?),
        Shape::Week(shift) => {
            let monday = r.checked_sub_days(Days::new(r.weekday().num_days_from_monday() as u64))?;
            // Written on a Sunday, "this week" ahead is the week that starts tomorrow.
            // ("next week" then is the same week.)
            let shift = if r.weekday() == Weekday::Sun && direction == Direction::Future && shift == 0 {
                1
            } else {
                shift
            };
            TimeValue::Week(monday.checked_add_signed(chrono::Duration::weeks(shift as i64))?)
        }
        Shape::Weekday { day, shift } => {
            let target = weekday(day).num_days_from_monday() as i64;
            let today = r.weekday().num_days_from_monday() as i64;
            let offset = match (shift, direction) {
                // The nearest such day strictly after or before the reference.
                (1, _) => (target - today - 1).rem_euclid(7) + 1,
                (-1, _) => -((today - target - 1).rem_euclid(7) + 1),
                (_, Direction::Future) => (target - today).rem_euclid(7),
                (_, Direction::Past) => -(today - target).rem_euclid(7),
            };
            TimeValue::Day(r.checked_add_signed(chrono::Duration::days(offset))?)
        }
        Shape::Month {
            month, day, shift, ..
        } => {
            let this = r.month();
            let year = match (shift, direction) {
                (-1, _) => {
                    if month < this {
                        r.year()
                    } else {
                        r.year() - 1
                    }
                }
                (1, _) => {
                    if month > this {
                        r.year()
                    } else {
                        r.year() + 1
                    }
                }
                (_, Direction::Future) => {
                    if month < this {
                        r.year() + 1
                    } else {
                        r.year()
                    }
                }
                (_, Direction::Past) => {
                    if month > this {
                        r.year() - 1
                    } else {
                        r.year()
                    }
                }
            };
            match day {
                Some(d) => TimeValue::Day(NaiveDate::from_ymd_opt(year, month, d)?),
                None => TimeValue::Month(year, month),
            }
        }
        Shape::Year(_) => unreachable!("handled above"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn relative_expressions_resolve_with_the_tense() {
        // 2026-02-15 is a Sunday.
        let r = Some(day(2026, 2, 15));
        let cases = [
            (
                Shape::Weekday { day: 1, shift: 0 },
                Direction::Future,
                TimeValue::Day(day(2026, 2, 16)),
            ),
            (
                Shape::Weekday { day: 1, shift: 0 },
                Direction::Past,
                TimeValue::Day(day(2026, 2, 9)),
            ),
            (
                Shape::Weekday { day: 7, shift: 0 },
                Direction::Past,
                TimeValue::Day(day(2026, 2, 15)),
            ),
            (
                Shape::Weekday { day: 5, shift: -1 },
                Direction::Past,
                TimeValue::Day(day(2026, 2, 13)),
            ),
            (
                Shape::Weekday { day: 2, shift: 1 },
                Direction::Future,
                TimeValue::Day(day(2026, 2, 17)),
            ),
            (Shape::Week(0), Direction::Past, TimeValue::Week(day(2026, 2, 9))),
            (
                Shape::Week(1),
                Direction::Future,
                TimeValue::Week(day(2026, 2, 16)),
            ),
            // On a Sunday, "this week" ahead is the week starting tomorrow.
            (
                Shape::Week(0),
                Direction::Future,
                TimeValue::Week(day(2026, 2, 16)),
            ),
            (
                Shape::Month {
                    month: 11,
                    day: None,
                    year: None,
                    shift: -1,
                },
                Direction::Past,
                TimeValue::Month(2025, 11),
            ),
            (
                Shape::Month {
                    month: 6,
                    day: None,
                    year: None,
                    shift: 0,
                },
                Direction::Past,
                TimeValue::Month(2025, 6),
            ),
            (
                Shape::Month {
                    month: 2,
                    day: Some(6),
                    year: None,
                    shift: 0,
                },
                Direction::Past,
                TimeValue::Day(day(2026, 2, 6)),
            ),
            (
                Shape::Month {
                    month: 5,
                    day: None,
                    year: None,
                    shift: 0,
                },
                Direction::Future,
                TimeValue::Month(2026, 5),
            ),
            (Shape::Day(1), Direction::Future, TimeValue::Day(day(2026, 2, 16))),
        ];
        for (shape, direction, want) in cases {
            assert_eq!(
                resolve(shape, r, direction),
                Some(want),
                "{shape:?} {direction:?}"
            );
        }
    }

    #[test]
    fn absolute_dates_need_no_reference() {
        let shape = Shape::Month {
            month: 2,
            day: Some(24),
            year: Some(2022),
            shift: 0,
        };
        assert_eq!(
            resolve(shape, None, Direction::Past),
            Some(TimeValue::Day(day(2022, 2, 24)))
        );
        assert_eq!(
            resolve(Shape::Weekday { day: 1, shift: 0 }, None, Direction::Past),
            None
        );
    }

    #[test]
    fn expressions_in_text() {
        use crate::annotate::Pipeline;
        use crate::document::{Document, Metadata};
        let lex = Lexicons::builtin();
        let text = "Talks resumed on Monday morning. The invasion began on February 24, 2022. \
                    Envoys met last November and will meet again this week. Officials may meet in mid-May.";
        let doc = Document::new("t", text, Metadata::default());
        let a = Pipeline::new(lex).annotate(&doc);
        let got: Vec<&str> = a.times.iter().map(|t| &text[t.span.start..t.span.end]).collect();
        assert_eq!(
            got,
            vec![
                "on Monday morning",
                "on February 24, 2022",
                "last November",
                "this week",
                "May"
            ]
        );
    }
}
