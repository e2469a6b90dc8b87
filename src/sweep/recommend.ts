import { defaultOf } from '../options/registry.js';
import { FAIRNESS_RULE } from '../../metrics/fairness/rule.js';
import { disparityName } from '../../metrics/fairness/names.js';
import type { DeltaGroupEntry, DeltaReport, FairnessReport, Interval as FInterval } from '../../metrics/fairness/index.js';
import type { ArmResult, GroupLoss, Interval, PairedDelta, ResultsV1 } from '../results/types.js';

/** Default per-group tolerances of the recommendation (options --max-group-tpr-loss, --max-group-ece-increase). */
export const DEFAULT_GROUP_TPR_LOSS = defaultOf('max-group-tpr-loss') as number;
export const DEFAULT_GROUP_ECE_INCREASE = defaultOf('max-group-ece-increase') as number;

export interface RecommendTolerances {
  aucFraction: number;
  disparityIncrease: number;
  /** Largest allowed TPR (sensitivity) loss of any group with n ≥ minGroupSize (default: --max-group-tpr-loss). */
  groupTprLoss?: number;
  /** Largest allowed ECE increase of any group with n ≥ minGroupSize (default: --max-group-ece-increase). */
  groupEceIncrease?: number;
}

const iv = (i: FInterval | null | undefined): Interval | null => (i ? { lo: i.lower, hi: i.upper } : null);
const neg = (i: Interval | null): Interval | null => (i && i.lo !== null && i.hi !== null ? { lo: -i.hi, hi: -i.lo } : i);
/** " [95 % CI lo, hi; includes 0]" for a reason string (the rule compares the point estimate; the CI says how sure it is). */
const ciText = (ci: Interval | null): string =>
  ci && ci.lo !== null && ci.hi !== null
    ? ` [95 % CI ${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}${ci.lo <= 0 && ci.hi >= 0 ? '; includes 0' : ''}]`
    : '';
/** " [95 % CI lo, hi]" of a value (no "includes 0": the value is a disparity, not a difference from non-DP). */
const ciOf = (ci: Interval | null): string =>
  ci && ci.lo !== null && ci.hi !== null ? ` [95 % CI ${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]` : '';
/** A disparity key of `disparityOf` ("sex×age equalizedOddsDifference") in words: "equalized-odds difference across sex × age groups". */
function disparityWords(key: string): string {
  const cut = key.lastIndexOf(' ');
  const name = key.slice(cut + 1);
  return `${disparityName(name).noun} across ${key.slice(0, cut).split('×').join(' × ')} groups`;
}
/** The bootstrap CI of an arm's disparity `key` from its fairness report, when it has one (docs/methods.md#bootstrap). */
function disparityCi(a: ArmResult, key: string): Interval | null {
  const cut = key.lastIndexOf(' ');
  const f = a.fairness as FairnessReport | null | undefined;
  const g = f?.groupings?.find((x) => x.attributes.join('×') === key.slice(0, cut));
  const ci = g?.disparitiesCi?.[FAIRNESS_RULE.variant] as Record<string, FInterval | null> | undefined;
  return iv(ci?.[key.slice(cut + 1)]);
}
const label = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');

/** Paired ΔAUC of an arm vs non-DP from its who-pays report (same rows, same resamples; docs/methods.md#bootstrap). */
export function pairedAuc(a: ArmResult): PairedDelta | null {
  const w = a.whoPays as DeltaReport | null;
  if (!w) return null;
  return { arm: a.arm, epsilon: a.epsilon, delta: w.overall.delta.rocAuc, ci: iv(w.overall.ci?.rocAuc) };
}

/**
 * The group that loses most vs non-DP for `metric`, among groups with n ≥ minGroupSize (not suppressed, not
 * flagged small), any grouping. Loss > 0 = worse under DP: lower TPR, higher FPR, higher ECE.
 */
