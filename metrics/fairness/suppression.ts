import { hiddenGroupCells } from '../../src/data/suppression.js';
import { N_METRICS } from './engine.js';
import type { CellLayout } from './layout.js';
import { M } from './types.js';
import type { PatientIds } from '../cluster-bootstrap.js';

/**
 * Which cells (slots) are hidden in the output (docs/methods.md#suppression).
 * Primary: cells with 0 < n < k. Complementary: a published total minus the published cells under it
 * would give a hidden cell back (overall − the visible groups of an attribute; a visible level of an
 * attribute − the visible intersection cells with that level). For every such sum, while its hidden
 * non-empty cells are fewer than two or hold fewer than k rows together, the smallest visible non-empty
 * cell under it is hidden too (repeated until nothing changes). Hidden cells are also left out of every
 * aggregate (disparities, worst group), so no published number is computed from a hidden cell alone.
 * With `patientsPerSlot` (the privacy unit is the patient) n is the number of distinct patients of a cell:
 * a cell of 3 patients with 40 visits is small.
 */
export function hiddenSlots(layout: CellLayout, point: Float64Array, k: number, patientsPerSlot?: Int32Array | null): Uint8Array {
  const n = new Float64Array(layout.nSlots);
  for (let s = 0; s < layout.nSlots; s++) n[s] = patientsPerSlot ? patientsPerSlot[s] : point[s * N_METRICS + M.count];
  // The groupings of the layout (the overall cell first) are the groupings of hiddenGroupCells, slot = offset + cell.
  const masks = hiddenGroupCells(
    layout.groupings,
    layout.groupings.map((_, g) => n.subarray(layout.slotOffset[g], layout.slotOffset[g + 1])),
    k,
  );
  const hidden = new Uint8Array(layout.nSlots);
  masks.forEach((m, g) => {
    hidden.set(m, layout.slotOffset[g]);
  });
  return hidden;
}

/**
 * Distinct patients of every slot (cell of every grouping): a patient counts once in each cell that holds
 * any of its rows, so cells of one grouping may share a patient (e.g. an age group that changes between
 * visits) and their patient counts need not add up to the total.
 */
export function patientsPerSlot(layout: CellLayout, patients: PatientIds): Int32Array {
  const G = layout.groupings.length;
  const out = new Int32Array(layout.nSlots);
  const lastSeen = new Int32Array(layout.nSlots).fill(-1);
  // One pass per patient over its rows (CSR) with a marker per slot.
  const { rows, starts } = patients.clusters;
  for (let u = 0; u < patients.count; u++)
    for (let j = starts[u]; j < starts[u + 1]; j++) {
      const i = rows[j];
      for (let g = 0; g < G; g++) {
        const s = layout.slotOfRow[i * G + g];
        if (lastSeen[s] !== u) {
          lastSeen[s] = u;
          out[s]++;
        }
      }
    }
  return out;
}
