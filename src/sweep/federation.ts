import type { GroupAttribute, PreparedDataset } from '../data/types.js';
import type { FederationPlan, SiteAssignment } from '../train/federated/types.js';
import { describeSiteSource, hiddenSites, siteCounts, siteRates, suppressionUnits } from '../data/sites.js';
import type { PrivacyPlan } from '../train/plan.js';
import { computeFairness, computeFairnessDeltas, type GroupEntry, type Interval } from '../../metrics/fairness/index.js';
import {
  LOSS_LOWER_IS_BETTER,
  type DeltaGroupEntry,
  type DeltaReport,
  type FairnessReport,
  type RateKey,
} from '../../metrics/fairness/types.js';
import type {
  ArmResult,
  Estimate,
  FederationArm,
  FederationResults,
  FederationSite,
  FederationSiteUtility,
  FederationWhoPays,
} from '../results/types.js';
import { fairnessOptions, predictionsAt } from './arm-fairness.js';
import { federationAttack, siteLeakage } from './federated-attacks.js';
import type { JobOutput, ModelsJobOutput } from './job.js';
import type { SweepOptions } from './options.js';

/**
 * The `federation` section of results.json (docs/methods.md#federated): the sites, the FedAvg settings, and per
 * federated arm its privacy unit and level, global and per-site utility (site as a group,
 * docs/methods.md#fairness-metrics), who pays per site for federation and for DP, the leakage of the audited
 * site's update vs of the final model (docs/methods.md#federated), and the centralised arm at the same ε.
 * Aggregates only: no per-example values; sites with a count below the suppression threshold are hidden.
 */

/** The federated part of a plan (absent on centralised arms). */
export function federationOf(plan: PrivacyPlan): FederationPlan | null {
  return plan.federation ?? null;
}

/** Site of each of the given dataset rows. */
export function sitesOf(sites: SiteAssignment, rows: Int32Array): Int32Array {
  return Int32Array.from(rows, (i) => sites.siteOfRow[i]);
}

export { hiddenSites } from '../data/sites.js';

/**
 * Site sizes (training pool and test split, rows) and positive rate over both, suppressed as `inspect --sites`
 * does (docs/methods.md#suppression): a site is hidden when its pool or its test split holds 0 < n < k units —
 * patients when the data has patient ids (a site of 30 rows from 4 patients is small), else rows — or by
 * complementary suppression over the sites (the split totals are published, so a hidden site must not be
 * their total minus the sites shown). The rate is hidden (null) when either class is a suppressed cell.
 */
export function siteSizes(
  sites: SiteAssignment,
  ds: Pick<PreparedDataset, 'splits' | 'y' | 'units'>,
  suppressBelow: number,
  minGroupSize: number,
): FederationSite[] {
  const units = suppressionUnits(ds);
  const train = siteCounts(sites, ds.splits.train);
  const test = siteCounts(sites, ds.splits.test);
  const trainUnits = units ? siteCounts(sites, ds.splits.train, units) : train;
  const testUnits = units ? siteCounts(sites, ds.splits.test, units) : test;
  // Train and test rows in one array, without a JavaScript array of every row between.
  const both = new Int32Array(ds.splits.train.length + ds.splits.test.length);
  both.set(ds.splits.train);
  both.set(ds.splits.test, ds.splits.train.length);
  const rate = siteRates(sites, both, ds.y, suppressBelow, units);
  const hidden = hiddenSites(
    sites.names.map((_, s) => [trainUnits[s], testUnits[s]]),
    suppressBelow,
  );
  return sites.names.map((site, s) =>
    hidden[s]
      ? { site, suppressed: true as const }
      : {
          site,
          suppressed: false as const,
          train: train[s],
          test: test[s],
          positiveRate: rate[s],
          small: test[s] < minGroupSize,
        },
  );
}

const est = (value: number | null, ci: Interval | null | undefined): Estimate => ({
  value,
  ...(ci ? { ci: { lo: ci.lower, hi: ci.upper } } : {}),
});

/** The site attribute of the test rows, as a sensitive attribute for the fairness engine. */
export function siteGroup(names: string[], siteOfTest: Int32Array): GroupAttribute[] {
  return [{ name: 'site', codes: siteOfTest, levels: names }];
}

/** Per-site utility with bootstrap CIs, from the fairness engine's site grouping (suppression included). */
export function siteUtility(report: FairnessReport): { sites: FederationSiteUtility[]; worst: FederationArm['worstSite'] } {
  const g = report.groupings[0];
  const sites: FederationSiteUtility[] = g.groups.map((cell) => {
    const site = cell.values.site;
    if ('suppressed' in cell) return { site, suppressed: true as const };
    const e = cell as GroupEntry;
    const m = e.metrics;
    return {
      site,
      suppressed: false as const,
      n: m.count,
      nPos: m.nPos ?? 0,
      small: e.flags.smallGroup,
      auc: est(m.rocAuc, e.ci?.rocAuc),
      accuracy: est(m.accuracy, e.ci?.accuracy),
      tpr: est(m.tpr, e.ci?.tpr),
      fpr: est(m.fpr, e.ci?.fpr),
    };
  });
  // Worst site: excluding small sites when any large site has a defined AUC, else over all shown sites.
  const big = g.worstExcludingSmall.rocAuc;
  const useBig = big.value !== null && !big.suppressed;
  const w = useBig ? big : g.worst.rocAuc;
  const worst = {
    site: w.suppressed ? null : (w.values?.site ?? null),
    auc: w.suppressed ? null : w.value,
    ci: !w.suppressed && w.ci ? { lo: w.ci.lower, hi: w.ci.upper } : null,
    excludingSmall: useBig,
  };
  return { sites, worst };
}

