/**
 * Subgroup sizes from `results.dataset.groups` (inspect-style groupings). Suppressed cells have no
 * count: they are shown as "< k".
 */
import type { ResultsV1 } from '../../src/results/types.js';
import { groupLabel } from './guards.js';

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

export function readDataGroups(groups: ResultsV1['dataset']['groups']): SizeGrouping[] {
  return groups
    .filter((g) => g.attributes.length > 0)
    .map((g) => ({
      attributes: g.attributes,
      rows: g.cells.map(
        (c): SizeRow =>
          'suppressed' in c
            ? { label: groupLabel(c.values), n: null, suppressed: true }
            : { label: groupLabel(c.values), n: c.n, suppressed: false },
      ),
    }));
}
