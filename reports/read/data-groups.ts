/**
 * Subgroup sizes from `results.dataset.groups` (inspect-style groupings). Suppressed cells have no
 * count: they are shown as "< k".
 */
import { arr, groupLabel, groupValues, num, pick, rec, str } from './guards.js';

export interface SizeRow {
  label: string;
  /** null for a suppressed cell (shown as "< k", never as a number). */
  n: number | null;
  suppressed: boolean;
}

export interface SizeGrouping {
  attributes: string[];
  rows: SizeRow[];
}

function readRow(v: unknown): SizeRow | null {
  const o = rec(v);
  if (!o) return null;
  const values = groupValues(o.values);
  const label = values ? groupLabel(values) : str(pick(o, 'label', 'level', 'value'));
  if (label === null) return null;
  if (o.suppressed === true) return { label, n: null, suppressed: true };
  return { label, n: num(pick(o, 'n', 'count', 'rows')), suppressed: false };
}

export function readDataGroups(v: unknown): SizeGrouping[] {
  const out: SizeGrouping[] = [];
  for (const g of arr(v)) {
    const o = rec(g);
    if (!o) continue;
    const attributes = arr(o.attributes)
      .map(str)
      .filter((s): s is string => s !== null);
    const one = str(o.attribute);
    if (one !== null && attributes.length === 0) attributes.push(one);
    const rows = arr(pick(o, 'groups', 'cells', 'levels'))
      .map(readRow)
      .filter((r): r is SizeRow => r !== null);
    if (attributes.length > 0) out.push({ attributes, rows });
  }
  return out;
}