const LOSS_KEYS = { auc: 'rocAuc', accuracy: 'accuracy', tpr: 'tpr', fpr: 'fpr' } as const satisfies Record<string, RateKey>;

/** Loss with the paired-bootstrap CI of the delta turned into a CI of the loss (sign flipped where loss = −delta). */
function lossEstimates(loss: Record<RateKey, number | null>, ci: { [K in RateKey]: Interval | null } | undefined) {
  const out = {} as Record<keyof typeof LOSS_KEYS, Estimate>;
  for (const [name, key] of Object.entries(LOSS_KEYS) as [keyof typeof LOSS_KEYS, RateKey][]) {
    const c = ci?.[key] ?? null;
    const sameSign = LOSS_LOWER_IS_BETTER.includes(key); // loss = delta (fpr) or −delta (the others)
    out[name] = est(loss[key], c ? (sameSign ? c : { ...c, lower: -c.upper, upper: -c.lower }) : null);
  }
  return out;
}

/** Who pays per site: the DeltaReport of the site grouping in the results form. */
export function siteWhoPays(kind: FederationWhoPays['kind'], baseline: string, d: DeltaReport): FederationWhoPays {
  const g = d.groupings[0];
  const sites = g.groups.map((cell) => {
    const site = cell.values.site;
    if ('suppressed' in cell) return { site, suppressed: true as const };
    const e = cell as DeltaGroupEntry;
    return { site, suppressed: false as const, n: e.count, small: e.flags.smallGroup, loss: lossEstimates(e.loss, e.ci) };
  });
  const above = (g.exceedsOverall.rocAuc ?? []).map((v) => v.site);
  const bigShown = new Set(sites.filter((s) => !s.suppressed && !s.small).map((s) => s.site));
  return {
    kind,
    baseline,
    overall: lossEstimates(d.overall.loss, d.overall.ci),
    sites,
    aucLossAboveOverall: above.filter((s) => bigShown.has(s)),
  };
}

/** Plain sentence naming the privacy unit and level of an arm's ε. */
export function privacySentence(arm: string, fp: FederationPlan, nSites: number, delta: number): string {
  const eps = (e: number | null) => (e === null ? '∞' : e.toPrecision(3).replace(/\.?0+$/, ''));
  switch (fp.mode) {
    case 'none':
      return `${arm}: federation without DP — no formal guarantee; keeping records at their sites does not stop the server or the final model from leaking them.`;
    case 'local-dp':
      return `${arm}: ε = ${eps(fp.epsilon)} (δ = ${delta}) protects one ${fp.level === 'patient' ? 'patient (all of its rows)' : 'record'} of a site, over all local steps of all ${fp.config.rounds} rounds (each site runs DP-SGD on its own rows; sites are disjoint, so the worst site's ε applies); it holds against the server too, which sees each site's update.`;
    case 'server-dp':
      return `${arm}: ε = ${eps(fp.epsilon)} (δ = ${delta}) protects a whole site (all of its records at once), against anyone who sees the final model but not against the server, which sees each site's raw update; the record-level consequence is ε ≤ ${eps(fp.recordEpsilon ?? fp.epsilon)}.${nSites < 100 ? ` With ${nSites} sites a site-level guarantee needs noise of the size of a whole site's update: a small ε leaves little utility, a usable model a weak guarantee.` : ''}`;
  }
}

export interface FederationInput {
  opts: SweepOptions;
  ds: PreparedDataset;
  sites: SiteAssignment;
  plans: PrivacyPlan[];
  outputs: Map<string, JobOutput>;
  arms: ArmResult[];
}

