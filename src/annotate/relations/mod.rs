//! Relation stage: reads who leads, represents, travels to and meets whom.
//!
//! Consumes the roles (titles yield `leads` and `represents`), the entities, and the
//! trigger rules of `data/patterns/relations.toml`, whose frames read arguments from a
//! [`view::View`] of each sentence. Produces [`Relation`]s with their evidence (sentence, span,
//! rule id) and the token windows in which the modality stage will look for status cues.
//! Quoted speech is not mined.

mod args;
pub mod clause;
mod derive;
mod frames;
mod locality;
pub(crate) mod occasions;
mod phrases;
mod verbs;
pub mod view;

use std::ops::Range;

use super::{Annotated, EntityType, Evidence, Relation, Stage};
use crate::lexicon::{Lexicons, Predicate, Status};
use args::Found;

pub struct Relations;

impl Stage for Relations {
    fn name(&self) -> &'static str {
        "relations"
    }

    fn run(&self, doc: &mut Annotated<'_>, lex: &Lexicons) {
        crate::annotate::sides::implied(doc, lex);
        let mut group = 0;
        let mut found: Vec<(Found, usize, String, Option<String>, usize)> = Vec::new();
        for (f, sentence, rule) in derive::from_roles(doc) {
            found.push((f, sentence, rule.to_string(), None, group));
            group += 1;
        }

        let index = view::SentenceIndex::new(doc);
        for s in 0..doc.sentences.len() {
            if doc.sentences[s].dateline {
                continue;
            }
            let view = view::View::new(doc, s, &index);
            let r = doc.sentences[s].tokens.clone();
            let mut j = r.start;
            while j < r.end {
                let mut next = j + 1;
                // Quoted words count too: an official's "we invited him to Miami" is a report.
                if !view.covered(j..j + 1) {
                    for (len, &rule_index) in lex.rules.triggers.matches_at(doc.sentence_keys(j), j) {
                        let rule = &lex.rules.rules[rule_index];
                        if view.covered(j..j + len) {
                            continue;
                        }
                        let (relations, consumed) = frames::apply(&view, lex, rule, j..j + len);
                        if relations.is_empty() {
                            continue;
                        }
                        for f in relations {
                            // Attending something at home, or returning home, is no trip.
                            let homeward = rule.id == "travel.attend"
                                || matches!(doc.key(j), "return" | "returns" | "returned" | "returning");
                            if homeward && locality::is_local(doc, &index.countries, f.subject, f.object) {
                                continue;
                            }
                            found.push((f, s, rule.id.clone(), rule.cameo.clone(), group));
                        }
                        group += 1;
                        next = consumed.max(j + len);
                        break;
                    }
                }
                j = next;
            }
        }
        let base = group;
        for (f, sentence, rule, occasion) in occasions::relations(doc, lex, &index) {
            let cameo = match f.predicate {
                Predicate::TravelsTo => "042",
                _ => "046",
            };
            found.push((
                f,
                sentence,
                rule.to_string(),
                Some(cameo.to_string()),
                base + occasion,
            ));
        }
        let mut relations: Vec<Relation> = Vec::new();
        for (f, sentence, rule, cameo, group) in found {
            if f.subject == f.object {
                continue;
            }
            let clause = clause_of(doc, sentence, &f.tokens);
            relations.push(Relation {
                predicate: f.predicate,
                subject: f.subject,
                object: f.object,
                status: f.fixed.unwrap_or(Status::Actual),
                confidence: 0.0,
                evidence: Evidence {
                    sentence,
                    span: doc.span_of(&f.tokens),
                    rule,
                },
                cue_windows: f.windows,
                fixed_status: f.fixed,
                clause,
                time: None,
                group,
                cameo,
            });
        }
        relations.extend(derive::transitive(doc, &relations));
        // "X was joined by Y" says only what it implies through X.
        relations.retain(|r| {
            !(r.evidence.rule == "represent.joined" && doc.entities[r.object].etype == EntityType::Person)
        });
        // Officials of the dateline's country, once every other tie is known.
        let stated: Vec<(Found, usize, String)> = relations
            .iter()
            .map(|r| {
                (
                    Found {
                        predicate: r.predicate,
                        subject: r.subject,
                        object: r.object,
                        windows: Vec::new(),
                        fixed: None,
                        tokens: 0..0,
                    },
                    r.evidence.sentence,
                    r.evidence.rule.clone(),
                )
            })
            .collect();
        for (f, sentence, rule) in derive::home_roles(doc, lex, &stated) {
            let clause = clause_of(doc, sentence, &f.tokens);
            relations.push(Relation {
                predicate: f.predicate,
                subject: f.subject,
                object: f.object,
                status: Status::Actual,
                confidence: 0.0,
                evidence: Evidence {
                    sentence,
                    span: doc.span_of(&f.tokens),
                    rule: rule.to_string(),
                },
                cue_windows: Vec::new(),
                fixed_status: None,
                clause,
                time: None,
                group: usize::MAX,
                cameo: None,
            });
        }
        // Nobody meets their own side: a person who leads or represents a delegation, or
        // whose role is in its country, is part of it.
        let own: std::collections::HashSet<(usize, usize)> = relations
            .iter()
            .filter(|r| matches!(r.predicate, Predicate::Leads | Predicate::Represents))
            .map(|r| (r.subject, r.object))
            .collect();
        relations.retain(|r| {
            if r.predicate != Predicate::MetWith {
                return true;
            }
            let of_side = |p: usize, d: usize| {
                let side = &doc.entities[d];
                side.etype == EntityType::Delegation
                    && (own.contains(&(p, d))
                        || side
                            .country
                            .is_some_and(|c| own.contains(&(p, c)) || index.countries.get(&p) == Some(&c)))
            };
            !of_side(r.subject, r.object) && !of_side(r.object, r.subject)
        });
        doc.relations = dedup(drop_inferred(relations));
        for r in &doc.relations {
            doc.entities[r.subject].keep = true;
            doc.entities[r.object].keep = true;
        }
    }
}