export function worstGroupLoss(a: ArmResult, nondp: ArmResult | undefined, metric: GroupLoss['metric']): GroupLoss {
  const w = a.whoPays as DeltaReport | null;
  const out: GroupLoss = { arm: a.arm, epsilon: a.epsilon, metric, group: null, loss: null, ci: null, baseline: null, value: null };
  if (!w) return out;
  const base = nondp?.fairness as FairnessReport | undefined;
  w.groupings.forEach((g, gi) => {
    for (const c of g.groups) {
      if ('suppressed' in c) continue;
      const e = c as DeltaGroupEntry;
      if (e.flags.smallGroup || e.flags.empty) continue;
      const l = e.loss[metric];
      if (l === null || (out.loss !== null && l <= out.loss)) continue;
      const ci = iv(e.ci?.[metric]);
      out.group = label(e.values);
      out.loss = l;
      // CI of the delta (dp − base); the loss of TPR is −delta.
      out.ci = metric === 'tpr' ? neg(ci) : ci;
      const bg = base?.groupings[gi]?.groups.find((x) => label(x.values) === out.group);
      out.baseline = bg && !('suppressed' in bg) ? bg.metrics[metric] : null;
      out.value = out.baseline !== null ? out.baseline + (metric === 'tpr' ? -l : l) : null;
    }
  });
  return out;
}

/** Largest absolute between-group disparity of an arm (equal opportunity = TPR gap, equalized odds) among groups with n ≥ minGroupSize, with its CI. */
export function absoluteDisparity(a: ArmResult): NonNullable<ResultsV1['recommendation']['absoluteDisparity']>[number] {
  const f = a.fairness as FairnessReport | null;
  let best: NonNullable<ResultsV1['recommendation']['absoluteDisparity']>[number] = {
    arm: a.arm,
    epsilon: a.epsilon,
    measure: 'equalOpportunityDifference',
    grouping: '',
    value: null,
    ci: null,
  };
  // Groups with n ≥ minGroupSize only (a tiny cell with TPR 0 or 1 would pin every arm at 1); the
  // all-groups value is used when the results carry no excluding-small disparities.
  for (const g of f?.groupings ?? []) {
    const scope = g.disparities.betweenGroupsExcludingSmall ? 'betweenGroupsExcludingSmall' : 'betweenGroups';
    for (const m of ['equalOpportunityDifference', 'equalizedOddsDifference'] as const) {
      const v = g.disparities[scope][m];
      if (v === null || (best.value !== null && v <= best.value)) continue;
      best = {
        arm: a.arm,
        epsilon: a.epsilon,
        measure: m,
        grouping: g.attributes.join(' × '),
        value: v,
        ci: iv(g.disparitiesCi?.[scope][m]),
      };
    }
  }
  return best;
}

/**
 * The recommended ε (docs/methods.md#recommendation): the smallest ε whose release model keeps at least `aucFraction` of the non-DP AUC,
 * worsens no disparity of the fairness rule (FAIRNESS_RULE, docs/methods.md#fairness-rule)
 * by more than `disparityIncrease` over non-DP, and costs no group (n ≥ minGroupSize) more than
 * `groupTprLoss` of sensitivity or `groupEceIncrease` of calibration error. Every comparison is a paired
 * difference against non-DP on the same test rows; their bootstrap CIs are reported beside the choice, and
 * the arms whose paired ΔAUC CI overlaps the recommended arm's are listed as indistinguishable from it.
 */
