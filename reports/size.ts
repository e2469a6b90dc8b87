/**
 * Estimated natural size of a chart from its Vega-Lite spec, so that the page reserves each chart's box
 * before it is drawn (no layout jump while the charts render). Cheap and approximate: panel sizes, number
 * of wrapped facet rows, title lines, axes and a legend column. The box grows if the chart is taller.
 */
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function titleHeight(spec: Obj): number {
  const t = spec.title;
  if (!isObj(t)) return typeof t === 'string' ? 22 : 0;
  const sub = t.subtitle;
  const n = Array.isArray(sub) ? sub.length : typeof sub === 'string' && sub ? 1 : 0;
  return 22 + 15 * n;
}

function distinct(spec: Obj, field: string): number {
  const d = isObj(spec.data) && Array.isArray(spec.data.values) ? (spec.data.values as unknown[]) : [];
  return Math.max(1, new Set(d.filter(isObj).map((r) => r[field])).size);
}

function panelHeight(inner: Obj): number {
  const h = inner.height;
  if (typeof h === 'number') return h;
  return 300;
}

function panelWidth(inner: Obj): number {
  return typeof inner.width === 'number' ? inner.width : 300;
}

export function estimateChartSize(spec: unknown): { width: number; height: number } {
  if (!isObj(spec)) return { width: 600, height: 320 };
  const title = titleHeight(spec);
  const legend = 170;
  const facet = spec.facet;
  const inner = isObj(spec.spec) ? spec.spec : spec;
  const pw = panelWidth(inner);
  const ph = panelHeight(inner);
  if (isObj(facet)) {
    if (typeof facet.field === 'string') {
      const n = distinct(spec, facet.field);
      const cols = Math.min(n, typeof spec.columns === 'number' ? spec.columns : n);
      const rows = Math.ceil(n / cols);
      return { width: cols * (pw + 60) + legend, height: title + rows * (ph + 24 + 48) + 10 };
    }
    const rowF = isObj(facet.row) && typeof facet.row.field === 'string' ? distinct(spec, facet.row.field) : 1;
    const colF = isObj(facet.column) && typeof facet.column.field === 'string' ? distinct(spec, facet.column.field) : 1;
    return { width: colF * (pw + 60) + legend, height: title + 24 + rowF * (ph + 24) + 48 + 10 };
  }
  return { width: pw + 70 + legend, height: title + ph + 60 };
}