/// From the first argument to the end of the clause after the last one.
fn clause_of(doc: &Annotated<'_>, sentence: usize, tokens: &Range<usize>) -> Range<usize> {
    let r = doc.sentences[sentence].tokens.clone();
    let mut end = tokens.end;
    while end < r.end && !view::is_boundary(doc.key(end)) && !matches!(doc.key(end), "," | "and") {
        end += 1;
    }
    tokens.start.max(r.start)..end.min(r.end)
}

/// Rules that infer a fact from an occasion rather than read it: they fill gaps, so a fact the
/// text states elsewhere in the article keeps only the stated version.
const INFERRED: &[&str] = &["travel.occasion"];

fn drop_inferred(relations: Vec<Relation>) -> Vec<Relation> {
    let stated: std::collections::HashSet<(Predicate, usize, usize)> = relations
        .iter()
        .filter(|r| !INFERRED.contains(&r.evidence.rule.as_str()))
        .map(|r| (r.predicate, r.subject, r.object))
        .collect();
    relations
        .into_iter()
        .filter(|r| {
            !INFERRED.contains(&r.evidence.rule.as_str())
                || !stated.contains(&(r.predicate, r.subject, r.object))
        })
        .collect()
}

/// One relation per fact and evidence: the same triple in the same sentence is kept once
/// (the first rule that found it); a symmetric relation is kept in one direction.
fn dedup(relations: Vec<Relation>) -> Vec<Relation> {
    let mut seen = std::collections::HashSet::new();
    relations
        .into_iter()
        .filter(|r| {
            let (a, b) = if r.predicate.is_symmetric() && r.object < r.subject {
                (r.object, r.subject)
            } else {
                (r.subject, r.object)
            };
            seen.insert((r.predicate, a, b, r.evidence.sentence))
        })
        .collect()
}
