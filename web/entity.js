// Entity page: names, titles, types, the facts about the entity with status, dates, support
// and confidence, each with the sentences it comes from, and the articles naming it.
'use strict';
(async () => {
  const { el, fill, api, param, entityLink, articleLink, graphHref, statusBadge, typeBadge, showError, nav } = NKG;
  nav('');
  const main = document.getElementById('main');
  const iri = param('iri');
  if (!iri) { showError(main, 'No entity given: open one from a search, a query or a graph.'); return; }
  let e;
  try { e = await api('entity', { iri }); } catch (err) { showError(main, err); return; }
  document.title = 'newskg · ' + e.label;

  const facts = el('table', { className: 'facts', id: 'facts' },
    el('thead', {}, el('tr', {}, ['relation', 'with', 'status', 'dates', 'articles', 'evidence'].map((h) => el('th', {}, h)))),
    el('tbody', {}, e.facts.map((f) => {
      const rel = f.outgoing ? f.relation + ' →' : '← ' + f.relation;
      const dates = f.first ? (f.first === f.last || !f.last ? f.first : f.first + ' – ' + f.last) : '';
      const evidence = el('ul', { className: 'evidence' }, f.evidence.map((ev) =>
        el('li', {},
          el('q', { className: 'sentence' }, ev.sentence || ''),
          el('span', { className: 'ev-meta' },
            ' ', ev.article ? articleLink(ev.article, 'article', ev.begin + '-' + ev.end) : '',
            ev.confidence !== undefined ? ' · confidence ' + ev.confidence.toFixed(2) : '',
            ev.rule ? ' · ' + ev.rule : '',
            ev.timeText ? ' · “' + ev.timeText + '”' : ''))));
      if (f.statements > f.evidence.length) {
        evidence.append(el('li', { className: 'muted' }, '… and ' + (f.statements - f.evidence.length) + ' more statements'));
      }
      return el('tr', { className: 'fact status-row-' + f.status, 'data-status': f.status },
        el('td', { className: 'relation' }, rel),
        el('td', {}, entityLink(f.other.iri, f.other.label, f.other.type)),
        el('td', {}, statusBadge(f.status)),
        el('td', { className: 'date' }, dates),
        el('td', { className: 'num' }, String(f.support)),
        el('td', {}, evidence));
    })));

  const list = (label, values) => values.length
    ? el('div', { className: 'field' }, el('span', { className: 'field-name' }, label), ' ', values.join(' · '))
    : null;
  fill(main,
    el('h1', { id: 'entity-label' }, e.label, ' ', typeBadge(e.type)),
    el('p', { className: 'iri muted' }, e.iri),
    el('div', { className: 'fields' },
      list('Other names:', e.names),
      list('Titles:', e.titles),
      e.countries.length ? el('div', { className: 'field' }, el('span', { className: 'field-name' }, 'Country:'), ' ',
        e.countries.map((c) => entityLink(c.iri, c.label, c.type))) : null,
      list('Same as:', e.sameAs),
      el('div', { className: 'field' }, el('span', { className: 'field-name' }, 'Named in:'), ' ',
        e.articleCount + (e.articleCount === 1 ? ' article' : ' articles'))),
    el('p', {}, el('a', { href: graphHref(e.iri), className: 'button', id: 'open-graph' }, 'Open in the graph view')),
    el('h2', {}, 'Facts (' + e.factsTotal + ')'),
    e.facts.length ? facts : el('p', { className: 'empty' }, 'No fact names this entity.'),
    e.factsTotal > e.facts.length ? el('p', { className: 'muted' }, 'The first ' + e.facts.length + ' are shown.') : null,
    el('h2', {}, 'Articles naming it (' + e.articlesTotal + ')'),
    el('ul', { className: 'article-list', id: 'articles' }, e.articles.map((a) =>
      el('li', {}, el('span', { className: 'date' }, a.date || ''), ' ', articleLink(a.iri, NKG.title(a))))),
    e.articlesTotal > e.articles.length ? el('p', { className: 'muted' }, 'The latest ' + e.articles.length + ' are shown.') : null);
})();
