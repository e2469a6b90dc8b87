import { DpauditError } from '../src/errors.js';
import { countDominated, offlinePrX, outMeans, populationRatios } from './rmia.js';

/**
 * Tuning of the offline RMIA constant a on the reference models alone (the target is never used): each
 * reference r in turn is attacked by the other references with offline RMIA at every a of the grid; the
 * scores are pooled over r and the a with the largest AUC wins (ties: the smallest a). Needs ≥ 2 references.
 * RMIA scores are counts of dominated population points (0..nPop), so the pooled AUC (Mann–Whitney,
 * ties ½) is computed from per-count histograms of members and non-members.
 */
export const DEFAULT_A_GRID: readonly number[] = Array.from({ length: 11 }, (_, k) => k / 10);

export function tuneOfflineA(
  py: Float64Array,
  inMask: Uint8Array,
  n: number,
  pyPop: Float64Array,
  nPop: number,
  refs: Int32Array,
  gamma: number,
  grid: readonly number[] = DEFAULT_A_GRID,
): { a: number; auc: number | null } {
  if (refs.length < 2) throw new DpauditError('tuning the offline RMIA a needs at least 2 reference models (or set a explicitly)');
  if (grid.length === 0) throw new DpauditError('the RMIA a grid is empty');
  for (const a of grid) if (!(a >= 0 && a <= 1)) throw new DpauditError(`RMIA a must be in [0, 1], got ${a}`);
  const K = refs.length;
  const G = grid.length;
  // hist[(g * 2 + member) * (nPop + 1) + count]
  const hist = new Float64Array(G * 2 * (nPop + 1));
  for (let j = 0; j < K; j++) {
    const r = refs[j];
    const others = Int32Array.from(refs.filter((x) => x !== r));
    const sortedRz = populationRatios(pyPop, nPop, r, others);
    const { mean } = outMeans(py, inMask, n, others);
    for (let g = 0; g < G; g++) {
      const prX = offlinePrX(mean, grid[g]);
      for (let i = 0; i < n; i++) {
        const c = countDominated(py[r * n + i] / prX[i], sortedRz, gamma);
        hist[(g * 2 + inMask[r * n + i]) * (nPop + 1) + c]++;
      }
    }
  }
  let best = { a: grid[0], auc: null as number | null };
  for (let g = 0; g < G; g++) {
    const outH = hist.subarray(g * 2 * (nPop + 1), (g * 2 + 1) * (nPop + 1));
    const inH = hist.subarray((g * 2 + 1) * (nPop + 1), (g * 2 + 2) * (nPop + 1));
    let u = 0;
    let outBelow = 0;
    let nIn = 0;
    for (let c = 0; c <= nPop; c++) {
      u += inH[c] * (outBelow + 0.5 * outH[c]);
      outBelow += outH[c];
      nIn += inH[c];
    }
    const nOut = outBelow;
    const auc = nIn > 0 && nOut > 0 ? u / (nIn * nOut) : null;
    if (auc !== null && (best.auc === null || auc > best.auc)) best = { a: grid[g], auc };
  }
  return best;
}
