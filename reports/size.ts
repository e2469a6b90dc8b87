/**
 * Estimated natural size of a chart from its Vega-Lite spec, so that the page reserves each chart's box
 * before it is drawn (no layout jump while the charts render). Cheap and approximate: panel sizes, number
 * of wrapped facet rows, title lines, axes and a legend column. The box grows if the chart is taller.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const count = (v: unknown): number => (Array.isArray(v) ? v.length : typeof v === 'string' && v ? 1 : 0);

function titleHeight(spec: Obj): number {
  const t = spec.title;
  if (!isObj(t)) return 22 + 16 * Math.max(0, count(t) - 1);
  return 22 + 16 * Math.max(0, count(t.text) - 1) + 15 * count(t.subtitle);
}

/** Encodings of every layer of a (sub)spec. */
export function encodings(node: unknown): Obj[] {
  if (Array.isArray(node)) return node.flatMap(encodings);
  if (!isObj(node)) return [];
  return [...(isObj(node.encoding) ? [node.encoding] : []), ...encodings(node.layer), ...(isObj(node.spec) ? encodings(node.spec) : [])];
}

const fieldOf = (enc: Obj, ch: string): string | null =>
  isObj(enc[ch]) && typeof (enc[ch] as Obj).field === 'string' ? ((enc[ch] as Obj).field as string) : null;

/** Entries of the colour legend (scale domain, else distinct values of the field), 0 without one. */
function legendEntries(spec: Obj): number {
  for (const enc of encodings(spec)) {
    const c = enc.color;
    if (!isObj(c) || typeof c.field !== 'string' || c.legend === null) continue;
    const dom = isObj(c.scale) && Array.isArray(c.scale.domain) ? c.scale.domain.length : 0;
    return dom || distinct(spec, c.field);
  }
  return 0;
}

export function distinct(spec: Obj, field: string): number {
  const d = isObj(spec.data) && Array.isArray(spec.data.values) ? (spec.data.values as unknown[]) : [];
  return Math.max(1, new Set(d.filter(isObj).map((r) => r[field])).size);
}

function panelHeight(spec: Obj, inner: Obj): number {
  const h = inner.height;
  if (typeof h === 'number') return h;
  if (isObj(h) && typeof h.step === 'number') {
    // A band per category of y, each split into steps per category of yOffset (plus the band padding).
    for (const enc of encodings(inner)) {
      const y = fieldOf(enc, 'y');
      if (!y) continue;
      const off = fieldOf(enc, 'yOffset');
      return Math.ceil(h.step * distinct(spec, y) * (off ? distinct(spec, off) : 1) * 1.235);
    }
  }
  return 300;
}

function panelWidth(inner: Obj): number {
  return typeof inner.width === 'number' ? inner.width : 300;
}

export function estimateChartSize(spec: unknown): { width: number; height: number } {
  if (!isObj(spec)) return { width: 600, height: 320 };
  const title = titleHeight(spec);
  const facet = spec.facet;
  const inner = isObj(spec.spec) ? spec.spec : spec;
  const pw = panelWidth(inner);
  const ph = panelHeight(spec, inner);
  // The colour legend: beside the plot (it may be taller than the plot), or under it in rows of `columns`
  // entries (two in the phone layout; see configLegendBelow for the wide faceted charts).
  const entries = legendEntries(spec);
  const config = isObj(spec.config) ? spec.config : {};
  const below = isObj(config.legend) && config.legend.orient === 'bottom';
  const legend = below ? 0 : 170;
  const perRow = below && typeof (config.legend as Obj).columns === 'number' ? ((config.legend as Obj).columns as number) : 2;
  const legendBelow = below && entries > 0 ? Math.ceil(entries / perRow) * 16 + 26 : 0;
  const legendBeside = !below && entries > 0 ? entries * 16 + 30 : 0;
  const size = (width: number, plot: number) => ({ width, height: title + Math.max(plot, legendBeside) + legendBelow });
  if (isObj(facet)) {
    if (typeof facet.field === 'string') {
      const n = distinct(spec, facet.field);
      const cols = Math.min(n, typeof spec.columns === 'number' ? spec.columns : n);
      const rows = Math.ceil(n / cols);
      // A header placed above each panel (labelOrient top) takes its own band, as in a row × column grid.
      const top = isObj(facet.header) && facet.header.labelOrient === 'top' ? 50 : 0;
      return size(cols * (pw + 60) + legend, rows * (ph + 24 + 48 + top) + 10);
    }
    const rowF = isObj(facet.row) && typeof facet.row.field === 'string' ? distinct(spec, facet.row.field) : 1;
    const colF = isObj(facet.column) && typeof facet.column.field === 'string' ? distinct(spec, facet.column.field) : 1;
    // Rows of a grid with independent y scales each carry a header and an x axis.
    return size(colF * (pw + 60) + legend, 24 + rowF * (ph + 24 + 48 + 50) + 10);
  }
  return size(pw + 70 + legend, ph + 60);
}
