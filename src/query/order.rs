//! `ORDER BY` applied to the answers instead of inside Oxigraph.
//!
//! Oxigraph 0.5 decodes both sort keys from the database at every comparison of its sort
//! (strings longer than a few bytes are a database read each), which doubles the time of a
//! listing query at corpus size: 1.3 of the 2.9 s of `queries/leads.rq` on 10,000 articles.
//! When a SELECT is ordered by variables it returns, and nothing (`LIMIT`, `OFFSET`) depends on
//! the order inside the query, the query runs without its `ORDER BY` and the answers, each
//! decoded once, are sorted here by the SPARQL 1.1 ordering (section 15.1): unbound first,
//! then blank nodes, IRIs, literals; numbers by value, strings and dates by their text.
//! Any other query keeps its `ORDER BY` for Oxigraph.

use std::cmp::Ordering;

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, Term};
use oxigraph::sparql::{QuerySolution, Variable};
use spargebra::Query;
use spargebra::algebra::{Expression, GraphPattern, OrderExpression};

/// One sort key: a variable of the answers, ascending or descending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    pub variable: Variable,
    pub descending: bool,
}

/// Takes the `ORDER BY` out of `query` when the answers can be sorted instead, and returns
/// its keys; leaves the query as it is (and returns `None`) otherwise.
pub fn take(query: &mut Query) -> Option<Vec<Key>> {
    let Query::Select { pattern, .. } = query else {
        return None;
    };
    take_in(pattern, None)
}

fn take_in(pattern: &mut GraphPattern, projected: Option<&[Variable]>) -> Option<Vec<Key>> {
    match pattern {
        GraphPattern::Distinct { inner } | GraphPattern::Reduced { inner } => take_in(inner, projected),
        GraphPattern::Project { inner, variables } => {
            let variables = variables.clone();
            take_in(inner, Some(&variables))
        }
        GraphPattern::OrderBy { inner, expression } => {
            let projected = projected?;
            let keys = expression
                .iter()
                .map(|e| {
                    let (expression, descending) = match e {
                        OrderExpression::Asc(x) => (x, false),
                        OrderExpression::Desc(x) => (x, true),
                    };
                    match expression {
                        Expression::Variable(v) if projected.contains(v) => Some(Key {
                            variable: v.clone(),
                            descending,
                        }),
                        _ => None,
                    }
                })
                .collect::<Option<Vec<Key>>>()?;
            let inner = std::mem::replace(inner.as_mut(), GraphPattern::Bgp { patterns: Vec::new() });
            *pattern = inner;
            Some(keys)
        }
        // LIMIT and OFFSET take their rows from the ordered answers: the order stays inside.
        _ => None,
    }
}

