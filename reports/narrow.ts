/**
 * The phone layout of a chart, derived from its (wide) Vega-Lite spec: one facet per row, panels at most
 * `PANEL` px wide, the legend below the plot in two columns, titles wrapped, nominal x labels slanted and
 * long category labels shortened (the table under the chart has them in full). Fonts keep their size: the
 * narrow chart fits a 390 px screen without being scaled down, so no chart text is drawn under 10 px.
 * Works on any spec of the report (no per-chart code), so a new section's chart gets a phone layout too.
 */
import type { TopLevelSpec } from 'vega-lite';
import { distinct, encodings } from './size.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Widest plot panel in the phone layout (px); with axes and padding the chart stays under ~350 px. */
export const PANEL = 230;
/** Characters per line of a wrapped title (13 px bold) and subtitle (11 px). */
const TITLE_CHARS = 38;
const SUBTITLE_CHARS = 50;
const AXIS_TITLE_CHARS = 36;
/** Longest nominal y label kept on one line in the phone layout (about 110 px at 11 px). */
const Y_LABEL_CHARS = 17;
/** Height of one line of an 11 px axis label (px): Vega's line step for multi-line text at 11 px. */
const LABEL_LINE = 13;
/** Most lines a split label takes (a label of more parts stays on one line, cut). */
const MAX_LINES = 6;
/** Parts of a multi-part group label ("sex = F, age_group = 50-59": 2). */
const parts = "length(split(datum.label, ', '))";
/** A label split onto one line per part: long, of 2 to MAX_LINES parts, and the band (y category) tall enough for them. */
const split = `length(datum.label) > ${Y_LABEL_CHARS} && indexof(datum.label, ', ') > 0 && ${parts} <= ${MAX_LINES} && bandwidth('y') >= ${LABEL_LINE} * ${parts}`;

/** Greedy word wrap into lines of at most `width` characters (a longer word gets its own line). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const lines = (t: unknown): string[] => (Array.isArray(t) ? t.map(String) : typeof t === 'string' ? [t] : []);

function narrowTitle(t: unknown): unknown {
  if (typeof t === 'string') return wrapText(t, TITLE_CHARS);
  if (!isObj(t)) return t;
  const out: Obj = { ...t, text: lines(t.text).flatMap((l) => wrapText(l, TITLE_CHARS)) };
  if (t.subtitle !== undefined) out.subtitle = lines(t.subtitle).flatMap((l) => wrapText(l, SUBTITLE_CHARS));
  return out;
}

const CHANNELS_X = new Set(['x']);
const CHANNELS_Y = new Set(['y']);

/** Walk a (sub)spec: shrink widths, slant nominal x labels, shorten nominal y labels. */
function walk(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n);
    return;
  }
  if (!isObj(node)) return;
  if (typeof node.width === 'number' && node.width > PANEL) node.width = PANEL;
  // A step width ({ step: 36 } per x category) grows with the categories: the phone panel gets a fixed width.
  if (isObj(node.width) && typeof node.width.step === 'number') node.width = PANEL;
  if (isObj(node.encoding)) {
    for (const [ch, def] of Object.entries(node.encoding)) {
      if (!isObj(def)) continue;
      // Long axis titles on two or more lines instead of one line wider than the panel.
      if ((ch === 'x' || ch === 'y') && typeof def.title === 'string' && def.title.length > AXIS_TITLE_CHARS)
        def.title = wrapText(def.title, AXIS_TITLE_CHARS);
      if (def.type !== 'nominal' && def.type !== 'ordinal') continue;
      const axis = isObj(def.axis) ? def.axis : {};
      if (CHANNELS_X.has(ch)) def.axis = { ...axis, labelAngle: -40, labelAlign: 'right', labelLimit: 90 };
      if (CHANNELS_Y.has(ch))
        def.axis = {
          ...axis,
          labelLimit: Math.min(typeof axis.labelLimit === 'number' ? axis.labelLimit : 110, 110),
          // A long label of several parts ("sex = F, age_group = 50-59") goes on one line per part where its
          // band has room for them: cut to 110 px, the intersections of a grouping all read "sex = F, age_gro…".
          // Where the band is too short the label stays on one line (cut), rather than overlap its neighbours.
          ...(axis.labelExpr === undefined
            ? {
                labelExpr: `${split} ? split(datum.label, ', ') : datum.label`,
                // Centred on the tick: Vega draws the first line at the tick, so a label of n lines moves up by
                // (n − 1) / 2 lines.
                labelOffset: { expr: `${split} ? ${-LABEL_LINE / 2} * (${parts} - 1) : 0` },
              }
            : {}),
        };
    }
  }
  for (const k of ['layer', 'spec', 'hconcat', 'vconcat', 'concat']) if (k in node) walk(node[k]);
}

