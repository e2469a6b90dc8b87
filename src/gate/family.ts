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

/**
 * Which p-valued tests can fail on their own (docs/methods.md#untestable): a test belongs to the family when
 * the best p-value a perfect attack could reach is ≤ α/k, k the family size (so it could be rejected even if no
 * other test were); tests that cannot are `untestable` and leave the family, which shrinks k — repeated until
 * stable. A test without a best p-value (older results) stays in unless flagged untestable.
 */
export function testableFamily(tests: readonly { bestPValue: number | null; testable: boolean | null }[], alpha: number): boolean[] {
  return testableFamilyLevels(tests, alpha).inFamily;
}

/**
 * testableFamily with the level each test was judged at: α/k of the final family for its members, and for a
 * test that left it the α/k at which its best p-value was found too large (k shrinks, so a later level can be
 * higher; the test does not come back).
 */
export function testableFamilyLevels(
  tests: readonly { bestPValue: number | null; testable: boolean | null }[],
  alpha: number,
): { inFamily: boolean[]; level: number[] } {
  let inFam = tests.map((t) => t.testable !== false || t.bestPValue !== null);
  const level = tests.map(() => alpha);
  for (;;) {
    const k = inFam.filter(Boolean).length;
    const a = alpha / Math.max(1, k);
    const next = tests.map((t, i) => inFam[i] && (t.bestPValue === null ? t.testable !== false : t.bestPValue <= a));
    inFam.forEach((x, i) => {
      if (x) level[i] = a;
    });
    if (next.every((x, i) => x === inFam[i])) return { inFamily: inFam, level };
    inFam = next;
  }
}
