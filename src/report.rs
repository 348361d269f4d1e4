//! The JSON report of `extract --format json`: every stage's output with its text and
//! character offsets, so a user can see why a fact was or was not found.

use serde_json::{Value, json};

use crate::annotate::Annotated;
use crate::document::Span;

fn at(a: &Annotated<'_>, span: Span) -> Value {
    let (b, e) = a.doc.char_span(span);
    json!([b, e])
}

/// The report for one annotated article.
pub fn report(a: &Annotated<'_>) -> Value {
    let doc = a.doc;
    let text = |s: Span| doc.slice(s).to_string();
    let entity_name = |e: usize| a.entities[e].label.clone();
    json!({
        "article": {
            "id": doc.id,
            "iri": crate::rdf::iri::article(&doc.id),
            "source": doc.meta.source,
            "title": doc.meta.title.clone().or_else(|| a.headline.map(text)),
            "date": a.date.map(|d| d.to_string()),
            "characters": doc.char_len(),
            "url": doc.meta.url,
            "authors": doc.meta.authors,
            "publisher": doc.meta.outlet,
            "crawled_url": doc.meta.crawled_url,
            "crawled_at": doc.meta.crawled_at,
            "extracted_from": doc.meta.format,
            // The text every offset refers to: what was extracted from a page or dump.
            "text": doc.text,
            "left_out": doc.meta.dropped,
        },
        "layout": {
            "blocks": a.blocks.iter().map(|b| json!({"kind": b.kind, "offsets": at(a, b.span), "text": text(b.span)})).collect::<Vec<_>>(),
            "dateline": a.dateline.as_ref().map(|d| json!({
                "text": text(d.span),
                "places": d.places.iter().map(|p| text(*p)).collect::<Vec<_>>(),
                "date": d.date.map(|x| x.to_string()),
                "agency": d.agency.map(text),
            })),
        },
        "sentences": a.sentences.iter().enumerate().map(|(i, s)| json!({
            "index": i, "offsets": at(a, s.span), "text": text(s.span), "dateline": s.dateline,
            // Parts of speech as the syntax stage chose them ("talks/Noun met/Past").
            "tagged": s.tokens.clone().filter(|&j| j < a.pos.len()).map(|j| format!("{}/{:?}", a.tok(j), a.pos[j])).collect::<Vec<_>>().join(" "),
        })).collect::<Vec<_>>(),
        "verb_groups": a.verbs.iter().map(|g| json!({
            "text": text(a.span_of(&g.tokens)), "offsets": at(a, a.span_of(&g.tokens)), "sentence": g.sentence,
            "head": a.tok(g.head), "form": g.form, "passive": g.passive, "negated": g.negated,
        })).collect::<Vec<_>>(),
        "mentions": a.mentions.iter().enumerate().map(|(i, m)| json!({
            "index": i, "text": text(m.span), "offsets": at(a, m.span), "sentence": m.sentence,
            "kind": m.kind, "type": m.etype.name(), "rule": m.rule, "weak": m.weak,
            "canonical": m.canonical, "owner": m.owner,
            "entity": m.entity.map(entity_name),
            "group": m.group.iter().map(|&e| entity_name(e)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "roles": a.roles.iter().map(|r| json!({
            "person": text(a.mentions[r.person].span),
            "entity": a.mentions[r.person].entity.map(entity_name),
            "title": r.title, "class": r.class, "former": r.former,
            "of": r.of.map(|o| text(a.mentions[o].span)),
            "unit": text(a.span_of(&r.unit)),
        })).collect::<Vec<_>>(),
        "entities": a.entities.iter().enumerate().map(|(i, e)| json!({
            "index": i, "label": e.label, "type": e.etype.name(),
            "iri": crate::rdf::iri::entity(e.etype, &e.label, &doc.id),
            "alternate_names": e.alternate, "job_titles": e.titles, "same_as": e.same_as,
            "country": e.country.map(entity_name), "mentions": e.mentions.len(),
            "kept": e.keep,
        })).collect::<Vec<_>>(),
        "relations": a.relations.iter().map(|r| json!({
            "subject": entity_name(r.subject), "predicate": r.predicate.name(), "object": entity_name(r.object),
            "status": r.status, "confidence": r.confidence, "rule": r.evidence.rule,
            "evidence": text(r.evidence.span), "offsets": at(a, r.evidence.span),
            "sentence": r.evidence.sentence,
            "time": r.time.map(|t| json!({"text": text(a.times[t].span), "value": a.times[t].value})),
        })).collect::<Vec<_>>(),
        "times": a.times.iter().map(|t| json!({"text": text(t.span), "offsets": at(a, t.span), "value": t.value})).collect::<Vec<_>>(),
        "quotes": a.quotes.iter().map(|q| json!({
            "text": text(q.span), "offsets": at(a, q.span), "speaker": q.speaker.map(entity_name),
            "cue": q.cue.map(text),
        })).collect::<Vec<_>>(),
        "events": a.events.iter().map(|ev| json!({
            "kind": ev.kind, "cameo": ev.cameo, "status": ev.status,
            "participants": ev.participants.iter().map(|&p| entity_name(p)).collect::<Vec<_>>(),
            "place": ev.place.map(entity_name),
            "time": ev.time.map(|t| text(a.times[t].span)),
            "evidence": text(a.sentences[ev.evidence.sentence].span),
        })).collect::<Vec<_>>(),
    })
}
