import type { ArmResult, ResultsV1 } from '../results/types.js';

/**
 * The recommended ε: the smallest ε whose release model keeps at least `aucFraction` of the non-DP AUC
 * and worsens no disparity (per grouping: equalized-odds and demographic-parity difference between groups)
 * by more than `disparityIncrease` over non-DP. Also the Pareto data (utility vs disparity across arms).
 */
export function recommend(
  arms: ArmResult[],
  disparityOf: (a: ArmResult) => Record<string, number | null>,
  tol: { aucFraction: number; disparityIncrease: number },
): ResultsV1['recommendation'] {
  const nondp = arms.find((a) => a.kind === 'nondp');
  const baseline = nondp ? disparityOf(nondp) : {};
  // Pareto x-axis: the largest increase of any disparity over non-DP (the quantity the tolerance bounds),
  // so arms are comparable even when a disparity is large for every arm (e.g. an age gap in the data).
  const pareto = arms.map((a) => {
    const d = Object.entries(disparityOf(a))
      .filter(([k, v]) => v !== null && typeof baseline[k] === 'number')
      .map(([k, v]) => (v as number) - (baseline[k] as number));
    return { arm: a.arm, epsilon: a.epsilon, auc: a.utility.auc.value, disparity: d.length ? Math.max(...d) : null };
  });
  const measure = 'largest increase over non-DP of the between-group equalized-odds or demographic-parity difference (any grouping)';
  const done = (r: Omit<ResultsV1['recommendation'], 'pareto' | 'disparityMeasure' | 'tolerances'>): ResultsV1['recommendation'] => ({
    ...r,
    tolerances: tol,
    pareto,
    disparityMeasure: measure,
  });
  if (!nondp || nondp.utility.auc.value === null) return done({ epsilon: null, reason: 'no non-DP baseline AUC to compare with' });
  const baseAuc = nondp.utility.auc.value;
  const baseDisp = baseline;
  const dp = arms.filter((a) => a.kind === 'dp').sort((x, y) => (x.epsilon ?? 0) - (y.epsilon ?? 0));
  const reasons: string[] = [];
  for (const a of dp) {
    const auc = a.utility.auc.value;
    if (auc === null || auc < tol.aucFraction * baseAuc) {
      reasons.push(
        `ε = ${a.epsilon}: AUC ${auc === null ? 'n/a' : auc.toFixed(3)} < ${(tol.aucFraction * 100).toFixed(0)} % of non-DP ${baseAuc.toFixed(3)}`,
      );
      continue;
    }
    const d = disparityOf(a);
    const worse = Object.entries(d).filter(
      ([k, v]) =>
        v !== null && baseDisp[k] !== null && baseDisp[k] !== undefined && (v as number) - (baseDisp[k] as number) > tol.disparityIncrease,
    );
    if (worse.length > 0) {
      reasons.push(
        `ε = ${a.epsilon}: ${worse[0][0]} ${(worse[0][1] as number).toFixed(3)} is more than ${tol.disparityIncrease} worse than non-DP ${(baseDisp[worse[0][0]] as number).toFixed(3)}`,
      );
      continue;
    }
    return done({
      epsilon: a.epsilon,
      reason: `smallest ε with AUC ≥ ${(tol.aucFraction * 100).toFixed(0)} % of non-DP (${auc.toFixed(3)} vs ${baseAuc.toFixed(3)}) and no disparity more than ${tol.disparityIncrease} worse than non-DP${reasons.length ? `; rejected: ${reasons.join('; ')}` : ''}`,
    });
  }
  return done({ epsilon: null, reason: `no swept ε meets the tolerances: ${reasons.join('; ')}` });
}
