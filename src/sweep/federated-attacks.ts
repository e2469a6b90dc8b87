import type { PreparedDataset } from '../data/types.js';
import type { PrivacyPlan } from '../train/plan.js';
import { runAttack } from '../../attacks/run.js';
import { restrictFleet, runUpdateAttack, siteUpdateSignals, UPDATE_ATTACK_NAMES } from '../../attacks/site-update.js';
import type { AttackName, AttackResult, FleetSignals } from '../../attacks/types.js';
import { summarizeAttack, type AttackSummary } from '../../metrics/attack-summary.js';
import type { FederationAttack } from '../results/types.js';
import { FLEET_BOUND_ATTACKS, fleetSignals, poolSeeds } from './analyze-attacks.js';
import type { ModelsJobOutput } from './job.js';
import type { SweepOptions } from './options.js';

/**
 * Leakage of one site's rows in a federated arm (docs/methods.md#federated): the same attacks on the final
 * global model and on the audited site's last-round update as the server sees it, both restricted to the
 * site's training-pool rows, so that "leakage of updates vs of the final model" compares like with like.
 * - final model: every configured attack on the fleet's global models;
 * - site update: every configured attack on the site's local models (θ + Δ_s; RMIA's population = the test
 *   split under the same local models), plus `update-loss` and `update-lira` on the loss difference.
 * Scores are pooled over targets and seeds; no violation check (the federated arm's own attacks carry it).
 */
export interface SiteLeakage {
  auditSite: number;
  candidates: number;
  finalModel: AttackSummary[];
  siteUpdate: AttackSummary[];
  headline: { finalModel: string | null; siteUpdate: string | null };
}

/** Pre-registered headline on the update: the calibrated loss-difference attack. */
export const UPDATE_HEADLINE_ATTACK = 'update-lira';

/** The fleet of the site's local models (after the update) on the pool rows, with the test split as population. */
function afterSignals(base: FleetSignals, out: ModelsJobOutput): FleetSignals {
  const u = out.siteUpdate as NonNullable<ModelsJobOutput['siteUpdate']>;
  return {
    ...base,
    logits: u.poolAfter,
    ...(base.population ? { population: { ...base.population, logits: u.testAfter } } : {}),
  };
}

/**
 * Attacks on the audited site's rows of every seed whose job carried a site update; null when none did.
 * `siteOfPool` is the site of every training-pool row.
 */
export function siteLeakage(
  opts: SweepOptions,
  ds: PreparedDataset,
  plan: PrivacyPlan,
  releases: ModelsJobOutput[],
  siteOfPool: Int32Array,
): SiteLeakage | null {
  const withView = releases.filter((r) => r.fleet && r.siteUpdate);
  if (withView.length === 0) return null;
  const auditSite = (withView[0].siteUpdate as NonNullable<ModelsJobOutput['siteUpdate']>).site;
  const attackOpts = { variance: opts.liraVariance, centre: opts.liraAggregate, offline: opts.liraOffline, gamma: opts.rmiaGamma };
  const finals: Map<string, AttackResult[]> = new Map();
  const updates: Map<string, AttackResult[]> = new Map();
  const push = (m: Map<string, AttackResult[]>, r: AttackResult) => m.set(r.attack, [...(m.get(r.attack) ?? []), r]);
  let rows: Int32Array | null = null;
  for (const out of withView) {
    const base = fleetSignals(ds, out);
    const u = out.siteUpdate as NonNullable<ModelsJobOutput['siteUpdate']>;
    const view = siteUpdateSignals(
      { nModels: u.nModels, before: u.poolBefore, after: u.poolAfter, inMask: base.inMask },
      base.labels,
      siteOfPool,
      u.site,
    );
    rows = view.rows;
    const final = restrictFleet(base, rows);
    const after = restrictFleet(afterSignals(base, out), rows);
    for (const name of opts.attacks) {
      push(finals, runAttack(name as AttackName, final, attackOpts));
      push(updates, runAttack(name as AttackName, after, attackOpts));
    }
    for (const name of UPDATE_ATTACK_NAMES) push(updates, runUpdateAttack(name, view.signals, attackOpts));
  }
  const n = (rows as Int32Array).length;
  const summarise = (target: string) => (results: AttackResult[]) =>
    summarizeAttack(poolSeeds(results), n, {
      delta: plan.delta,
      epsilonSelection: opts.boundMethod,
      seed: [opts.rootSeed, 'federated-leakage', plan.arm, target],
      theory: null,
      minGroupSize: opts.minGroupSize,
      suppressBelow: opts.suppressBelow,
    });
  return {
    auditSite,
    candidates: n,
    finalModel: [...finals.values()].map(summarise('final-model')),
    siteUpdate: [...updates.values()].map(summarise('site-update')),
    headline: {
      finalModel: FLEET_BOUND_ATTACKS.find((a) => opts.attacks.includes(a)) ?? null,
      siteUpdate: UPDATE_HEADLINE_ATTACK,
    },
  };
}

/** The results.json form of one attack summary (no ROC, no per-group cells: the section compares leakage). */
export function federationAttack(s: AttackSummary, target: FederationAttack['target']): FederationAttack {
  const cp = s.epsilonBounds.find((b) => b.method.startsWith('clopper-pearson')) ?? null;
  return {
    attack: s.attack,
    target,
    nTargets: s.nTargets,
    nIn: s.nIn,
    nOut: s.nOut,
    auc: s.auc,
    aucCi: s.aucCi ? { lo: s.aucCi.lower, hi: s.aucCi.upper } : null,
    tprAtFpr: s.tprAtFpr,
    epsilonLb: cp?.epsilonLb ?? null,
    epsilonMethod: cp ? `${cp.method} (${cp.label})` : 'none (no members or no non-members)',
  };
}
