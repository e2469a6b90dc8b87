/**
 * Family-wise error control of the gate's FAIL checks (docs/methods.md#gate-error-control). The gate's
 * family-wise α (0.05) is split in two halves by Bonferroni: the theory-overlay violation checks (Bonferroni
 * over attacks × DP arms at analysis time) and the one-run family (Holm over DP arms × methods here).
 */
export const GATE_ALPHA = 0.05;
export const ONE_RUN_FAMILY_ALPHA = GATE_ALPHA / 2;
export const VIOLATION_FAMILY_ALPHA = GATE_ALPHA / 2;

/**
 * Holm's step-down procedure: sort the p-values ascending; reject p_(i) while p_(j) ≤ α/(k − j + 1) for every
 * j ≤ i. Returns, per input, whether it is rejected and the level it was compared with.
 */
export function holm(pValues: readonly number[], alpha: number): { rejected: boolean; level: number }[] {
  const k = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const out = pValues.map(() => ({ rejected: false, level: alpha / Math.max(1, k) }));
  let stopped = false;
  order.forEach((idx, j) => {
    const level = alpha / (k - j);
    out[idx].level = level;
    if (!stopped && pValues[idx] <= level) out[idx].rejected = true;
    else stopped = true;
  });
  return out;
}
