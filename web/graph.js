// Graph view: an entity's neighbourhood drawn with cytoscape.js in the styles of `newskg viz`
// (types as colours and shapes; planned and possible dashed, former dotted, negated hidden
// unless asked, then red). Clicking a node expands its neighbours; relation, status and date
// filters hide what does not pass. Built for a few thousand nodes: new neighbours are placed
// around the node that was expanded (no global layout), edges and labels are dropped while
// panning, and small labels are not drawn when zoomed out.
'use strict';
(async () => {
  const { el, api, param, entityHref, showError, nav, RELATIONS, STATUSES } = NKG;
  nav('/graph');
  const main = document.getElementById('main');
  main.classList.add('wide');

  const SHAPES = {
    Person: ['ellipse', '#cfe2ff'], Delegation: ['rectangle', '#fff3cd'], Organization: ['rectangle', '#d1e7dd'],
    Country: ['hexagon', '#f8d7da'], City: ['pentagon', '#e2d9f3'], State: ['octagon', '#e2e3e5'],
    Place: ['octagon', '#e2e3e5'], Continent: ['octagon', '#e2e3e5'], Thing: ['round-rectangle', '#ffffff'],
  };
  const style = [
    { selector: 'node', style: {
      label: 'data(label)', 'font-size': 10, 'text-valign': 'bottom', 'text-margin-y': 3, width: 26, height: 26,
      'border-width': 1, 'border-color': '#555', 'min-zoomed-font-size': 7, 'text-wrap': 'ellipsis', 'text-max-width': 140 } },
    ...Object.entries(SHAPES).map(([t, [shape, colour]]) =>
      ({ selector: 'node[type = "' + t + '"]', style: { shape, 'background-color': colour } })),
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#1f3b63' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#d63384' } },
    { selector: 'edge', style: {
      width: 1.5, 'line-color': '#777', 'target-arrow-color': '#777', 'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8, 'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, 'min-zoomed-font-size': 8,
      'text-rotation': 'autorotate', color: '#444', 'text-background-color': '#fff', 'text-background-opacity': 0.8 } },
    { selector: 'edge[relation = "metWith"]', style: { 'source-arrow-shape': 'triangle', 'source-arrow-color': '#777' } },
    { selector: 'edge[status = "planned"], edge[status = "possible"]', style: { 'line-style': 'dashed' } },
    { selector: 'edge[status = "former"]', style: { 'line-style': 'dotted' } },
    { selector: 'edge[status = "negated"]', style: { 'line-style': 'dashed', 'line-color': '#d00', 'target-arrow-color': '#d00', color: '#d00' } },
    { selector: '.filtered', style: { display: 'none' } },
  ];

  // Controls.
  const box = (name, value, checked) => el('label', { className: 'check' },
    el('input', { type: 'checkbox', name, value, checked: checked ? true : null }), ' ', value);
  const relations = el('fieldset', { id: 'relations' }, el('legend', {}, 'Relations'), RELATIONS.map((r) => box('relation', r, true)));
  const statuses = el('fieldset', { id: 'statuses' }, el('legend', {}, 'Status'), STATUSES.map((s) => box('status', s, s !== 'negated')));
  const from = el('input', { type: 'text', id: 'from', placeholder: 'from: 2025-01-01', size: 12, 'aria-label': 'From date' });
  const to = el('input', { type: 'text', id: 'to', placeholder: 'to: 2025-12-31', size: 12, 'aria-label': 'To date' });
  const find = el('input', { type: 'search', id: 'find', placeholder: 'Start from…', 'aria-label': 'Start from an entity' });
  const found = el('ul', { className: 'found' });
  const counts = el('p', { id: 'counts', className: 'muted' });
  const panel = el('div', { id: 'selected', className: 'panel' }, el('p', { className: 'muted' }, 'Click a node to expand its neighbours.'));
  const relayout = el('button', { type: 'button', id: 'relayout' }, 'Lay out again');
  const clear = el('button', { type: 'button', id: 'clear' }, 'Clear');
  const container = el('div', { id: 'cy', className: 'cy' });
  main.replaceChildren(el('div', { className: 'graph-page' },
    el('aside', { className: 'graph-controls' },
      el('h1', {}, 'Graph'), find, found, relations, statuses,
      el('fieldset', {}, el('legend', {}, 'Dates'), from, ' ', to),
      el('div', { className: 'toolbar' }, relayout, clear), counts, panel,
      el('div', { className: 'legend' }, Object.keys(SHAPES).filter((t) => t !== 'Thing' && t !== 'Continent' && t !== 'State')
        .map((t) => el('span', { className: 'ent type-' + t }, t)))),
    container));

  const cy = cytoscape({
    container, style, elements: [], wheelSensitivity: 0.3, minZoom: 0.05, maxZoom: 4,
    textureOnViewport: true, hideEdgesOnViewport: true, pixelRatio: 1,
  });
  window.nkgGraph = cy; // read by the browser tests to find a node on the canvas

  const checked = (fs) => [...fs.querySelectorAll('input:checked')].map((i) => i.value);
  const before = (a, b) => { const n = Math.min(a.length, b.length); return a.slice(0, n) <= b.slice(0, n); };
  function passes(d) {
    if (!checked(relations).includes(d.relation) || !checked(statuses).includes(d.status)) return false;
    const f = from.value.trim(); const t = to.value.trim();
    if (!f && !t) return true;
    const first = d.first || d.last; const last = d.last || d.first;
    if (!first) return false;
    return (!f || before(f, last)) && (!t || before(first, t));
  }
  // Filtering sets a class (the style sheet hides it) from the data alone: reading computed
  // styles of thousands of elements would take seconds.
  let largeMode = false;
  function applyFilters() {
    let shownEdges = 0;
    let shownNodes = 0;
    const linked = new Set();
    cy.batch(() => {
      cy.edges().forEach((e) => {
        const ok = passes(e.data());
        if (ok) { shownEdges++; linked.add(e.data('source')); linked.add(e.data('target')); }
        if (ok === e.hasClass('filtered')) e.toggleClass('filtered', !ok);
      });
      cy.nodes().forEach((n) => {
        const ok = n.hasClass('expanded') || linked.has(n.id());
        if (ok) shownNodes++;
        if (ok === n.hasClass('filtered')) n.toggleClass('filtered', !ok);
      });
    });
    // Past a few thousand edges, straight edges without labels or arrows keep panning fluid.
    const large = cy.edges().length > 1500;
    if (large !== largeMode) {
      largeMode = large;
      cy.style().selector('edge').style(large
        ? { 'curve-style': 'haystack', 'haystack-radius': 0, label: '', width: 1, 'target-arrow-shape': 'none', 'source-arrow-shape': 'none' }
        : { 'curve-style': 'bezier', 'haystack-radius': 0, label: 'data(label)', width: 1.5, 'target-arrow-shape': 'triangle' })
        .selector('edge[relation = "metWith"]').style({ 'source-arrow-shape': large ? 'none' : 'triangle' }).update();
    }
    counts.textContent = shownNodes + ' nodes, ' + shownEdges + ' edges shown (' + cy.nodes().length + ' loaded)' +
      (largeMode ? '; edge labels are left out at this size' : '');
  }
  // Many expansions finishing together filter once per frame.
  let pending = false;
  function refilter() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; applyFilters(); });
  }
  for (const input of [...relations.querySelectorAll('input'), ...statuses.querySelectorAll('input')]) input.addEventListener('change', applyFilters);
  for (const input of [from, to]) input.addEventListener('input', applyFilters);

  function select(n) {
    const d = n.data();
    panel.replaceChildren(
      el('h2', {}, d.label),
      el('p', {}, NKG.typeBadge(d.type)),
      el('p', {}, el('a', { href: entityHref(d.id), id: 'selected-entity' }, 'Open the entity page')),
      el('p', { className: 'muted' }, n.hasClass('expanded') ? 'Expanded: ' + n.degree(false) + ' facts.' : 'Expanding…'));
  }

  async function expand(iri) {
    const data = await api('neighbours', { iri, status: STATUSES.join(',') });
    const center = cy.getElementById(data.center);
    const origin = center.nonempty() ? { ...center.position() } : { x: 0, y: 0 };
    const fresh = data.nodes.filter((n) => cy.getElementById(n.iri).empty());
    const ring = fresh.filter((n) => n.iri !== data.center);
    // One call to add everything: adding element by element costs a style pass each.
    const add = [];
    {
      if (ring.length < fresh.length) {
        const c = data.nodes[0];
        add.push({ group: 'nodes', data: { id: c.iri, label: c.label, type: c.type }, position: origin });
      }
      // Concentric rings around the expanded node, the best supported neighbours nearest
      // (the API sends them in that order), each ring as full as its circumference allows.
      let k = 0;
      let radius = 130;
      let capacity = Math.max(6, Math.floor((2 * Math.PI * radius) / 60));
      ring.forEach((n, i) => {
        if (k >= capacity) { k = 0; radius += 80; capacity = Math.floor((2 * Math.PI * radius) / 60); }
        const left = ring.length - i + k;
        const slots = Math.min(capacity, left);
        const angle = (2 * Math.PI * k) / slots + radius / 500;
        k++;
        const pos = { x: origin.x + radius * Math.cos(angle), y: origin.y + radius * Math.sin(angle) };
        add.push({ group: 'nodes', data: { id: n.iri, label: n.label, type: n.type }, position: pos });
      });
      for (const e of data.edges) {
        if (cy.getElementById(e.id).nonempty()) continue;
        const label = e.status === 'actual' ? e.relation : e.relation + ' (' + e.status + ')';
        add.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, relation: e.relation, status: e.status, first: e.first, last: e.last, label } });
      }
    }
    cy.add(add);
    cy.getElementById(data.center).addClass('expanded');
    refilter();
    return data;
  }

  function layout() {
    const n = cy.nodes().length;
    const options = n <= 400
      ? { name: 'cose', animate: false, randomize: false, nodeRepulsion: () => 12000, idealEdgeLength: () => 90, numIter: 600 }
      : { name: 'concentric', animate: false, concentric: (x) => x.degree(false), levelWidth: () => 4, minNodeSpacing: 6 };
    cy.layout(options).run();
    cy.fit(undefined, 30);
    // A small neighbourhood would be blown up to fill the screen: keep labels readable.
    if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
  }

  cy.on('tap', 'node', async (ev) => {
    const n = ev.target;
    select(n);
    if (n.hasClass('expanded')) return;
    try { await expand(n.id()); select(n); } catch (e) { showError(panel, e); }
  });
  relayout.addEventListener('click', layout);
  clear.addEventListener('click', () => { cy.elements().remove(); applyFilters(); });

  // How long opening a neighbourhood took, for the measurements in the README.
  window.nkgTimings = {};
  async function start(iri) {
    cy.elements().remove();
    try {
      const t0 = performance.now();
      const data = await expand(iri);
      const t1 = performance.now();
      applyFilters();
      // The rings are the layout of a first neighbourhood: no force layout to wait for.
      cy.fit(undefined, 30);
      if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(); }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      window.nkgTimings = { fetchAndAdd: t1 - t0, layoutAndDraw: performance.now() - t1, total: performance.now() - t0, nodes: cy.nodes().length };
      const c = cy.getElementById(data.center);
      c.select();
      select(c);
      if (data.truncated) counts.append(' · the ' + data.edges.length + ' most supported of ' + data.total + ' facts');
    } catch (e) { showError(panel, e); }
  }

  let timer = null;
  find.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = find.value.trim();
      if (!q) { found.replaceChildren(); return; }
      try {
        const hits = await api('search', { q, limit: 8 });
        found.replaceChildren(...hits.map((h) => el('li', {}, el('a', {
          href: '/graph?iri=' + encodeURIComponent(h.iri),
          onclick: (ev) => { ev.preventDefault(); history.replaceState(null, '', '/graph?iri=' + encodeURIComponent(h.iri)); found.replaceChildren(); start(h.iri); },
        }, h.label), ' ', NKG.typeBadge(h.type))));
      } catch (e) { showError(found, e); }
    }, 250);
  });

  let iri = param('iri');
  if (!iri) {
    try { const top = await api('top', { type: 'Person', limit: 1 }); iri = top.length ? top[0].iri : null; } catch (_) { iri = null; }
  }
  if (iri) await start(iri);
  else panel.replaceChildren(el('p', { className: 'empty' }, 'The store holds no entity yet.'));
  document.body.dataset.ready = 'true';
})();
