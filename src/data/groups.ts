import type { GroupAttribute } from './types.js';

/**
 * Groupings for subgroup analysis (docs/methods.md#fairness-metrics): each sensitive attribute on its own, and the
 * intersection of all of them (Cartesian product; cells that no row falls in are listed with n = 0).
 * A missing attribute value is its own level (the data layer appends "(missing)" to `levels`).
 */
export interface Grouping {
  /** Attribute names, e.g. ["sex"] or ["sex", "age_group"] for the intersection. */
  attributes: string[];
  /** One entry per cell, in Cartesian order (first attribute slowest). */
  cells: { values: Record<string, string> }[];
  /** Cell index per row. */
  cellOfRow: Int32Array;
}

export function buildGroupings(groups: readonly GroupAttribute[], nRows: number): Grouping[] {
  const out: Grouping[] = groups.map((g) => singleGrouping(g, nRows));
  if (groups.length >= 2) out.push(intersection(groups, nRows));
  return out;
}

function singleGrouping(g: GroupAttribute, nRows: number): Grouping {
  const cellOfRow = new Int32Array(nRows);
  const missingLevel = g.levels.length; // index used if codes are -1 and levels lack "(missing)"
  let needMissing = false;
  for (let i = 0; i < nRows; i++) {
    const c = g.codes[i];
    if (c < 0) {
      cellOfRow[i] = missingLevel;
      needMissing = true;
    } else cellOfRow[i] = c;
  }
  const levels = needMissing ? [...g.levels, '(missing)'] : g.levels;
  return { attributes: [g.name], cells: levels.map((l) => ({ values: { [g.name]: l } })), cellOfRow };
}

function intersection(groups: readonly GroupAttribute[], nRows: number): Grouping {
  const singles = groups.map((g) => singleGrouping(g, nRows));
  const sizes = singles.map((s) => s.cells.length);
  const cells: { values: Record<string, string> }[] = [];
  const total = sizes.reduce((a, b) => a * b, 1);
  for (let k = 0; k < total; k++) {
    const values: Record<string, string> = {};
    let rem = k;
    for (let a = singles.length - 1; a >= 0; a--) {
      const idx = rem % sizes[a];
      rem = Math.floor(rem / sizes[a]);
      Object.assign(values, singles[a].cells[idx].values);
    }
    const ordered: Record<string, string> = {};
    for (const g of groups) ordered[g.name] = values[g.name];
    cells.push({ values: ordered });
  }
  const cellOfRow = new Int32Array(nRows);
  for (let i = 0; i < nRows; i++) {
    let k = 0;
    for (let a = 0; a < singles.length; a++) k = k * sizes[a] + singles[a].cellOfRow[i];
    cellOfRow[i] = k;
  }
  return { attributes: groups.map((g) => g.name), cells, cellOfRow };
}

/** Select rows: returns a GroupAttribute[] restricted to the given row indices. */
export function subsetGroups(groups: readonly GroupAttribute[], rows: Int32Array): GroupAttribute[] {
  return groups.map((g) => {
    const codes = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) codes[i] = g.codes[rows[i]];
    return { name: g.name, codes, levels: g.levels };
  });
}

/** True when a cell must be hidden in anything dpaudit writes (docs/methods.md#suppression): 0 < n < k. */
export function isSuppressed(n: number, suppressBelow: number): boolean {
  return suppressBelow > 0 && n > 0 && n < suppressBelow;
}