/// Sorts answers by `keys`; answers equal on every key keep the order they came in.
pub fn sort(solutions: &mut [QuerySolution], keys: &[Key]) {
    solutions.sort_by(|a, b| {
        for key in keys {
            let order = compare(a.get(&key.variable), b.get(&key.variable));
            let order = if key.descending { order.reverse() } else { order };
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    });
}

/// The SPARQL 1.1 order of two values (section 15.1), with the comparisons of section 17.3
/// where the operands allow them.
pub fn compare(a: Option<&Term>, b: Option<&Term>) -> Ordering {
    fn rank(t: Option<&Term>) -> u8 {
        match t {
            None => 0,
            Some(Term::BlankNode(_)) => 1,
            Some(Term::NamedNode(_)) => 2,
            Some(Term::Literal(_)) => 3,
            #[allow(unreachable_patterns)]
            Some(_) => 4,
        }
    }
    match (a, b) {
        (Some(Term::BlankNode(x)), Some(Term::BlankNode(y))) => x.as_str().cmp(y.as_str()),
        (Some(Term::NamedNode(x)), Some(Term::NamedNode(y))) => x.as_str().cmp(y.as_str()),
        (Some(Term::Literal(x)), Some(Term::Literal(y))) => compare_literals(x, y),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn compare_literals(a: &Literal, b: &Literal) -> Ordering {
    if let (Some(x), Some(y)) = (number(a), number(b))
        && let Some(order) = x.partial_cmp(&y)
    {
        return order;
    }
    let comparable_texts = (is_string(a) && is_string(b))
        || (a.datatype() == b.datatype() && is_temporal(a))
        || (a.language().is_some() && a.language() == b.language());
    if comparable_texts && a.value() != b.value() {
        return a.value().cmp(b.value());
    }
    (a.value(), a.datatype().as_str(), a.language()).cmp(&(b.value(), b.datatype().as_str(), b.language()))
}

/// The value of a numeric literal (integers exactly up to 2^53, as Oxigraph's doubles do).
fn number(l: &Literal) -> Option<f64> {
    let d = l.datatype();
    let numeric = [
        xsd::INTEGER,
        xsd::DECIMAL,
        xsd::DOUBLE,
        xsd::FLOAT,
        xsd::INT,
        xsd::LONG,
        xsd::SHORT,
        xsd::BYTE,
        xsd::NON_NEGATIVE_INTEGER,
        xsd::POSITIVE_INTEGER,
        xsd::NON_POSITIVE_INTEGER,
        xsd::NEGATIVE_INTEGER,
        xsd::UNSIGNED_INT,
        xsd::UNSIGNED_LONG,
        xsd::UNSIGNED_SHORT,
        xsd::UNSIGNED_BYTE,
    ];
    if !numeric.contains(&d) {
        return None;
    }
    match l.value().trim() {
        "INF" => Some(f64::INFINITY),
        "-INF" => Some(f64::NEG_INFINITY),
        v => v.parse().ok(),
    }
}

fn is_string(l: &Literal) -> bool {
    l.language().is_none() && l.datatype() == xsd::STRING
}

fn is_temporal(l: &Literal) -> bool {
    [
        xsd::DATE_TIME,
        xsd::DATE,
        xsd::G_YEAR,
        xsd::G_YEAR_MONTH,
        xsd::TIME,
    ]
    .contains(&l.datatype())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, NamedNode};
    use spargebra::SparqlParser;

    fn lit(v: &str) -> Term {
        Literal::new_simple_literal(v).into()
    }
    fn typed(v: &str, d: oxigraph::model::NamedNodeRef<'_>) -> Term {
        Literal::new_typed_literal(v, d).into()
    }

    #[test]
    fn values_in_sparql_order() {
        let iri: Term = NamedNode::new_unchecked("http://example.org/a").into();
        let blank: Term = BlankNode::new_unchecked("b1").into();
        let table: &[(Option<Term>, Option<Term>, Ordering)] = &[
            (None, Some(blank.clone()), Ordering::Less),
            (Some(blank.clone()), Some(iri.clone()), Ordering::Less),
            (Some(iri.clone()), Some(lit("a")), Ordering::Less),
            (Some(lit("Ana")), Some(lit("Bruno")), Ordering::Less),
            (Some(lit("Zoe")), Some(lit("Ängel")), Ordering::Less),
            (
                Some(typed("9", xsd::INTEGER)),
                Some(typed("10", xsd::INTEGER)),
                Ordering::Less,
            ),
            (
                Some(typed("2.5", xsd::DECIMAL)),
                Some(typed("3", xsd::INTEGER)),
                Ordering::Less,
            ),
            (
                Some(typed("2026-03-01", xsd::DATE)),
                Some(typed("2026-11-30", xsd::DATE)),
                Ordering::Less,
            ),
            (Some(lit("same")), Some(lit("same")), Ordering::Equal),
        ];
        for (a, b, want) in table {
            assert_eq!(compare(a.as_ref(), b.as_ref()), *want, "{a:?} vs {b:?}");
            assert_eq!(compare(b.as_ref(), a.as_ref()), want.reverse(), "{b:?} vs {a:?}");
        }
    }

    fn keys_of(text: &str) -> (Option<Vec<(String, bool)>>, String) {
        let mut q = SparqlParser::new().parse_query(text).unwrap();
        let keys = take(&mut q).map(|ks| {
            ks.into_iter()
                .map(|k| (k.variable.as_str().to_string(), k.descending))
                .collect()
        });
        (keys, q.to_string())
    }

    #[test]
    fn order_taken_only_when_the_answers_can_be_sorted() {
        type Keys = Option<Vec<(&'static str, bool)>>;
        let table: &[(&str, Keys)] = &[
            (
                "SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY ?a DESC(?b)",
                Some(vec![("a", false), ("b", true)]),
            ),
            (
                "SELECT DISTINCT ?a WHERE { ?a ?p ?b } ORDER BY ?a",
                Some(vec![("a", false)]),
            ),
            (
                "SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP BY ?a ORDER BY DESC(?n)",
                Some(vec![("n", true)]),
            ),
            // A LIMIT takes the first rows of the ordered answers.
            ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a LIMIT 3", None),
            ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?a OFFSET 3", None),
            // Ordered by something the answers do not hold.
            ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b", None),
            ("SELECT ?a WHERE { ?a ?p ?b } ORDER BY STRLEN(?a)", None),
            ("SELECT ?a WHERE { ?a ?p ?b }", None),
            ("ASK { ?a ?p ?b }", None),
        ];
        for (text, want) in table {
            let (keys, rewritten) = keys_of(text);
            let want: Option<Vec<(String, bool)>> = want
                .as_ref()
                .map(|w| w.iter().map(|(v, d)| (v.to_string(), *d)).collect());
            assert_eq!(keys, want, "{text}");
            let unchanged = SparqlParser::new().parse_query(text).unwrap().to_string();
            if keys.is_some() {
                assert!(!rewritten.contains("ORDER BY"), "{text} -> {rewritten}");
            } else {
                assert_eq!(rewritten, unchanged, "{text}");
            }
        }
    }
}
