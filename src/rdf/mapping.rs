//! Annotated document → quads, all in the article's named graph (whose IRI is the article's).
//!
//! The article node (`schema:NewsArticle`), every kept entity (type, label, other names, job
//! titles), one `rdf:Statement` per relation carrying status, confidence, rule, evidence
//! sentence and character offsets (the plain triple too when the status is actual), quotations
//! and events. Offsets are Unicode scalar values.

use std::collections::HashMap;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};

use super::iri;
use super::vocab::{NIF, NKG, OWL, PROV, RDFS, SCHEMA};
use crate::annotate::{Annotated, EntityType, EventKind, TimeValue};
use crate::document::Span;
use crate::lexicon::Status;

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

/// The longest evidence or quotation text written to the graph, in characters.
pub const MAX_TEXT: usize = 2000;

fn node(iri: &str) -> NamedNode {
    // Every IRI passed here is minted by `iri` or a vocabulary constant, and valid.
    NamedNode::new_unchecked(iri)
}

fn term(ns: &str, local: &str) -> NamedNode {
    node(&format!("{ns}{local}"))
}

impl Writer {
    fn add(&mut self, s: &NamedNode, p: NamedNode, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            NamedOrBlankNode::NamedNode(s.clone()),
            p,
            o.into(),
            self.graph.clone(),
        ));
    }

    fn text(&mut self, s: &NamedNode, p: NamedNode, value: &str) {
        self.add(s, p, Literal::new_simple_literal(clean(value).into_owned()));
    }

    /// Text that can be as long as a sentence of a hostile input: cut at [`MAX_TEXT`]
    /// characters (the offsets still give the whole span), so that no RDF line is too long
    /// for the tools that read it.
    fn long_text(&mut self, s: &NamedNode, p: NamedNode, value: &str) {
        if value.chars().count() > MAX_TEXT {
            let cut: String = value.chars().take(MAX_TEXT - 1).collect();
            self.text(s, p, &format!("{cut}…"));
        } else {
            self.text(s, p, value);
        }
    }

    fn int(&mut self, s: &NamedNode, p: NamedNode, value: usize) {
        self.add(
            s,
            p,
            Literal::new_typed_literal(value.to_string(), xsd::NON_NEGATIVE_INTEGER),
        );
    }

    /// `nif:beginIndex`/`nif:endIndex` of a span, in characters.
    fn offsets(&mut self, s: &NamedNode, ann: &Annotated<'_>, span: Span) {
        let (b, e) = ann.doc.char_span(span);
        self.int(s, term(NIF, "beginIndex"), b);
        self.int(s, term(NIF, "endIndex"), e);
    }
}

/// Strips characters that are not allowed in XML 1.0 (RDF/XML output must stay parseable).
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}' && !('\u{7F}'..='\u{9F}').contains(&c))
    };
    if s.chars().all(allowed) {
        return s.into();
    }
    s.chars().filter(|&c| allowed(c)).collect::<String>().into()
}

/// The article's text as stored in `schema:articleBody`: characters not allowed in XML 1.0
/// become U+FFFD (one character for one, so that every offset in the graph still points at the
/// same place).
fn body_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r')
                || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}' && !('\u{7F}'..='\u{9F}').contains(&c))
            {
                c
            } else {
                '\u{FFFD}'
            }
        })
        .collect()
}

fn schema_class(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "Person",
        EntityType::Organization | EntityType::Delegation => "Organization",
        EntityType::Country => "Country",
        EntityType::City => "City",
        EntityType::State => "State",
        EntityType::Continent => "Continent",
        EntityType::Region | EntityType::Place => "Place",
        EntityType::Event => "Event",
    }
}

fn time_literal(v: TimeValue) -> Literal {
    match v {
        TimeValue::Day(d) | TimeValue::Week(d) => {
            Literal::new_typed_literal(d.format("%Y-%m-%d").to_string(), xsd::DATE)
        }
        TimeValue::Month(y, m) => Literal::new_typed_literal(format!("{y:04}-{m:02}"), xsd::G_YEAR_MONTH),
        TimeValue::Year(y) => Literal::new_typed_literal(format!("{y:04}"), xsd::G_YEAR),
    }
}

