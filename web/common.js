// Shared helpers of the newskg web app. Every string that comes from the store (names,
// sentences, article text) is inserted as text (textContent / text nodes), never as HTML.
'use strict';

const NKG = (() => {
  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'className') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  /** Replaces the children of `target`; absent parts (null, undefined, false) are left out
   * (replaceChildren itself would show them as the text "null"). */
  function fill(target, ...children) {
    target.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  }

  /** The page's query-string parameter. */
  function param(name) {
    return new URLSearchParams(location.search).get(name);
  }

  /** GET /api/PATH?PARAMS as JSON; throws an Error with the server's message. */
  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && v !== '') q.set(k, v);
    }
    const r = await fetch('/api/' + path + '?' + q.toString(), { headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await r.json(); } catch (_) { /* not JSON */ }
    if (!r.ok) throw new Error((body && body.error) || ('HTTP ' + r.status));
    return body;
  }

  const entityHref = (iri) => '/entity?iri=' + encodeURIComponent(iri);
  const articleHref = (iri, hl) =>
    '/article?iri=' + encodeURIComponent(iri) + (hl ? '&hl=' + encodeURIComponent(hl) : '');
  const graphHref = (iri) => '/graph?iri=' + encodeURIComponent(iri);

  function entityLink(iri, label, type) {
    return el('a', { href: entityHref(iri), className: 'entity-link type-' + (type || 'Thing'), title: iri }, label || iri);
  }

  function articleLink(iri, label, hl) {
    return el('a', { href: articleHref(iri, hl), className: 'article-link', title: iri }, label || iri);
  }

  function statusBadge(status) {
    return el('span', { className: 'status status-' + (status || 'unknown') }, status || '?');
  }

  function typeBadge(type) {
    return el('span', { className: 'badge type-' + (type || 'Thing') }, type || 'Thing');
  }

  /** Replaces the children of `target` with an error message. */
  function showError(target, err) {
    target.replaceChildren(el('p', { className: 'error' }, String(err && err.message ? err.message : err)));
  }

  /** The header of every page. */
  function nav(active) {
    const pages = [['/', 'Home'], ['/query', 'Query'], ['/graph', 'Graph']];
    const header = el('header', { className: 'top' },
      el('a', { href: '/', className: 'brand' }, 'newskg'),
      el('nav', {}, pages.map(([href, name]) =>
        el('a', { href, className: href === active ? 'active' : '' }, name))),
      el('form', { className: 'nav-search', action: '/', method: 'get' },
        el('input', { type: 'search', name: 'q', placeholder: 'Find an entity…', 'aria-label': 'Find an entity' })));
    document.body.prepend(header);
  }

  /** Relation names as shown. */
  const RELATIONS = ['leads', 'represents', 'travelsTo', 'metWith'];
  const STATUSES = ['actual', 'planned', 'possible', 'former', 'negated'];

  /** An article's headline, or its id when it has none. */
  function title(a) {
    if (a.headline) return a.headline;
    const id = String(a.iri).replace(/^.*\/article\//, '');
    try { return decodeURIComponent(id); } catch (_) { return id; }
  }

  /** Splits a string into Unicode scalar values: the graph's offsets count these. */
  const chars = (s) => Array.from(s || '');

  return { el, fill, title, param, api, entityHref, articleHref, graphHref, entityLink, articleLink, statusBadge, typeBadge, showError, nav, RELATIONS, STATUSES, chars };
})();
