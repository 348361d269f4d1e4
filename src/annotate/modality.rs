//! Modality stage: sets the status of each relation (actual, planned, possible, negated) from
//! the cues of `data/patterns/modality.toml` found in the relation's cue windows: the stretch
//! between subject and trigger, the trigger itself, and the words before a conjunct ("and
//! potentially Kushner"). A status fixed by its rule (a former role) is kept.

use super::{Annotated, Stage};
use crate::lexicon::{Lexicons, Status};

pub struct Modality;

impl Stage for Modality {
    fn name(&self) -> &'static str {
        "modality"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        for i in 0..doc.relations.len() {
            let r = &doc.relations[i];
            let status = match r.fixed_status {
                Some(s) => s,
                None => status_in(doc, lex, &r.cue_windows),
            };
            let confidence = lex.confidence_of(&r.evidence.rule);
            let r = &mut doc.relations[i];
            r.status = status;
            r.confidence = confidence;
        }
    }
}

/// The strongest cue in the windows: negated over possible over planned; actual if none.
pub fn status_in(doc: &Annotated<'_>, lex: &Lexicons, windows: &[std::ops::Range<usize>]) -> Status {
    let mut found = Status::Actual;
    for w in windows {
        let mut j = w.start;
        while j < w.end.min(doc.tokens.len()) {
            // A cue counts only inside the window, or reaching into the infinitive's "to" right
            // after it ("is slated | to travel"): "agreed" alone is no "agreed to".
            let all = doc.sentence_keys(j);
            let end = if all.get(w.end).is_some_and(|k| k == "to") {
                w.end + 1
            } else {
                w.end
            };
            let keys = &all[..end.min(all.len())];
            match lex.modality.cues.longest_at(keys, j) {
                Some((len, &s)) => {
                    if s != Status::Former && rank(s) > rank(found) {
                        found = s;
                    }
                    j += len;
                }
                _ => j += 1,
            }
        }
    }
    found
}

fn rank(s: Status) -> u8 {
    match s {
        Status::Actual | Status::Former => 0,
        Status::Planned => 1,
        Status::Possible => 2,
        Status::Negated => 3,
    }
}

#[cfg(test)]
mod tests {
    use crate::annotate::Pipeline;
    use crate::document::{Document, Metadata};
    use crate::lexicon::{Lexicons, Predicate, Status};

    /// (sentence, traveller, place, status) for travel facts.
    #[test]
    fn status_of_travel() {
        let cases = [
            (
                "Foreign Minister Ana Duarte will travel to Lima on Friday.",
                Status::Planned,
            ),
            (
                "Foreign Minister Ana Duarte travelled to Lima on Friday.",
                Status::Actual,
            ),
            (
                "Foreign Minister Ana Duarte may travel to Lima next week.",
                Status::Possible,
            ),
            (
                "Foreign Minister Ana Duarte did not travel to Lima.",
                Status::Negated,
            ),
            (
                "Foreign Minister Ana Duarte is expected to travel to Lima.",
                Status::Planned,
            ),
            (
                "Foreign Minister Ana Duarte will not travel to Lima.",
                Status::Negated,
            ),
            (
                "Foreign Minister Ana Duarte cancelled her trip to Lima.",
                Status::Negated,
            ),
            (
                "Foreign Minister Ana Duarte hopes to visit Lima.",
                Status::Possible,
            ),
        ];
        let lex = Lexicons::builtin();
        let pipeline = Pipeline::new(lex);
        for (text, want) in cases {
            let doc = Document::new("t", text, Metadata::default());
            let a = pipeline.annotate(&doc);
            let travel: Vec<_> = a
                .relations
                .iter()
                .filter(|r| r.predicate == Predicate::TravelsTo)
                .collect();
            assert_eq!(travel.len(), 1, "{text}: {:?}", a.relations);
            assert_eq!(travel[0].status, want, "{text}");
        }
    }
}
