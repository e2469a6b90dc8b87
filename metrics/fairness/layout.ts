import type { GroupAttribute } from '../../src/data/types.js';
import { buildGroupings } from '../../src/data/groups.js';
import type { GroupValues } from './types.js';

/**
 * The cell layout of a fairness computation. Every row falls in exactly one *base cell* (a cell of the
 * intersection of all sensitive attributes; with one attribute its levels; with none, one cell). Every
 * reported grouping (index 0 = overall, then each attribute, then the intersection, as `buildGroupings`)
 * is a union of base cells, so count-based statistics are aggregated from base cells. Cells of all
 * groupings are numbered in one flat *slot* space: slot = slotOffset[g] + cell.
 */
export interface CellLayout {
  nRows: number;
  groupings: { attributes: string[]; cells: { values: GroupValues }[] }[];
  nBase: number;
  baseOfRow: Int32Array;
  /** baseToSlot[g][k] = slot of base cell k in grouping g. */
  baseToSlot: Int32Array[];
  /** slotOffset[g] = first slot of grouping g; slotOffset[G] = total number of slots. */
  slotOffset: Int32Array;
  nSlots: number;
  /** slotOfRow[i * G + g] = slot of row i in grouping g (G = groupings.length). */
  slotOfRow: Int32Array;
}

function key(values: GroupValues, attributes: readonly string[]): string {
  return JSON.stringify(attributes.map((a) => values[a]));
}

export function buildLayout(groups: readonly GroupAttribute[], nRows: number): CellLayout {
  for (const g of groups) {
    if (g.codes.length !== nRows) throw new Error(`group attribute ${g.name} has ${g.codes.length} rows, expected ${nRows}`);
  }
  const built = buildGroupings(groups, nRows);
  const groupings = [
    { attributes: [] as string[], cells: [{ values: {} as GroupValues }] },
    ...built.map((b) => ({ attributes: b.attributes, cells: b.cells })),
  ];
  const base = built.length === 0 ? null : built[built.length - 1];
  const nBase = base === null ? 1 : base.cells.length;
  const baseOfRow = base === null ? new Int32Array(nRows) : base.cellOfRow;
  const G = groupings.length;
  const slotOffset = new Int32Array(G + 1);
  for (let g = 0; g < G; g++) slotOffset[g + 1] = slotOffset[g] + groupings[g].cells.length;
  const baseAttrs = base === null ? [] : base.attributes;
  const baseToSlot = groupings.map((gr, g) => {
    const index = new Map<string, number>();
    gr.cells.forEach((c, j) => {
      index.set(key(c.values, gr.attributes), j);
    });
    const m = new Int32Array(nBase);
    for (let k = 0; k < nBase; k++) {
      const values = base === null ? {} : base.cells[k].values;
      const j = index.get(key(values, gr.attributes));
      if (j === undefined)
        throw new Error(`internal: base cell ${key(values, baseAttrs)} not found in grouping ${gr.attributes.join('×')}`);
      m[k] = slotOffset[g] + j;
    }
    return m;
  });
  const slotOfRow = new Int32Array(nRows * G);
  for (let i = 0; i < nRows; i++) {
    const k = baseOfRow[i];
    for (let g = 0; g < G; g++) slotOfRow[i * G + g] = baseToSlot[g][k];
  }
  return { nRows, groupings, nBase, baseOfRow, baseToSlot, slotOffset, nSlots: slotOffset[G], slotOfRow };
}
