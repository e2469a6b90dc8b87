/**
 * ROC AUC by weighted rank sums over an order sorted once (docs/methods.md#fairness-metrics: Mann–Whitney, ties count ½).
 * For row multiplicities w (all 1 for the point estimate, bootstrap counts for a replicate) and a cell,
 * U = Σ_{positive i} w_i · (Σ_{negative j, s_j < s_i} w_j + ½ Σ_{negative j, s_j = s_i} w_j) and
 * AUC = U / (W_pos · W_neg). One pass over the sorted order serves every cell of every grouping.
 */
export interface RankOrder {
  /** order[p] = row at sorted position p (ascending score). */
  order: Int32Array;
  /** blockEnd[p] = end (exclusive) of the tie block starting at p (only meaningful at block starts). */
  blockEnd: Int32Array;
  /** yTrue in sorted order. */
  y: Uint8Array;
}

export function rankOrder(score: ArrayLike<number>, yTrue: ArrayLike<number>): RankOrder {
  const n = score.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => score[a] - score[b] || a - b);
  const blockEnd = new Int32Array(n);
  let p = 0;
  while (p < n) {
    let q = p + 1;
    while (q < n && score[order[q]] === score[order[p]]) q++;
    blockEnd[p] = q;
    p = q;
  }
  const y = new Uint8Array(n);
  for (let k = 0; k < n; k++) y[k] = yTrue[order[k]];
  return { order, blockEnd, y };
}

/**
 * Add the weighted Mann–Whitney U of every slot into U (length = number of slots, zeroed by the caller).
 * sortedSlots[p * G + g] is the slot of the row at sorted position p in grouping g. cum and tie are
 * scratch arrays of the slot count (zeroed here).
 */
export function weightedMannWhitney(
  ro: RankOrder,
  weights: Int32Array | null,
  sortedSlots: Int32Array,
  G: number,
  U: Float64Array,
  cum: Float64Array,
  tie: Float64Array,
): void {
  cum.fill(0);
  tie.fill(0);
  const { order, blockEnd, y } = ro;
  const n = order.length;
  let p = 0;
  while (p < n) {
    const q = blockEnd[p];
    if (q === p + 1) {
      const w = weights === null ? 1 : weights[order[p]];
      if (w !== 0) {
        const base = p * G;
        if (y[p] === 1)
          for (let g = 0; g < G; g++) {
            const s = sortedSlots[base + g];
            U[s] += w * cum[s];
          }
        else for (let g = 0; g < G; g++) cum[sortedSlots[base + g]] += w;
      }
    } else {
      for (let k = p; k < q; k++) {
        const w = weights === null ? 1 : weights[order[k]];
        if (w !== 0 && y[k] === 0) for (let g = 0; g < G; g++) tie[sortedSlots[k * G + g]] += w;
      }
      for (let k = p; k < q; k++) {
        const w = weights === null ? 1 : weights[order[k]];
        if (w !== 0 && y[k] === 1)
          for (let g = 0; g < G; g++) {
            const s = sortedSlots[k * G + g];
            U[s] += w * (cum[s] + 0.5 * tie[s]);
          }
      }
      for (let k = p; k < q; k++) {
        const w = weights === null ? 1 : weights[order[k]];
        if (w !== 0 && y[k] === 0)
          for (let g = 0; g < G; g++) {
            const s = sortedSlots[k * G + g];
            cum[s] += w;
            tie[s] = 0;
          }
      }
    }
    p = q;
  }
}
