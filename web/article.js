// Article page: the text with its mentions highlighted at their offsets (displaCy-style, one
// colour per entity type) and the facts beside it; choosing a fact highlights its evidence.
// Offsets count Unicode scalar values, as in the graph, so the text is cut with Array.from.
'use strict';
(async () => {
  const { el, fill, api, param, entityLink, statusBadge, showError, nav, chars } = NKG;
  nav('');
  const main = document.getElementById('main');
  const iri = param('iri');
  if (!iri) { showError(main, 'No article given: open one from an entity page or a query.'); return; }
  let a;
  try { a = await api('article', { iri }); } catch (err) { showError(main, err); return; }
  document.title = 'newskg · ' + NKG.title(a);

  const hl = (param('hl') || '').match(/^(\d+)-(\d+)$/);
  const facts = a.facts.filter((f) => f.begin !== undefined);

  function renderText() {
    if (a.text === null || a.text === undefined) {
      return el('p', { className: 'empty' }, 'The text of this article is not in the store (it was stored by an earlier ',
        'version of newskg): ingest it again to see it with its highlights.');
    }
    const cps = chars(a.text);
    const n = cps.length;
    // Mentions, without overlaps: the earliest, then the longest.
    const mentions = [];
    let end = 0;
    for (const m of a.mentions) {
      if (m.begin >= end && m.end <= n && m.begin < m.end) { mentions.push(m); end = m.end; }
    }
    const spans = facts.map((f) => [Math.min(f.begin, n), Math.min(f.end, n)]);
    if (hl) spans.push([Math.min(+hl[1], n), Math.min(+hl[2], n)]);
    const cuts = new Set([0, n]);
    for (const m of mentions) { cuts.add(m.begin); cuts.add(m.end); }
    for (const [b, e] of spans) { cuts.add(b); cuts.add(e); }
    const points = [...cuts].sort((x, y) => x - y);
    const box = el('div', { className: 'article-text', id: 'text' });
    let mi = 0;
    let mark = null;
    for (let i = 0; i + 1 < points.length; i++) {
      const [b, e] = [points[i], points[i + 1]];
      if (b === e) continue;
      while (mi < mentions.length && mentions[mi].end <= b) mi++;
      const m = mi < mentions.length && mentions[mi].begin <= b && e <= mentions[mi].end ? mentions[mi] : null;
      const covering = [];
      spans.forEach(([sb, se], k) => { if (sb <= b && e <= se) covering.push(k); });
      const seg = el('span', { className: 'seg' + (covering.length ? ' ev' : ''), 'data-facts': covering.join(' ') }, cps.slice(b, e).join(''));
      if (m) {
        if (!mark || mark.m !== m) {
          const inner = el('span', { className: 'ent-text' });
          const node = el('mark', {
            className: 'ent type-' + m.type, 'data-begin': m.begin, 'data-end': m.end,
            'data-entity': m.main, title: m.label + ' (' + m.type + ')',
          }, inner, el('span', { className: 'ent-label' }, m.type));
          node.addEventListener('click', () => { location.href = NKG.entityHref(m.main); });
          box.append(node);
          mark = { m, inner };
        }
        mark.inner.append(seg);
      } else {
        mark = null;
        box.append(seg);
      }
    }
    return box;
  }

  const textBox = renderText();
  function highlight(k, on) {
    if (!(textBox instanceof HTMLElement)) return;
    for (const s of textBox.querySelectorAll('.seg.hl')) s.classList.remove('hl');
    if (!on) return;
    let first = null;
    for (const s of textBox.querySelectorAll('.seg')) {
      if (s.dataset.facts.split(' ').includes(String(k))) { s.classList.add('hl'); first = first || s; }
    }
    if (first) first.scrollIntoView({ block: 'center', behavior: 'auto' });
  }

  const list = el('ol', { className: 'fact-list', id: 'fact-list' }, facts.map((f, k) => {
    const li = el('li', { className: 'fact', 'data-index': k, 'data-begin': f.begin, 'data-end': f.end, tabindex: 0 },
      el('div', { className: 'fact-head' },
        entityLink(f.subject.main, f.subject.label, f.subject.type), ' ',
        el('span', { className: 'relation' }, f.relation), ' ',
        entityLink(f.object.main, f.object.label, f.object.type), ' ', statusBadge(f.status)),
      el('div', { className: 'fact-meta muted' },
        'confidence ' + (f.confidence || 0).toFixed(2), ' · ', f.rule || '',
        f.date ? ' · ' + f.date : '', f.timeText ? ' (“' + f.timeText + '”)' : '',
        ' · chars ' + f.begin + '–' + f.end),
      el('q', { className: 'sentence' }, f.sentence || ''));
    const choose = () => {
      const on = !li.classList.contains('active');
      for (const x of list.querySelectorAll('.fact.active')) x.classList.remove('active');
      li.classList.toggle('active', on);
      highlight(k, on);
    };
    li.addEventListener('click', (ev) => { if (!(ev.target instanceof HTMLAnchorElement)) choose(); });
    li.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') choose(); });
    return li;
  }));

  const meta = [a.date, a.publisher, a.authors.join(', '), a.url].filter(Boolean).join(' · ');
  const legend = el('div', { className: 'legend' }, ['Person', 'Delegation', 'Organization', 'Country', 'City', 'Place'].map((t) =>
    el('span', { className: 'ent type-' + t }, t)));
  fill(main,
    el('h1', { id: 'headline' }, NKG.title(a)),
    el('p', { className: 'muted' }, meta),
    el('p', { className: 'iri muted' }, a.iri),
    el('div', { className: 'article-columns' },
      el('section', { className: 'text-column' }, legend, textBox),
      el('aside', { className: 'facts-column' }, el('h2', {}, 'Facts (' + facts.length + ')'),
        facts.length ? list : el('p', { className: 'empty' }, 'No fact was read from this article.'))));
  // The span asked for in the address (an entity page's link to its evidence) comes after
  // the facts' spans.
  if (hl) highlight(facts.length, true);
})();