/**
 * A nominal y drawn in steps ({ step, for: 'offset' }: a band of step px per yOffset category, e.g. per arm)
 * gets a step large enough for its longest multi-part label on one line per part, so that the label is split
 * rather than cut (with three arms a band of 21 px held one line: every intersection read "sex = F, age_gro…").
 */
function fitLabelLines(s: Obj): void {
  const inner = isObj(s.spec) ? s.spec : s;
  const h = inner.height;
  if (!isObj(h) || typeof h.step !== 'number') return;
  const enc = encodings(inner).find((e) => isObj(e.y) && typeof (e.y as Obj).field === 'string');
  if (!enc) return;
  const rows = isObj(s.data) && Array.isArray(s.data.values) ? s.data.values.filter(isObj) : [];
  const yField = (enc.y as Obj).field as string;
  const off = isObj(enc.yOffset) && typeof (enc.yOffset as Obj).field === 'string' ? ((enc.yOffset as Obj).field as string) : null;
  let parts = 1;
  for (const r of rows) {
    const label = String(r[yField] ?? '');
    if (label.length > Y_LABEL_CHARS) parts = Math.max(parts, Math.min(MAX_LINES, label.split(', ').length));
  }
  if (parts < 2) return;
  // The band of one y category: step × the yOffset categories (for: 'offset'), else the step.
  const per = h.for === 'offset' && off ? distinct(s, off) : 1;
  const step = Math.ceil((LABEL_LINE * parts) / per);
  if (step > h.step) inner.height = { ...h, step };
}

/**
 * The phone variant of `spec` (a new object), or null when the chart is already narrow (single panel no
 * wider than PANEL px and no facets).
 */
export function narrowSpec(spec: TopLevelSpec): TopLevelSpec | null {
  const s = structuredClone(spec) as unknown as Obj;
  const facet = s.facet;
  const inner = isObj(s.spec) ? s.spec : s;
  const wide =
    isObj(facet) ||
    (typeof inner.width === 'number' && inner.width > PANEL) ||
    (isObj(inner.width) && typeof inner.width.step === 'number') ||
    s.width === undefined;
  if (!wide) return null;
  if (isObj(facet)) {
    if (typeof facet.field === 'string') s.columns = 1;
    else if (isObj(facet.row) && isObj(facet.column) && typeof facet.row.field === 'string' && typeof facet.column.field === 'string') {
      // A row × column grid becomes one panel per (row, column) pair, one per line, in the grid's order.
      const row = facet.row;
      const col = facet.column;
      const rs = Array.isArray(row.sort) ? row.sort.map(String) : null;
      const cs = Array.isArray(col.sort) ? col.sort.map(String) : null;
      const sep = ' · ';
      // The panel label is added to the rows (not a Vega-Lite transform) so that the chart's size can be estimated from them.
      const data = isObj(s.data) && Array.isArray(s.data.values) ? s.data.values : [];
      s.data = {
        values: data.map((r) =>
          isObj(r) ? { ...r, __panel: `${String(r[row.field as string])}${sep}${String(r[col.field as string])}` } : r,
        ),
      };
      s.facet = {
        field: '__panel',
        type: 'nominal',
        title: null,
        ...(rs && cs ? { sort: rs.flatMap((r) => cs.map((c) => `${r}${sep}${c}`)) } : {}),
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontWeight: 600 },
      };
      s.columns = 1;
    }
  }
  if (s.title !== undefined) s.title = narrowTitle(s.title);
  const config = isObj(s.config) ? s.config : {};
  s.config = {
    ...config,
    // Legends under the plot, stacked one above the other (Vega's legend layout), in two columns.
    legend: {
      ...(isObj(config.legend) ? config.legend : {}),
      orient: 'bottom',
      direction: 'vertical',
      columns: 2,
      // The title above the entries (the wide layout's configLegendBelow puts it to their left, which made the
      // phone charts wider than the screen).
      titleOrient: 'top',
      labelLimit: 130,
      titleLimit: 300,
      layout: { bottom: { anchor: 'start', direction: 'vertical' } },
    },
    header: { ...(isObj(config.header) ? config.header : {}), labelLimit: 320 },
  };
  walk(s);
  fitLabelLines(s);
  return s as unknown as TopLevelSpec;
}