/// All quads of one article.
pub fn to_quads(ann: &Annotated<'_>) -> Vec<Quad> {
    let doc = ann.doc;
    let article = node(&iri::article(&doc.id));
    let mut w = Writer {
        graph: GraphName::NamedNode(article.clone()),
        quads: Vec::new(),
    };
    // The article.
    w.add(&article, rdf::TYPE.into_owned(), term(SCHEMA, "NewsArticle"));
    let title = doc
        .meta
        .title
        .clone()
        .or_else(|| ann.headline.map(|h| doc.slice(h).to_string()));
    if let Some(t) = &title {
        w.text(&article, term(SCHEMA, "headline"), t);
    }
    w.text(&article, term(NKG, "articleId"), &doc.id);
    if let Some(d) = ann.date {
        w.add(
            &article,
            term(SCHEMA, "datePublished"),
            Literal::new_typed_literal(d.format("%Y-%m-%d").to_string(), xsd::DATE),
        );
    }
    if let Some(s) = &doc.meta.source {
        w.text(&article, term(NKG, "sourceFile"), s);
    }
    if let Some(u) = &doc.meta.url {
        w.text(&article, term(SCHEMA, "url"), u);
    }
    if let Some(o) = &doc.meta.outlet {
        w.text(&article, term(SCHEMA, "publisher"), o);
    }
    // Page and archive metadata (issue 13).
    for a in &doc.meta.authors {
        w.text(&article, term(SCHEMA, "author"), a);
    }
    if let Some(u) = &doc.meta.crawled_url {
        w.text(&article, term(NKG, "crawledUrl"), u);
    }
    if let Some(d) = &doc.meta.crawled_at {
        // WARC-Date is ISO 8601; typed when it is a valid xsd:dateTime, as written otherwise.
        if chrono::DateTime::parse_from_rfc3339(d).is_ok() {
            w.add(
                &article,
                term(NKG, "crawledAt"),
                Literal::new_typed_literal(d.clone(), xsd::DATE_TIME),
            );
        } else {
            w.text(&article, term(NKG, "crawledAt"), d);
        }
    }
    if let Some(f) = &doc.meta.format {
        w.text(&article, term(NKG, "extractedFrom"), f);
    }
    w.int(&article, term(NKG, "characterCount"), doc.char_len());
    // The whole text, so that the article page can show it with its mentions and facts at
    // their offsets: characters XML forbids become U+FFFD, one for one, so offsets still hold.
    w.add(
        &article,
        term(SCHEMA, "articleBody"),
        Literal::new_simple_literal(body_text(&doc.text)),
    );
    // Entities.
    let iris: Vec<NamedNode> = ann
        .entities
        .iter()
        .map(|e| node(&iri::entity(e.etype, &e.label, &doc.id)))
        .collect();
    let mut seen: HashMap<String, ()> = HashMap::new();
    for (i, e) in ann.entities.iter().enumerate() {
        if !e.keep {
            continue;
        }
        let s = &iris[i];
        w.add(s, rdf::TYPE.into_owned(), term(SCHEMA, schema_class(e.etype)));
        if e.etype == EntityType::Delegation {
            w.add(s, rdf::TYPE.into_owned(), term(NKG, "Delegation"));
        }
        if seen.insert(s.as_str().to_string(), ()).is_none() {
            w.text(s, term(RDFS, "label"), &e.label);
        }
        for a in &e.alternate {
            w.text(s, term(SCHEMA, "alternateName"), a);
        }
        for t in &e.titles {
            w.text(s, term(SCHEMA, "jobTitle"), t);
        }
        if let Some(same) = &e.same_as
            && let Ok(n) = NamedNode::new(same)
        {
            w.add(s, term(OWL, "sameAs"), n);
        }
        if let Some(c) = e.country.filter(|&c| ann.entities[c].keep) {
            w.add(s, term(NKG, "country"), iris[c].clone());
        }
        w.add(&article, term(SCHEMA, "mentions"), s.clone());
    }
    // Where each kept entity is named: one literal per entity and article.
    let mut spans: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ann.entities.len()];
    for m in &ann.mentions {
        if let Some(e) = m.entity
            && ann.entities[e].keep
        {
            spans[e].push(doc.char_span(m.span));
        }
    }
    let mut written: HashMap<String, ()> = HashMap::new();
    for (i, list) in spans.iter_mut().enumerate() {
        if list.is_empty() || written.insert(iris[i].as_str().to_string(), ()).is_some() {
            continue;
        }
        // Entities sharing an IRI (one name, two mentions groups) pool their spans.
        for j in (i + 1..ann.entities.len()).filter(|&j| iris[j] == iris[i]) {
            list.extend(
                ann.mentions
                    .iter()
                    .filter(|m| m.entity == Some(j))
                    .map(|m| doc.char_span(m.span)),
            );
        }
        list.sort_unstable();
        list.dedup();
        let text: Vec<String> = list.iter().map(|(b, e)| format!("{b}-{e}")).collect();
        w.text(&iris[i], term(NKG, "mentionSpans"), &text.join(" "));
    }
    if let Some(d) = &ann.dateline
        && let Some(place) = d.places.first()
        && let Some(e) = ann
            .mentions
            .iter()
            .find(|m| m.span == *place)
            .and_then(|m| m.entity)
        && ann.entities[e].keep
    {
        w.add(&article, term(SCHEMA, "locationCreated"), iris[e].clone());
    }
    // Sentences are named by NIF offset IRIs ("#char=120,245"); the statement carries their text.
    let sentence_iri = |s: usize| {
        let (b, e) = doc.char_span(ann.sentences[s].span);
        node(&format!("{}#char={b},{e}", article.as_str()))
    };
    // Relations.
    let statement_iri = |i: usize| node(&format!("{}#rel-{}", article.as_str(), i + 1));
    for (i, r) in ann.relations.iter().enumerate() {
        let st = statement_iri(i);
        let (s, p, o) = (&iris[r.subject], term(NKG, r.predicate.name()), &iris[r.object]);
        if r.status == Status::Actual {
            w.add(s, p.clone(), o.clone());
        }
        w.add(&st, rdf::TYPE.into_owned(), rdf::STATEMENT.into_owned());
        w.add(&st, rdf::SUBJECT.into_owned(), s.clone());
        w.add(&st, rdf::PREDICATE.into_owned(), p);
        w.add(&st, rdf::OBJECT.into_owned(), o.clone());
        w.add(&st, term(NKG, "status"), term(NKG, r.status.name()));
        w.add(
            &st,
            term(NKG, "confidence"),
            Literal::new_typed_literal(format!("{:.2}", r.confidence), xsd::DECIMAL),
        );
        w.text(&st, term(NKG, "rule"), &r.evidence.rule);
        w.long_text(
            &st,
            term(NKG, "evidenceText"),
            doc.slice(ann.sentences[r.evidence.sentence].span),
        );
        w.offsets(&st, ann, r.evidence.span);
        w.add(
            &st,
            term(PROV, "wasDerivedFrom"),
            sentence_iri(r.evidence.sentence),
        );
        if let Some(t) = r.time {
            let time = &ann.times[t];
            w.text(&st, term(NKG, "timeText"), doc.slice(time.span));
            if let Some(v) = time.value {
                w.add(&st, term(NKG, "date"), time_literal(v));
            }
        }
    }
    // Quotations.
    for (i, q) in ann.quotes.iter().enumerate() {
        let n = node(&format!("{}#quote-{}", article.as_str(), i + 1));
        w.add(&n, rdf::TYPE.into_owned(), term(SCHEMA, "Quotation"));
        w.long_text(&n, term(SCHEMA, "text"), doc.slice(q.span));
        w.offsets(&n, ann, q.span);
        if let Some(sp) = q.speaker {
            w.add(&n, term(NKG, "speaker"), iris[sp].clone());
        }
    }
    // Events.
    for (i, ev) in ann.events.iter().enumerate() {
        let n = node(&format!("{}#event-{}", article.as_str(), i + 1));
        let class = match ev.kind {
            EventKind::Meeting => "Meeting",
            EventKind::Trip => "Trip",
        };
        // nkg:Meeting and nkg:Trip are subclasses of schema:Event (see the ontology).
        w.add(&n, rdf::TYPE.into_owned(), term(NKG, class));
        let names: Vec<&str> = ev
            .participants
            .iter()
            .map(|&p| ann.entities[p].label.as_str())
            .collect();
        let label = match (ev.kind, ev.place) {
            (EventKind::Trip, Some(p)) => {
                format!("Trip of {} to {}", names.join(", "), ann.entities[p].label)
            }
            (EventKind::Meeting, Some(p)) => {
                format!("Meeting of {} in {}", names.join(", "), ann.entities[p].label)
            }
            (EventKind::Meeting, None) => format!("Meeting of {}", names.join(", ")),
            (EventKind::Trip, None) => format!("Trip of {}", names.join(", ")),
        };
        w.text(&n, term(RDFS, "label"), &label);
        for &p in &ev.participants {
            w.add(&n, term(SCHEMA, "attendee"), iris[p].clone());
        }
        if let Some(p) = ev.place {
            w.add(&n, term(SCHEMA, "location"), iris[p].clone());
        }
        w.add(&n, term(NKG, "status"), term(NKG, ev.status.name()));
        w.text(&n, term(NKG, "cameoCode"), &ev.cameo);
        if let Some(t) = ev.time
            && let Some(v) = ann.times[t].value
        {
            w.add(&n, term(NKG, "date"), time_literal(v));
        }
        for &r in &ev.relations {
            w.add(&n, term(NKG, "statement"), statement_iri(r));
        }
    }
    w.quads
}
