import { isSuppressed } from '../../src/data/groups.js';
import { complementarySuppression } from '../../src/data/suppression.js';
import { N_METRICS } from './engine.js';
import type { CellLayout } from './layout.js';
import { M } from './types.js';

/**
 * Which cells (slots) are hidden in the output (docs/methods.md#suppression).
 * Primary: cells with 0 < n < k. Complementary: a published total minus the published cells under it
 * would give a hidden cell back (overall − the visible groups of an attribute; a visible level of an
 * attribute − the visible intersection cells with that level). For every such sum, while its hidden
 * non-empty cells are fewer than two or hold fewer than k rows together, the smallest visible non-empty
 * cell under it is hidden too (repeated until nothing changes). Hidden cells are also left out of every
 * aggregate (disparities, worst group), so no published number is computed from a hidden cell alone.
 */
export function hiddenSlots(layout: CellLayout, point: Float64Array, k: number): Uint8Array {
  const n = (s: number) => point[s * N_METRICS + M.count];
  const hidden = new Uint8Array(layout.nSlots);
  if (k <= 0) return hidden;
  for (let s = 0; s < layout.nSlots; s++) if (isSuppressed(n(s), k)) hidden[s] = 1;
  // Sums of cells that are published as a total: [total slot, cells under it].
  const sums: [number, number[]][] = [];
  const G = layout.groupings.length;
  for (let g = 1; g < G; g++) {
    const gr = layout.groupings[g];
    const slots = gr.cells.map((_, c) => layout.slotOffset[g] + c);
    sums.push([0, slots]);
    if (gr.attributes.length < 2) continue;
    for (let g1 = 1; g1 < G; g1++) {
      const m = layout.groupings[g1];
      if (m.attributes.length !== 1 || !gr.attributes.includes(m.attributes[0])) continue;
      const a = m.attributes[0];
      m.cells.forEach((cell, t) => {
        sums.push([layout.slotOffset[g1] + t, slots.filter((_, c) => gr.cells[c].values[a] === cell.values[a])]);
      });
    }
  }
  complementarySuppression(n, hidden, sums, k);
  return hidden;
}
