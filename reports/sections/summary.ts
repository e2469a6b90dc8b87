/**
 * The plain-language answer at the top of the report: at the recommended ε (or the largest DP ε
 * when none meets the tolerances), how much non-private AUC the model keeps, which subgroup loses most,
 * and how measured leakage compares with the guarantee.
 */
import type { ArmResult, ResultsV1 } from '../../src/results/types.js';
import { fmt, fmtEpsilon, fmtPercent } from '../format.js';
import { readAttack, readOneRun } from '../read/attack.js';
import { readWhoPays } from '../read/who-pays.js';

export interface SummaryView {
  /** Sentences, in order; each is escaped by the template. */
  sentences: string[];
  recommendedEpsilon: string;
  recommendationReason: string;
  tolerances: string;
}

/** The arm the summary talks about. */
export function focusArm(results: ResultsV1): ArmResult | null {
  const dp = results.arms.filter((a) => a.kind === 'dp' && a.epsilon !== null);
  const rec = results.recommendation.epsilon;
  if (rec !== null) {
    const hit = dp.find((a) => a.epsilon === rec);
    if (hit) return hit;
  }
  return dp.reduce<ArmResult | null>((b, a) => (b === null || (a.epsilon ?? 0) > (b.epsilon ?? 0) ? a : b), null);
}

/** The group with the largest accuracy loss vs non-DP (most negative Δ), among unsuppressed groups. */
export function largestGroupLoss(arm: ArmResult): { label: string; delta: number } | null {
  const w = readWhoPays(arm.whoPays);
  if (!w) return null;
  let best: { label: string; delta: number } | null = null;
  for (const g of w.groupings) {
    for (const c of g.groups) {
      const d = c.deltas.accuracy?.value;
      if (c.suppressed || d === null || d === undefined) continue;
      if (best === null || d < best.delta) best = { label: c.label, delta: d };
    }
  }
  return best;
}

/** Largest empirical ε lower bound that is a check (not GDP-derived): attacks' CP bounds and the one-run audit. */
export function largestEpsilonLb(arm: ArmResult): { value: number; method: string } | null {
  let best: { value: number; method: string } | null = null;
  for (const raw of arm.attacks ?? []) {
    const s = readAttack(raw);
    for (const b of s?.epsilonLb ?? []) {
      if (b.assumesGdp || b.epsilonLb === null) continue;
      if (best === null || b.epsilonLb > best.value) best = { value: b.epsilonLb, method: `${s?.attack}, ${b.label}` };
    }
  }
  const one = readOneRun(arm.oneRun);
  if (one?.epsilonLb != null && (best === null || one.epsilonLb > best.value))
    best = { value: one.epsilonLb, method: 'one-run canary audit' };
  return best;
}

export function buildSummary(results: ResultsV1): SummaryView {
  const sentences: string[] = [];
  const arm = focusArm(results);
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const rec = results.recommendation;
  if (!arm) {
    sentences.push('No differentially private arm was trained, so there is no privacy–utility trade-off to summarise.');
  } else {
    const eps = fmtEpsilon(arm.epsilon);
    const auc = arm.utility.auc.value;
    const base = nondp?.utility.auc.value ?? null;
    const parts: string[] = [];
    if (auc !== null && base !== null && base > 0)
      parts.push(`At ${eps} the model keeps ${fmtPercent(auc / base)} of non-private AUC (${fmt(auc)} vs ${fmt(base)})`);
    else parts.push(`At ${eps} the model's AUC is ${auc === null ? 'not measured' : fmt(auc)}`);
    const loss = largestGroupLoss(arm);
    if (loss)
      parts.push(
        loss.delta < 0
          ? `the largest subgroup loss is ${loss.label} (${(loss.delta * 100).toFixed(1)} points of accuracy)`
          : 'no subgroup loses accuracy',
      );
    else parts.push('per-group losses were not measured');
    const lb = largestEpsilonLb(arm);
    const claimed = arm.privacy.epsilon ?? arm.epsilon;
    if (lb && claimed !== null)
      parts.push(
        `measured leakage ε_lb = ${fmt(lb.value, 2)} (${lb.method}), ${lb.value > claimed ? 'ABOVE the guarantee: investigate the implementation' : 'below the guarantee'}`,
      );
    else parts.push('empirical leakage was not measured');
    sentences.push(`${parts.join('; ')}.`);
    const violated = results.arms.some((a) => (a.attacks ?? []).some((r) => readAttack(r)?.violation?.violated === true));
    if (violated)
      sentences.push(
        'At least one attack exceeds the theoretical DP bound (see Leakage): the implementation leaks more than its ε allows.',
      );
  }
  return {
    sentences,
    recommendedEpsilon: rec.epsilon === null ? 'none of the tested ε meets the tolerances' : `ε = ${rec.epsilon}`,
    recommendationReason: rec.reason,
    tolerances: `AUC ≥ ${fmtPercent(rec.tolerances.aucFraction)} of non-DP and no disparity more than ${fmt(rec.tolerances.disparityIncrease, 2)} worse than non-DP`,
  };
}
