// Query page: a SPARQL editor prefilled with the examples of queries/, results as a table
// whose entity and article IRIs link to their pages, and downloads in every result format.
'use strict';
(async () => {
  const { el, fill, api, param, entityHref, articleHref, showError, nav } = NKG;
  nav('/query');
  const main = document.getElementById('main');
  const PREFIXES = [
    ['nkg:', 'https://w3id.org/newskg/ns#'], ['schema:', 'https://schema.org/'],
    ['rdf:', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'], ['rdfs:', 'http://www.w3.org/2000/01/rdf-schema#'],
    ['xsd:', 'http://www.w3.org/2001/XMLSchema#'], ['person:', 'https://w3id.org/newskg/id/person/'],
    ['org:', 'https://w3id.org/newskg/id/org/'], ['place:', 'https://w3id.org/newskg/id/place/'],
    ['article:', 'https://w3id.org/newskg/article/'],
  ];
  const compact = (iri) => {
    for (const [p, ns] of PREFIXES) if (iri.startsWith(ns) && /^[\w.-]+$/.test(iri.slice(ns.length))) return p + iri.slice(ns.length);
    return iri;
  };
  const select = el('select', { id: 'example', 'aria-label': 'Example queries' }, el('option', { value: '' }, 'Examples…'));
  const editor = el('textarea', { id: 'sparql', spellcheck: 'false', rows: 16, 'aria-label': 'SPARQL query' });
  const run = el('button', { id: 'run', type: 'button' }, 'Run');
  const info = el('span', { id: 'info', className: 'muted' });
  const downloads = el('div', { id: 'downloads', className: 'downloads' });
  const results = el('div', { id: 'results' });
  fill(main,
    el('h1', {}, 'SPARQL query'),
    el('p', { className: 'muted' }, 'The default graph is the merged view (each entity and fact once); ',
      'each article is a named graph with the evidence (GRAPH ?article { … }). Read-only.'),
    el('div', { className: 'toolbar' }, select, run, info),
    editor, downloads, results);

  let examples = [];
  try {
    examples = await api('queries');
    for (const q of examples) select.append(el('option', { value: q.name }, q.name));
  } catch (e) { showError(results, e); }
  select.addEventListener('change', () => {
    const q = examples.find((x) => x.name === select.value);
    if (q) editor.value = q.text;
  });
  const start = param('query') || (examples.find((x) => x.name === (param('example') || 'people-roles')) || {}).text || '';
  editor.value = start;
  select.value = param('query') ? '' : (param('example') || 'people-roles');

  function formatsFor(query) {
    // CONSTRUCT and DESCRIBE give graphs, the others result sets.
    const body = query.replace(/#[^\n]*/g, ' ').replace(/PREFIX\s+\S*\s*<[^>]*>/gi, ' ').replace(/BASE\s*<[^>]*>/gi, ' ');
    return /^\s*(CONSTRUCT|DESCRIBE)\b/i.test(body) ? ['turtle', 'ntriples', 'rdfxml'] : ['json', 'xml', 'csv', 'tsv'];
  }

  function cell(t) {
    if (!t) return el('td', { className: 'unbound' });
    if (t.type === 'uri') {
      const iri = t.value;
      if (iri.includes('/newskg/id/')) return el('td', {}, el('a', { href: entityHref(iri), title: iri }, compact(iri)));
      if (iri.includes('/newskg/article/')) {
        const base = iri.split('#')[0];
        return el('td', {}, el('a', { href: articleHref(base), title: iri }, compact(iri)));
      }
      return el('td', { title: iri }, compact(iri));
    }
    return el('td', {}, t.value);
  }

  async function execute() {
    const query = editor.value;
    results.replaceChildren(el('p', { className: 'loading' }, 'Running…'));
    downloads.replaceChildren();
    const t0 = performance.now();
    try {
      const r = await fetch('/sparql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/sparql-results+json, application/n-triples;q=0.9' },
        body: new URLSearchParams({ query }).toString(),
      });
      const type = r.headers.get('Content-Type') || '';
      const text = await r.text();
      const ms = Math.round(performance.now() - t0);
      if (!r.ok) throw new Error(text || ('HTTP ' + r.status));
      downloads.replaceChildren('Download: ', ...formatsFor(query).map((f) =>
        el('a', { href: '/sparql?' + new URLSearchParams({ query, format: f }).toString(), download: 'results.' + f, className: 'download' }, f)));
      if (type.includes('sparql-results+json')) {
        const data = JSON.parse(text);
        if (data.boolean !== undefined) {
          results.replaceChildren(el('p', { className: 'ask' }, String(data.boolean)));
          info.textContent = ms + ' ms';
          return;
        }
        const vars = data.head.vars;
        const rows = data.results.bindings;
        info.textContent = rows.length + (rows.length === 1 ? ' row' : ' rows') + ' in ' + ms + ' ms';
        results.replaceChildren(el('table', { className: 'results' },
          el('thead', {}, el('tr', {}, vars.map((v) => el('th', {}, v)))),
          el('tbody', {}, rows.map((b) => el('tr', {}, vars.map((v) => cell(b[v])))))));
      } else {
        info.textContent = ms + ' ms';
        results.replaceChildren(el('pre', { className: 'graph-result' }, text));
      }
    } catch (e) {
      info.textContent = '';
      showError(results, e);
    }
  }
  run.addEventListener('click', execute);
  editor.addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) execute(); });
  if (param('run')) execute();
})();
