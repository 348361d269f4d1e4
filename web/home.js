// Home: find an entity by name, the most-named people, the latest articles.
'use strict';
(async () => {
  const { el, fill, api, param, entityLink, articleLink, typeBadge, showError, nav } = NKG;
  nav('/');
  const main = document.getElementById('main');
  const q = param('q') || '';
  const results = el('div', { id: 'search-results' });
  const people = el('div', { id: 'top-people' }, el('p', { className: 'loading' }, 'Loading…'));
  const latest = el('div', { id: 'latest-articles' }, el('p', { className: 'loading' }, 'Loading…'));
  fill(main,
    el('h1', {}, 'Explore the graph'),
    el('p', { className: 'lead' },
      'Every fact with the sentence it came from, and whether it happened, is planned, possible, former or denied. ',
      el('a', { href: '/query' }, 'Query'), ' with SPARQL, open an entity or an article, or browse the ',
      el('a', { href: '/graph' }, 'graph'), '.'),
    el('form', { className: 'search', action: '/', method: 'get' },
      el('input', { type: 'search', name: 'q', value: q, placeholder: 'A name: Zelensky, Geneva, NATO…', id: 'q', 'aria-label': 'Name' }),
      el('button', { type: 'submit' }, 'Find')),
    results,
    el('div', { className: 'columns' },
      el('section', {}, el('h2', {}, 'Most named people'), people),
      el('section', {}, el('h2', {}, 'Latest articles'), latest)));

  function entityList(list) {
    if (!list.length) return el('p', { className: 'empty' }, 'Nothing found.');
    return el('ul', { className: 'entity-list' }, list.map((e) =>
      el('li', {}, entityLink(e.iri, e.label, e.type), ' ', typeBadge(e.type),
        el('span', { className: 'muted' }, ' ' + e.articleCount + (e.articleCount === 1 ? ' article' : ' articles')))));
  }

  if (q) {
    try {
      const hits = await api('search', { q, limit: 50 });
      results.replaceChildren(el('h2', {}, 'Entities named “', q, '”'), entityList(hits));
    } catch (e) { showError(results, e); }
  }
  try {
    people.replaceChildren(entityList(await api('top', { type: 'Person', limit: 15 })));
  } catch (e) { showError(people, e); }
  try {
    const a = await api('articles', { limit: 15 });
    latest.replaceChildren(
      el('ul', { className: 'article-list' }, a.articles.map((x) =>
        el('li', {}, el('span', { className: 'date' }, x.date || ''), ' ', articleLink(x.iri, NKG.title(x))))),
      el('p', { className: 'muted' }, a.total + ' articles in the store'));
  } catch (e) { showError(latest, e); }
})();