/** The `federation` section, or null when the sweep has no federated arm. */
export function federationSection(input: FederationInput): FederationResults | null {
  const { opts, ds, sites, plans, outputs, arms } = input;
  const fedPlans = plans.filter((p) => federationOf(p) !== null);
  if (fedPlans.length === 0) return null;
  const first = federationOf(fedPlans[0]) as FederationPlan;
  const yTest = Uint8Array.from(ds.splits.test, (i) => ds.y[i]);
  const groups = siteGroup(sites.names, sitesOf(sites, ds.splits.test));
  const siteOfPool = sitesOf(sites, ds.splits.train);
  const armById = new Map(arms.map((a) => [a.arm, a]));
  const release = (arm: string) => outputs.get(`s0/${arm}/models`) as ModelsJobOutput | undefined;
  const preds = (arm: string) => {
    const out = release(arm);
    const res = armById.get(arm);
    return out && res ? predictionsAt(out.release.testLogits, res.utility.threshold) : null;
  };
  const sizes = siteSizes(sites, ds, opts.suppressBelow, opts.minGroupSize);
  const shownSite = (s: number) => !sizes[s].suppressed;
  const fedNone = fedPlans.find((p) => federationOf(p)?.mode === 'none')?.arm ?? null;
  const out: FederationArm[] = fedPlans.map((plan) => {
    const fp = federationOf(plan) as FederationPlan;
    const res = armById.get(plan.arm) as ArmResult;
    // The arm's own bootstrap unit: whole patients when the unit is the patient or ids repeat (docs/methods.md#bootstrap).
    const fairOpts = fairnessOptions(opts, ds, plan);
    const p = preds(plan.arm);
    const report = p ? computeFairness({ yTrue: yTest, yPred: p.pred, yScore: p.prob, groups }, fairOpts) : null;
    const util = report ? siteUtility(report) : { sites: [], worst: { site: null, auc: null, ci: null, excludingSmall: false } };
    const whoPays: FederationWhoPays[] = [];
    const pay = (kind: FederationWhoPays['kind'], baseline: string) => {
      const b = preds(baseline);
      if (!p || !b) return;
      whoPays.push(
        siteWhoPays(
          kind,
          baseline,
          computeFairnessDeltas(yTest, { yPred: b.pred, yScore: b.prob }, { yPred: p.pred, yScore: p.prob }, groups, fairOpts),
        ),
      );
    };
    if (fp.mode === 'none') pay('federation', 'nondp');
    else if (fedNone) pay('dp', fedNone);
    const releases = Array.from(
      { length: opts.seeds },
      (_, s) => outputs.get(`s${s}/${plan.arm}/models`) as ModelsJobOutput | undefined,
    ).filter((x): x is ModelsJobOutput => x !== undefined);
    const leak = siteLeakage(opts, ds, plan, releases, siteOfPool);
    const centralId = fp.mode === 'none' ? 'nondp' : plan.targetEpsilon !== null ? `dp@${plan.targetEpsilon}` : null;
    const central = centralId ? armById.get(centralId) : undefined;
    const cHead = central?.attacks.find((a) => a.attack === (leak?.headline.finalModel ?? central.attacks[0]?.attack)) ?? null;
    return {
      arm: plan.arm,
      mode: fp.mode,
      level: fp.level,
      targetEpsilon: plan.targetEpsilon,
      epsilon: fp.epsilon,
      recordEpsilon: fp.recordEpsilon,
      delta: plan.delta,
      privacySentence: privacySentence(plan.arm, fp, sites.names.length, plan.delta),
      notes: fp.notes,
      auc: res.utility.auc,
      accuracy: res.utility.accuracy,
      worstSite: util.worst,
      sites: util.sites,
      whoPays,
      leakage: leak
        ? {
            auditSite: sites.names[leak.auditSite] ?? String(leak.auditSite),
            candidates: shownSite(leak.auditSite) ? leak.candidates : null,
            finalModel: leak.finalModel.map((s) => federationAttack(s, 'final-model')),
            siteUpdate: leak.siteUpdate.map((s) => federationAttack(s, 'site-update')),
            headline: leak.headline,
          }
        : null,
      centralised: central
        ? {
            arm: central.arm,
            auc: central.utility.auc,
            attack: cHead?.attack ?? null,
            attackAuc: cHead?.auc ?? null,
            epsilonLb: cHead?.epsilonBounds.find((b) => b.method.startsWith('clopper-pearson'))?.epsilonLb ?? null,
          }
        : null,
    };
  });
  const notes = [
    'Per-site utility: the global model of each arm on the test rows of each site (site as a group; 95 % percentile-bootstrap intervals, resampled within sites).',
    "Leakage: the same attacks on the audited site's training-pool rows, once on the final global model and once on the site's last-round update as the server sees it (global model before the round and the site's local model after it); scores pooled over the fleet's models as targets, the other models' updates as shadow updates.",
    'ε lower bounds: Clopper–Pearson (multi-run, assumes independent trials); the headline attacks were fixed in advance, the others are listed for comparison (the largest of several is not a valid bound).',
    "Attack AUC intervals resample (model, row) pairs as if independent: with a small fleet they understate the spread between models, so an AUC slightly below 0.5 is noise, not protection. The update attacked is the last round's only; the server sees every round.",
  ];
  if (out.some((a) => a.mode === 'server-dp'))
    notes.push(
      'Server-side DP protects against those who see the final model, not against the server: the update attack on a server-dp arm measures what the server itself can learn.',
    );
  return {
    source: describeSiteSource(sites.source),
    sites: sizes,
    config: {
      rounds: first.config.rounds,
      localEpochs: first.config.localEpochs,
      siteRate: first.config.siteRate,
      updateClip: first.config.updateClip,
      auditSite: sites.names[first.config.auditSite] ?? String(first.config.auditSite),
    },
    arms: out,
    notes,
  };
}
