/**
 * The plain-language answer at the top of the report: at the recommended ε (or the largest DP ε
 * when none meets the tolerances), how much non-private AUC the model keeps, which subgroup loses most,
 * and how measured leakage compares with the guarantee.
 */
import type { ArmResult, Estimate, ResultsV1 } from '../../src/results/types.js';
import { fmt, fmtCi, fmtCiOrDegenerate, fmtEpsilon, fmtPercent, MISSING } from '../format.js';
import { readFairness } from '../read/fairness.js';
import { readAttack, readOneRun } from '../read/attack.js';
import { readWhoPays } from '../read/who-pays.js';
import { degenerateReason } from '../read/degenerate.js';
import { comparisonMeasure, disparityOf, increaseText, intervalsOverlap, measureWords } from '../read/disparity-measure.js';

export interface SummaryView {
  /** Plain-language lead for a clinician (what ε means for a patient; who loses what). */
  lead: string[];
  /** Sentences, in order; each is escaped by the template. */
  sentences: string[];
  indistinguishable: string;
  headline: { columns: string[]; rows: HeadlineRow[] };
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

interface GroupLossView {
  arm: string;
  metric: string;
  group: string | null;
  loss: number | null;
  ci: { lo: number | null; hi: number | null } | null;
  baseline: number | null;
  value: number | null;
}

function groupLosses(results: ResultsV1): GroupLossView[] {
  return (results.recommendation.groupLosses ?? []) as GroupLossView[];
}

const pts = (v: number) => `${(v * 100).toFixed(1)} points`;
const ciPts = (ci: { lo: number | null; hi: number | null } | null) =>
  ci && ci.lo !== null && ci.hi !== null ? ` (95 % CI ${(ci.lo * 100).toFixed(1)} to ${(ci.hi * 100).toFixed(1)})` : '';

/** Overall paired Δ of a metric (arm − non-DP) with its CI, from the arm's who-pays report. */
function overallDelta(arm: ArmResult | undefined, metric: string): Estimate | null {
  if (!arm) return null;
  const w = readWhoPays(arm.whoPays);
  return w?.overall[metric] ?? null;
}

/** e^ε as a reader can take it in: 2.72, 2,981, or from a million on a power of ten (5.5 × 10^34). */
export function oddsFactor(eps: number): string {
  const f = Math.exp(eps);
  if (f < 10) return f.toFixed(2);
  if (f < 1e6) return Math.round(f).toLocaleString('en-US');
  let exp = Math.floor(eps / Math.LN10);
  let mant = f / 10 ** exp;
  if (!Number.isFinite(mant)) return `10^${(eps / Math.LN10).toFixed(0)}`;
  // 9.96 × 10^6 rounds to "10.0": one more power of ten instead.
  if (Number(mant.toFixed(1)) >= 10) {
    mant /= 10;
    exp += 1;
  }
  return `${mant.toFixed(1)} × 10^${exp}`;
}

/**
 * One or two sentences a clinician can read: what ε means for a patient. The factor is e^ε at the ε the
 * accountant certifies for this model, which is at most the target ε the arm is named by: within 1 % below the
 * target the sentence names the target and its factor (a true, barely looser bound), else both ε and the factor
 * of the certified one. Under the patient unit the guarantee covers all of a patient's records; under the record unit
 * on data whose patients repeat, a second sentence gives the group-privacy ε of the patient with the most records.
 */
export function epsilonForPatient(arm: ArmResult): string {
  const spent = arm.privacy.epsilon ?? arm.epsilon;
  if (spent === null) return '';
  const target = arm.epsilon;
  // A certified ε above the target (calibration prevents it) is named too: e^target would not bound it.
  const named = target !== null && (spent < target * 0.99 || spent > target);
  const eps = named || target === null ? spent : target;
  const label = named ? `${fmtEpsilon(target)} (this model spends ${fmtEpsilon(spent)} of it)` : fmtEpsilon(eps);
  const patientUnit = arm.privacy.privacyUnit === 'patient' || arm.privacy.federation?.level === 'patient';
  const used = patientUnit ? 'whether or not their records (all of them) were used' : 'whether or not their record was used';
  const delta = String(Number(arm.privacy.delta.toPrecision(2)));
  const first = `What ${label} means for a patient: ${used} to train the model changes the probability of any conclusion anyone draws about them from the model by at most a factor of ${oddsFactor(eps)}, plus at most δ = ${delta}.`;
  const pe = patientUnit ? undefined : arm.privacy.patientEpsilon?.largest;
  if (!pe || pe.k <= 1) return first;
  const group =
    pe.epsilon === null
      ? `the accountant gives no finite bound for such a patient at δ = ${delta}`
      : `for such a patient the factor is up to ${oddsFactor(pe.epsilon)} (ε = ${Number(pe.epsilon.toPrecision(3))})`;
  return `${first} This protects one record: patients repeat in these data, and a patient with ${pe.k} records is protected only as a group of ${pe.k} (${group}).`;
}

/** Who loses what at the arm, vs the non-private model, in plain language; says when clipping alone causes it. */
export function whoLosesWhat(results: ResultsV1, arm: ArmResult): string[] {
  const out: string[] = [];
  if (!readWhoPays(arm.whoPays)) return ['Per-group losses were not measured in this run.'];
  const losses = groupLosses(results).filter((g) => g.arm === arm.arm);
  const clip = results.arms.find((a) => a.kind === 'cliponly');
  const tpr = losses.find((g) => g.metric === 'tpr');
  const eps = fmtEpsilon(arm.epsilon);
  if (tpr && tpr.loss !== null && tpr.group) {
    if (tpr.loss > 0)
      out.push(
        `At ${eps} the model catches fewer of the patients who have the outcome in ${tpr.group}: sensitivity ${fmtPercent(tpr.baseline, 1)} → ${fmtPercent(tpr.value, 1)}, ${pts(tpr.loss)} lost${ciPts(tpr.ci)}; this is the largest sensitivity loss of any group with enough patients${tpr.ci && tpr.ci.lo !== null && tpr.ci.lo <= 0 ? ' (its interval reaches 0: this loss may be chance)' : ''}.`,
      );
    else out.push(`At ${eps} no group with enough patients loses sensitivity compared with the non-private model.`);
  }
  const ece = overallDelta(arm, 'ece');
  const base = results.arms.find((a) => a.kind === 'nondp');
  const baseEce = base ? (readFairness(base.fairness)?.overall.ece ?? null) : null;
  if (ece && ece.value !== null && baseEce !== null) {
    const clipEce = overallDelta(clip, 'ece');
    const rises = ece.value > 0.01;
    let s = `Calibration error (ECE) ${rises ? 'rises' : 'changes'} from ${fmt(baseEce)} to ${fmt(baseEce + ece.value)} overall (Δ ${fmt(ece.value)}${ece.ci ? ` ${fmtCi(ece.ci)}` : ''})`;
    if (rises && clipEce && clipEce.value !== null && clipEce.value >= 0.5 * ece.value)
      s += `; gradient clipping alone causes most of it (clip-only, no noise: ${fmt(baseEce + clipEce.value)}), so predicted risks need recalibration before clinical use`;
    out.push(`${s}.`);
  }
  return out;
}

/** Largest and smallest sensitivity (TPR) among a grouping's measured groups with n ≥ min group size. */
function tprExtremes(arm: ArmResult | undefined, grouping: string) {
  const f = arm ? readFairness(arm.fairness) : null;
  const g = f?.groupings.find((x) => x.attributes.join(' × ') === grouping);
  if (!g) return null;
  const measured = g.groups.filter(
    (x): x is Extract<typeof x, { suppressed: false }> => !x.suppressed && !x.smallGroup && !x.empty && typeof x.metrics.tpr === 'number',
  );
  if (measured.length < 2) return null;
  const by = [...measured].sort((a, b) => (a.metrics.tpr as number) - (b.metrics.tpr as number));
  const count = (x: (typeof by)[number]) =>
    typeof x.metrics.tp === 'number' && typeof x.metrics.nPos === 'number' ? ` (${x.metrics.tp} of ${x.metrics.nPos})` : '';
  const lo = by[0];
  const hi = by[by.length - 1];
  return {
    lo,
    hi,
    text: `${fmtPercent(hi.metrics.tpr, 0)} of the patients with the outcome in ${hi.label}${count(hi)} but ${fmtPercent(lo.metrics.tpr, 0)} in ${lo.label}${count(lo)}`,
  };
}

/**
 * The largest absolute sensitivity gap in plain words, and whether DP causes it: when the non-DP model has
 * (nearly) the same gap, the gap comes from the model, not from privacy.
 */
export function absoluteGapSentence(results: ResultsV1, arm: ArmResult): string | null {
  const abs = results.recommendation.absoluteDisparity ?? [];
  const mine = abs.find((d) => d.arm === arm.arm);
  const base = abs.find((d) => results.arms.find((a) => a.arm === d.arm)?.kind === 'nondp');
  if (!mine || mine.value === null || mine.measure !== 'equalOpportunityDifference') return null;
  const here = tprExtremes(arm, mine.grouping);
  if (!here) return null;
  const rates = (x: NonNullable<typeof here>) =>
    typeof x.hi.metrics.baseRate === 'number' && typeof x.lo.metrics.baseRate === 'number'
      ? ` (their outcome rates: ${fmtPercent(x.hi.metrics.baseRate, 0)} and ${fmtPercent(x.lo.metrics.baseRate, 0)})`
      : '';
  let s = `Largest sensitivity gap between groups (${mine.grouping}): at ${fmtEpsilon(arm.epsilon)} the model finds ${here.text}, a gap of ${fmt(mine.value)}${mine.ci ? ` ${fmtCiOrDegenerate(mine.ci)}` : ''}.`;
  // The non-private model's sensitivity gap in the same grouping: like with like (same measure, same groups).
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const same =
    base && base.value !== null && base.measure === mine.measure && base.grouping === mine.grouping
      ? { value: base.value, ci: base.ci }
      : disparityOf(nondp, mine.measure, mine.grouping);
  if (!same) return s;
  const there = tprExtremes(nondp, mine.grouping);
  const theirs = `${fmt(same.value)}${same.ci ? ` ${fmtCiOrDegenerate(same.ci)}` : ''}${there ? `: ${there.text}` : ''}`;
  const noise = intervalsOverlap(same.ci, mine.ci);
  const cause = `so DP does not cause it: the model serves these groups unequally with or without privacy${rates(here)}.`;
  if (Math.abs(same.value - mine.value) < 0.005) s += ` The non-private model has the same gap (${theirs}), ${cause}`;
  else if (noise === true)
    s += ` The non-private model's gap is ${theirs}; the difference is within noise (the 95 % intervals overlap), ${cause}`;
  else if (same.value > mine.value) s += ` The non-private model has a larger gap (${theirs}), ${cause}`;
  else
    s += ` The non-private model's gap is smaller (${theirs})${noise === false ? ': the 95 % intervals do not overlap, so DP widens it' : '; no interval to tell whether the difference is noise'}.`;
  // The headline table's non-DP row gives the largest gap over all groupings (computed as the table computes it);
  // when that is another grouping with another value, say so, or a reader sees two non-DP gaps for one measure.
  const headline = comparisonMeasure(results) === mine.measure ? disparityOf(nondp, mine.measure) : null;
  if (headline && headline.grouping !== mine.grouping && fmt(headline.value) !== fmt(same.value))
    s += ` (The headline table's non-DP row shows ${fmt(headline.value)}: the largest gap over all groupings, in ${headline.grouping}; the comparison here stays within ${mine.grouping}.)`;
  return s;
}

/** An interval kept on one line (no-break spaces); a cell may wrap between the number and its interval (narrow screens, print). */
const nb = (s: string) => s.replace(/ /g, '\u00a0');
/** "0.331 [0.256, 0.481]" with the interval unbroken. */
const withCi = (v: string, ci: string) => (ci ? `${v} ${nb(ci)}` : v);

export interface HeadlineRow {
  arm: string;
  recommended: boolean;
  cells: string[];
}

/** The headline numbers per arm: AUC, paired ΔAUC, absolute disparity, its increase, worst group losses. */
export function headlineRows(results: ResultsV1): { columns: string[]; rows: HeadlineRow[] } {
  const rec = results.recommendation;
  const paired = new Map((rec.pairedAuc ?? []).map((d) => [d.arm, d]));
  const losses = groupLosses(results);
  const loss = (arm: string, m: string, named: boolean) => {
    const g = losses.find((x) => x.arm === arm && x.metric === m);
    return g && g.loss !== null ? `${withCi(fmt(g.loss), fmtCiOrDegenerate(g.ci))}${named ? ` (${g.group})` : ''}` : MISSING;
  };
  // ONE measure for the whole column (the non-DP arm's largest, else the first arm's): values of different
  // measures side by side would read as improvements that are not, and their difference would mean nothing.
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const measure = comparisonMeasure(results);
  const of = new Map(results.arms.map((a) => [a.arm, measure ? disparityOf(a, measure) : null]));
  const ref = nondp ? (of.get(nondp.arm) ?? null) : null;
  const rows = results.arms.map((a) => {
    const d = of.get(a.arm) ?? null;
    const p = paired.get(a.arm);
    const increase = d && ref ? increaseText(d, ref) : MISSING;
    const bad = degenerateReason(a);
    return {
      arm: a.arm,
      recommended: rec.epsilon !== null && a.epsilon === rec.epsilon && a.kind === 'dp',
      cells: [
        bad ? `${a.arm} (DEGENERATE: ${bad})` : a.arm,
        a.utility.auc.value === null ? MISSING : withCi(fmt(a.utility.auc.value), fmtCi(a.utility.auc.ci)),
        p ? withCi(fmt(p.delta), fmtCi(p.ci)) : a.kind === 'nondp' ? 'reference' : MISSING,
        d
          ? `${withCi(fmt(d.value), fmtCiOrDegenerate(d.ci))} (${d.grouping})${bad ? ' — not fairness: the model does not discriminate' : ''}`
          : MISSING,
        a.kind === 'nondp' ? 'reference' : increase,
        a.kind === 'nondp' ? 'reference' : loss(a.arm, 'tpr', true),
        a.kind === 'nondp' ? 'reference' : loss(a.arm, 'ece', false),
      ],
    };
  });
  return {
    columns: [
      'Arm',
      'AUC [95 % CI]',
      'ΔAUC vs non-DP [paired CI]',
      `Largest disparity, groups n ≥ min size (absolute${measure ? `, ${measureWords(measure)} in every row` : ''})`,
      'Increase over non-DP (same measure)',
      'Worst group sensitivity loss',
      'Worst group ECE increase',
    ],
    rows,
  };
}

export function buildSummary(results: ResultsV1): SummaryView {
  const sentences: string[] = [];
  const lead: string[] = [];
  const arm = focusArm(results);
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const rec = results.recommendation;
  if (!arm) {
    sentences.push('No differentially private arm was trained, so there is no privacy–utility trade-off to summarise.');
  } else {
    lead.push(
      rec.epsilon !== null && arm.epsilon === rec.epsilon
        ? `Recommended: ${fmtEpsilon(arm.epsilon)}, the smallest tested ε within the tolerances below. This summary describes it.`
        : `None of the tested ε meets the tolerances (see “Recommended” below). This summary describes the largest tested, ${fmtEpsilon(arm.epsilon)}: the weakest privacy in the audit, not a recommendation.`,
    );
    const degenerate = results.arms.flatMap((a) => {
      const why = degenerateReason(a);
      return why ? [`${a.arm} ${why}`] : [];
    });
    if (degenerate.length > 0)
      lead.push(
        `Degenerate release model${degenerate.length > 1 ? 's' : ''}: ${degenerate.join('; ')}. Such a model treats every patient alike, so its small or zero disparity is not fairness and its ε buys no useful model.`,
      );
    const patient = epsilonForPatient(arm);
    if (patient) lead.push(patient);
    lead.push(...whoLosesWhat(results, arm));
    const gap = absoluteGapSentence(results, arm);
    if (gap) lead.push(gap);
    const eps = fmtEpsilon(arm.epsilon);
    const auc = arm.utility.auc.value;
    const base = nondp?.utility.auc.value ?? null;
    const parts: string[] = [];
    const p = (rec.pairedAuc ?? []).find((x) => x.arm === arm.arm);
    if (auc !== null && base !== null && base > 0) {
      let s = `At ${eps} the model keeps ${fmtPercent(auc / base)} of non-private AUC (${fmt(auc)} vs ${fmt(base)}`;
      if (p?.ci && p.ci.lo !== null && p.ci.hi !== null)
        s += `; paired ΔAUC ${fmt(p.delta)} ${fmtCi(p.ci)}${p.ci.lo <= 0 && p.ci.hi >= 0 ? ', not distinguishable from non-DP' : ''}`;
      parts.push(`${s})`);
    } else parts.push(`At ${eps} the model's AUC is ${auc === null ? 'not measured' : fmt(auc)}`);
    const lb = largestEpsilonLb(arm);
    const claimed = arm.privacy.epsilon ?? arm.epsilon;
    if (lb && claimed !== null) {
      // A bound below the claim is evidence only when the test could have exceeded it (docs/methods.md#untestable).
      const ceiling = readOneRun(arm.oneRun)?.ceiling ?? null;
      const below =
        ceiling !== null && ceiling <= claimed
          ? `below the guarantee, but the one-run test's ceiling (${fmt(ceiling, 2)}, every guess right) is at or below the claimed ${fmt(claimed, 2)}, so it could not have exceeded it; a low bound does not show safety`
          : 'below the guarantee (a low bound does not show safety)';
      parts.push(
        `measured leakage ε_lb = ${fmt(lb.value, 2)} (${lb.method}), ${lb.value > claimed ? 'ABOVE the guarantee: investigate the implementation' : below}`,
      );
    } else parts.push('empirical leakage was not measured');
    sentences.push(`${parts.join('; ')}.`);
    const violatedIn = (fed: boolean) =>
      results.arms.some(
        (a) => (a.kind === 'federated') === fed && (a.attacks ?? []).some((r) => readAttack(r)?.violation?.violated === true),
      );
    // A federated arm's check is recorded, not gated (its level is not the gate's family): said apart.
    if (violatedIn(true))
      sentences.push(
        'An attack on a federated arm exceeds the theoretical bound of its ε (a recorded check, not in the gate; see the federated section): treat that arm’s ε with suspicion.',
      );
    if (violatedIn(false))
      sentences.push(
        'At least one attack exceeds the theoretical DP bound (see Leakage): the implementation leaks more than its ε allows.',
      );
  }
  const same = rec.indistinguishable ?? [];
  const t = rec.tolerances;
  return {
    lead,
    sentences,
    // "Recommended: none." then the reason, which says why (it begins "no swept ε meets the tolerances"):
    // the callout would otherwise say it twice. A sentence starts with a capital.
    recommendedEpsilon: rec.epsilon === null ? 'none' : `ε = ${rec.epsilon}`,
    recommendationReason: rec.reason
      ? `${rec.reason.charAt(0).toUpperCase()}${rec.reason.slice(1)}${/[.!?]$/.test(rec.reason) ? '' : '.'}`
      : '',
    indistinguishable:
      rec.epsilon !== null && same.length > 0
        ? `By AUC the data cannot tell ε = ${rec.epsilon} apart from ${same.join(', ')}: their paired ΔAUC intervals against non-DP overlap, so a choice between them rests on privacy, fairness and calibration, not on accuracy.`
        : '',
    tolerances: `AUC ≥ ${fmtPercent(t.aucFraction)} of non-DP (--auc-tolerance); no disparity more than ${fmt(t.disparityIncrease, 2)} worse than non-DP (--disparity-tolerance)${t.groupTprLoss !== undefined ? `; no group (n ≥ min group size) losing more than ${fmt(t.groupTprLoss, 2)} of sensitivity (--max-group-tpr-loss)` : ''}${t.groupEceIncrease !== undefined ? ` or gaining more than ${fmt(t.groupEceIncrease, 2)} of calibration error, ECE (--max-group-ece-increase)` : ''}. These are policy choices, not findings: set them with the options named`,
    headline: headlineRows(results),
  };
}
