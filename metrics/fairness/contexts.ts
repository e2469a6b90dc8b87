import { DpauditError } from '../../src/errors.js';
import { N_METRICS } from './engine.js';
import type { GroupingContext } from './disparities.js';
import type { CellLayout } from './layout.js';
import { M, type GroupValues } from './types.js';

/**
 * Per-grouping context of the disparities: small-group flags (n < minGroupSize) and the reference group,
 * the named one when `reference` names every attribute of the grouping, else the largest (first on ties).
 * Decided once on the full data: with the stratified bootstrap every group keeps its size.
 */
export interface ResolvedGrouping extends GroupingContext {
  g: number;
  referenceSource: 'named' | 'largest';
  reference: GroupValues;
}

export function checkReference(layout: CellLayout, reference: Record<string, string>): void {
  for (const [attr, level] of Object.entries(reference)) {
    const gr = layout.groupings.find((x) => x.attributes.length === 1 && x.attributes[0] === attr);
    if (!gr)
      throw new DpauditError(`reference names ${JSON.stringify(attr)}, which is not a sensitive attribute`, {
        location: { option: 'reference' },
      });
    if (!gr.cells.some((c) => c.values[attr] === level)) {
      const levels = gr.cells.map((c) => c.values[attr]).join(', ');
      throw new DpauditError(`${attr}=${level}: no such level (levels: ${levels})`, { location: { option: 'reference' } });
    }
  }
}

export function groupingContexts(
  layout: CellLayout,
  mv: Float64Array,
  minGroupSize: number,
  reference: Record<string, string>,
): ResolvedGrouping[] {
  checkReference(layout, reference);
  const small = new Uint8Array(layout.nSlots);
  for (let s = 0; s < layout.nSlots; s++) small[s] = mv[s * N_METRICS + M.count] < minGroupSize ? 1 : 0;
  const out: ResolvedGrouping[] = [];
  for (let g = 1; g < layout.groupings.length; g++) {
    const gr = layout.groupings[g];
    const first = layout.slotOffset[g];
    const named = gr.attributes.every((a) => reference[a] !== undefined);
    let refCell = -1;
    if (named) refCell = gr.cells.findIndex((c) => gr.attributes.every((a) => c.values[a] === reference[a]));
    else {
      let best = -1;
      gr.cells.forEach((_, c) => {
        const n = mv[(first + c) * N_METRICS + M.count];
        if (n > best) {
          best = n;
          refCell = c;
        }
      });
    }
    out.push({
      g,
      first,
      nCells: gr.cells.length,
      overallSlot: 0,
      refSlot: first + refCell,
      small,
      referenceSource: named ? 'named' : 'largest',
      reference: gr.cells[refCell].values,
    });
  }
  return out;
}
