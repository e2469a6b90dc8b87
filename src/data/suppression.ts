import { isSuppressed } from './groups.js';

/**
 * Complementary suppression (docs/methods.md#suppression), the one rule used by the fairness report, `inspect`
 * and the attacks' per-group cells. `sums` lists published totals and the cells that add up to them: [total,
 * cells], total −1 for a total that is always published (the overall row count). For every sum whose total is
 * shown, while its hidden non-empty cells are fewer than two or hold fewer than k rows together, the smallest
 * shown non-empty cell under it is hidden too, or the total itself when no shown non-empty cell is left
 * (repeated until nothing changes), so no published total minus the published cells gives a hidden cell back. `hidden` (primary suppression) is updated in place.
 * `n(slot, j)` is the count of a slot in sum j: one count per slot for a single table, or one per sum when a
 * slot (e.g. a site) carries several counts, each with its own published total (training and test rows).
 */
export function complementarySuppression(
  n: (slot: number, sum: number) => number,
  hidden: Uint8Array,
  sums: readonly (readonly [number, readonly number[]])[],
  k: number,
): void {
  if (k <= 0) return;
  for (let changed = true; changed; ) {
    changed = false;
    for (let j = 0; j < sums.length; j++) {
      const [total, cells] = sums[j];
      if (total >= 0 && hidden[total]) continue;
      let count = 0;
      let rows = 0;
      let smallest = -1;
      for (const s of cells) {
        const ns = n(s, j);
        if (ns === 0) continue;
        if (hidden[s]) {
          count++;
          rows += ns;
        } else if (smallest < 0 || ns < n(smallest, j)) smallest = s;
      }
      if (count === 0 || (count >= 2 && rows >= k)) continue;
      if (smallest >= 0) hidden[smallest] = 1;
      else if (total >= 0)
        hidden[total] = 1; // no shown cell left to hide: hide the total itself
      else continue;
      changed = true;
    }
  }
}

/** A grouping as far as suppression needs it: its attributes and each cell's values. */
export interface GroupingCells {
  attributes: readonly string[];
  cells: readonly { values: Readonly<Record<string, string>> }[];
}

/**
 * Hidden cells of a set of groupings over the same rows (each row in exactly one cell of every grouping),
 * e.g. `buildGroupings`' single attributes and their intersection, with the overall row count published:
 * primary (0 < n < k) then complementary suppression over the sums overall = Σ cells of each grouping and
 * level of an attribute = Σ intersection cells with that level. Returns one mask per grouping.
 */
export function hiddenGroupCells(groupings: readonly GroupingCells[], counts: readonly ArrayLike<number>[], k: number): Uint8Array[] {
  const offset: number[] = [];
  let nSlots = 0;
  for (const g of groupings) {
    offset.push(nSlots);
    nSlots += g.cells.length;
  }
  const flat = new Float64Array(nSlots);
  groupings.forEach((g, gi) => {
    for (let c = 0; c < g.cells.length; c++) flat[offset[gi] + c] = counts[gi][c];
  });
  const hidden = new Uint8Array(nSlots);
  for (let s = 0; s < nSlots; s++) if (isSuppressed(flat[s], k)) hidden[s] = 1;
  const sums: [number, number[]][] = [];
  groupings.forEach((g, gi) => {
    const slots = g.cells.map((_, c) => offset[gi] + c);
    sums.push([-1, slots]);
    if (g.attributes.length < 2) return;
    groupings.forEach((m, g1) => {
      if (m.attributes.length !== 1 || !g.attributes.includes(m.attributes[0])) return;
      const a = m.attributes[0];
      m.cells.forEach((cell, t) => {
        sums.push([offset[g1] + t, slots.filter((_, c) => g.cells[c].values[a] === cell.values[a])]);
      });
    });
  });
  complementarySuppression((s) => flat[s], hidden, sums, k);
  return groupings.map((g, gi) => hidden.slice(offset[gi], offset[gi] + g.cells.length));
}
