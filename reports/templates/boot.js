// dpaudit report: renders every chart from the pre-compiled Vega specs embedded as JSON.
// Static file (no data in it); the specs and their packed data are read from <script type="application/json">.
// Each chart has a wide spec and, where it differs, a phone spec (drawn under the 760 px breakpoint, and
// redrawn when the window crosses it). Packed data (reports/pack.ts) are rebuilt into rows for each drawing.
(() => {
  if (window.performance) document.body.setAttribute('data-boot-ms', String(Math.round(performance.now())));
  const page = JSON.parse(document.getElementById('dpaudit-specs').textContent);
  const phone = window.matchMedia ? window.matchMedia('screen and (max-width: 760px)') : null;
  const views = {};

  // Same algorithm as unpackRows in reports/pack.ts.
  const unpackRows = (p) => {
    const rows = [];
    for (let i = 0; i < p.n; i++) rows.push({});
    const fields = Object.keys(p.k || {}).concat(Object.keys(p.c || {}));
    for (const f of fields) {
      const absent = new Set(p.m?.[f] || []);
      const col = p.c ? p.c[f] : undefined;
      for (let i = 0, j = 0; i < p.n; i++) {
        if (absent.has(i)) continue;
        if (col === undefined) rows[i][f] = p.k[f];
        else if (Array.isArray(col)) rows[i][f] = col[j];
        else rows[i][f] = col.d[col.i[j]];
        j++;
      }
    }
    return rows;
  };
  window.dpauditUnpackRows = unpackRows;

  const withData = (spec) => {
    const s = Object.assign({}, spec);
    if (Array.isArray(spec.data))
      s.data = spec.data.map((d) => {
        if (!d.ref) return d;
        const out = Object.assign({}, d, { values: unpackRows(page.data[d.ref]) });
        delete out.ref;
        return out;
      });
    return s;
  };

  const draw = (id) => {
    const el = document.getElementById(`chart-${id}`);
    if (!el) return Promise.resolve();
    const pair = page.charts[id];
    const narrow = !!(phone?.matches && pair.n);
    if (views[id]) {
      views[id].finalize();
      delete views[id];
      el.textContent = '';
    }
    el.setAttribute('data-layout', narrow ? 'phone' : 'wide');
    return vegaEmbed(el, withData(narrow ? pair.n : pair.w), { mode: 'vega', renderer: 'svg', actions: false, tooltip: { theme: 'light' } })
      .then((result) => {
        views[id] = result;
        el.setAttribute('data-rendered', 'true');
      })
      .catch((err) => {
        el.setAttribute('data-rendered', 'error');
        el.textContent = `This chart could not be drawn (${String(err?.message)}). Its numbers are in the table below.`;
        console.error(`dpaudit chart ${id}:`, err);
      });
  };

  const ids = Object.keys(page.charts);
  Promise.all(ids.map(draw)).then(() => {
    document.body.setAttribute('data-charts-ms', String(Math.round(performance.now())));
    document.body.setAttribute('data-charts', 'done');
  });
  if (phone) {
    const redraw = () => {
      for (const id of ids) {
        const el = document.getElementById(`chart-${id}`);
        const want = phone.matches && page.charts[id].n ? 'phone' : 'wide';
        if (el && el.getAttribute('data-layout') !== want) draw(id);
      }
    };
    if (phone.addEventListener) phone.addEventListener('change', redraw);
    else if (phone.addListener) phone.addListener(redraw);
  }
})();