export function recommend(
  arms: ArmResult[],
  disparityOf: (a: ArmResult) => Record<string, number | null>,
  tolIn: RecommendTolerances,
): ResultsV1['recommendation'] {
  const tol = {
    ...tolIn,
    groupTprLoss: tolIn.groupTprLoss ?? DEFAULT_GROUP_TPR_LOSS,
    groupEceIncrease: tolIn.groupEceIncrease ?? DEFAULT_GROUP_ECE_INCREASE,
  };
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
  const others = arms.filter((a) => a.kind !== 'nondp');
  const paired = others.map(pairedAuc).filter((x): x is PairedDelta => x !== null);
  const groupLosses = others
    .flatMap((a) => (['tpr', 'fpr', 'ece'] as const).map((m) => worstGroupLoss(a, nondp, m)))
    .filter((g) => g.group !== null);
  const absolute = arms.map(absoluteDisparity);
  const measure = `largest increase over non-DP of the fairness rule's disparities (${FAIRNESS_RULE.statement})`;
  const extras = {
    ...(paired.length ? { pairedAuc: paired } : {}),
    ...(groupLosses.length ? { groupLosses } : {}),
    ...(absolute.some((x) => x.value !== null) ? { absoluteDisparity: absolute } : {}),
  };
  const done = (r: Pick<ResultsV1['recommendation'], 'epsilon' | 'reason'>, indistinguishable?: string[]): ResultsV1['recommendation'] => ({
    ...r,
    tolerances: tol,
    pareto,
    disparityMeasure: measure,
    ...extras,
    ...(indistinguishable ? { indistinguishable } : {}),
  });
  if (!nondp || nondp.utility.auc.value === null) return done({ epsilon: null, reason: 'no non-DP baseline AUC to compare with' });
  const baseAuc = nondp.utility.auc.value;
  const baseDisp = baseline;
  const dp = arms.filter((a) => a.kind === 'dp').sort((x, y) => (x.epsilon ?? 0) - (y.epsilon ?? 0));
  const reasons: string[] = [];
  const lossOf = (a: ArmResult, m: GroupLoss['metric']) => groupLosses.find((g) => g.arm === a.arm && g.metric === m);
  for (const a of dp) {
    const auc = a.utility.auc.value;
    if (auc === null || auc < tol.aucFraction * baseAuc) {
      const pd = paired.find((p) => p.arm === a.arm);
      reasons.push(
        `ε = ${a.epsilon}: AUC ${auc === null ? 'n/a' : auc.toFixed(3)} < ${(tol.aucFraction * 100).toFixed(0)} % of non-DP ${baseAuc.toFixed(3)}${pd && pd.delta !== null ? ` (paired ΔAUC ${pd.delta.toFixed(3)}${ciText(pd.ci)})` : ''}`,
      );
      continue;
    }
    const d = disparityOf(a);
    const worse = Object.entries(d).filter(
      ([k, v]) =>
        v !== null && baseDisp[k] !== null && baseDisp[k] !== undefined && (v as number) - (baseDisp[k] as number) > tol.disparityIncrease,
    );
    if (worse.length > 0) {
      const [key, v] = worse[0];
      const base = baseDisp[key] as number;
      reasons.push(
        `ε = ${a.epsilon}: ${disparityWords(key)} ${(v as number).toFixed(3)}${ciOf(disparityCi(a, key))} is more than ${tol.disparityIncrease} above non-DP's ${base.toFixed(3)}${nondp ? ciOf(disparityCi(nondp, key)) : ''}`,
      );
      continue;
    }
    const tpr = lossOf(a, 'tpr');
    if (tpr && tpr.loss !== null && tpr.loss > tol.groupTprLoss) {
      reasons.push(
        `ε = ${a.epsilon}: sensitivity of ${tpr.group} falls by ${tpr.loss.toFixed(3)}${ciText(tpr.ci)} (> ${tol.groupTprLoss})`,
      );
      continue;
    }
    const ece = lossOf(a, 'ece');
    if (ece && ece.loss !== null && ece.loss > tol.groupEceIncrease) {
      reasons.push(
        `ε = ${a.epsilon}: calibration error of ${ece.group} rises by ${ece.loss.toFixed(3)}${ciText(ece.ci)} (> ${tol.groupEceIncrease})`,
      );
      continue;
    }
    const mine = paired.find((p) => p.arm === a.arm);
    const overlaps = (p: PairedDelta) =>
      mine?.ci && p.ci && mine.ci.lo !== null && mine.ci.hi !== null && p.ci.lo !== null && p.ci.hi !== null
        ? p.ci.lo <= mine.ci.hi && mine.ci.lo <= p.ci.hi
        : false;
    const same = paired.filter((p) => p.arm !== a.arm && dp.some((x) => x.arm === p.arm) && overlaps(p)).map((p) => p.arm);
    return done(
      {
        epsilon: a.epsilon,
        reason: `smallest ε with AUC ≥ ${(tol.aucFraction * 100).toFixed(0)} % of non-DP (${auc.toFixed(3)} vs ${baseAuc.toFixed(3)}), no disparity more than ${tol.disparityIncrease} worse than non-DP, and no group losing more than ${tol.groupTprLoss} of sensitivity or gaining more than ${tol.groupEceIncrease} of calibration error${reasons.length ? `; rejected: ${reasons.join('; ')}` : ''}`,
      },
      same,
    );
  }
  return done({ epsilon: null, reason: `no swept ε meets the tolerances: ${reasons.join('; ')}` });
}
