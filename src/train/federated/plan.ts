import { DpauditError } from '../../errors.js';
import type { PreparedDataset } from '../../data/types.js';
import { describeSiteSource, siteCounts } from '../../data/sites.js';
import { calibrateNoise, deltaWarning } from '../../privacy/calibrate.js';
import { epsilonFor } from '../../privacy/registry.js';
import type { TrainConfig } from '../config.js';
import { armId, samplingFor, type Arm, type PrivacyPlan } from '../plan.js';
import { resolvePrivacyUnit, unitBatchSize, unitCounts } from '../privacy-unit.js';
import type { FederationConfig, FederationMode, FederationPlan, SiteAssignment, SitePlan } from './types.js';
import type { FED_MODE_CHOICES } from '../../options/defs/federation.js';

/**
 * The accounting of a federated arm (docs/methods.md#federated).
 *
 * Every site s runs E local epochs per round as Poisson-sampled steps over its own training units n_s:
 * q_s = min(1, B/n_s), T_s = ⌈E·n_s/B⌉ (the centralised rule with E epochs over the site; under the patient unit B is
 * chosen from the site's n_s patients unless --batch-size is given, as for a centralised pool), for R rounds.
 * - `local-dp`: site s runs DP-SGD with its own σ_s, calibrated so that the R·T_s steps of the site reach the
 *   target ε with the configured accountant; a record (or patient) is held by one site only, so it is touched
 *   only by its site's steps (parallel composition over disjoint sites): the arm's ε is the largest site ε, at
 *   the level of the privacy unit. The accounting assumes the site takes part in every round (true for p = 1,
 *   conservative for p < 1).
 * - `server-dp` (DP-FedAvg): each round every site takes part with probability p; the server clips each site's
 *   update to S, sums, adds N(0, σ²S²) per coordinate and divides by p·K (K sites). A site's whole update is one
 *   unit: site-level ε from the same accountant with q = p, T = R. A record changes only its own site's update,
 *   so its ε is at most the site's (the record-level consequence, stated as such).
 * - `none`: federation only; no ε.
 */

export type FederatedArm = Extract<Arm, { kind: 'fed' }>;

/** The federated arms of a sweep: fed-none once, then fed-local@ε and fed-server@ε for every ε, per mode. */
export function federatedArms(modes: readonly FederationMode[], epsilons: readonly number[]): FederatedArm[] {
  const arms: FederatedArm[] = [];
  if (modes.includes('none')) arms.push({ kind: 'fed', mode: 'none' });
  for (const mode of ['local-dp', 'server-dp'] as const)
    if (modes.includes(mode)) for (const epsilon of epsilons) arms.push({ kind: 'fed', mode, epsilon });
  return arms;
}

/** Sites with fewer than this many sites make a site-level guarantee weak: said in plain words. */
const FEW_SITES = 100;

function fmt(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

/**
 * The plan of one federated arm. `assignment`: the site of every prepared row; `config`: rounds, local epochs,
 * site rate, update clip and the audited site. Throws a DpauditError naming --sites when a site has no
 * training rows.
 */
export function planFederatedArm(
  arm: FederatedArm,
  cfg: TrainConfig,
  ds: Pick<PreparedDataset, 'units' | 'ids' | 'splits'>,
  assignment: SiteAssignment,
  config: FederationConfig,
): PrivacyPlan {
  const unit = resolvePrivacyUnit(cfg.privacyUnit, ds);
  const pool = ds.splits.train;
  const K = assignment.names.length;
  if (!(config.auditSite >= 0 && config.auditSite < K))
    throw new DpauditError(`audited site ${config.auditSite} is not one of the ${K} sites`, { location: { option: 'audit-site' } });
  const rows = siteCounts(assignment, pool);
  const units = unit === 'patient' ? siteCounts(assignment, pool, ds.units.unitOfRow) : rows;
  const empty = assignment.names.filter((_, s) => rows[s] === 0);
  if (empty.length > 0)
    throw new DpauditError(
      `site${empty.length > 1 ? 's' : ''} ${empty.map((n) => JSON.stringify(n)).join(', ')} of ${describeSiteSource(assignment.source)} ${empty.length > 1 ? 'have' : 'has'} no training rows; every site must train (use ${assignment.source.kind === 'split' ? 'fewer sites or a larger dirichlet α' : 'a column whose every value has training rows, or --sites k'})`,
      { location: { option: assignment.source.kind === 'split' && assignment.source.split.kind === 'dirichlet' ? 'site-split' : 'sites' } },
    );
  const local = { ...cfg, epochs: config.localEpochs };
  const R = config.rounds;
  const target = arm.mode === 'none' ? null : arm.epsilon;
  const warnings: string[] = [...(assignment.warnings ?? [])];
  const notes: string[] = [];
  const sites: SitePlan[] = assignment.names.map((name, s) => {
    // Under the patient unit the site's batch is chosen from its patients, as a centralised pool's is.
    const batch = unitBatchSize(local, unit, units[s]);
    const { sampleRate, steps } = samplingFor(batch ? { ...local, batchSize: batch.value } : local, units[s]);
    let noiseMultiplier = 0;
    let epsilon: number | null = null;
    if (arm.mode === 'local-dp' && target !== null) {
      const cal = calibrateNoise({ targetEpsilon: target, delta: cfg.delta, sampleRate, steps: R * steps, accountant: cfg.accountant });
      noiseMultiplier = cal.noiseMultiplier;
      epsilon = cal.epsilon;
      const w = deltaWarning(cfg.delta, units[s]);
      if (w) warnings.push(`site ${JSON.stringify(name)}: ${w}`);
    }
    return { site: s, name, n: units[s], rows: rows[s], sampleRate, stepsPerRound: steps, noiseMultiplier, epsilon };
  });
  const a = sites[config.auditSite];
  const unitWord = unit === 'patient' ? 'patient' : 'record';
  let fed: FederationPlan;
  let top: Pick<PrivacyPlan, 'sampleRate' | 'steps' | 'noiseMultiplier' | 'clip' | 'epsilon' | 'epsilonRdp' | 'rdpOrder'>;
  if (arm.mode === 'local-dp' && target !== null) {
    // Parallel composition over disjoint sites: the largest site ε; RDP beside it, also the largest.
    let worst = sites[0];
    for (const s of sites) if ((s.epsilon ?? 0) > (worst.epsilon ?? 0)) worst = s;
    let rdpEps = -Infinity;
    let rdpOrder: number | null = null;
    for (const s of sites) {
      const r = epsilonFor({
        noiseMultiplier: s.noiseMultiplier,
        sampleRate: s.sampleRate,
        steps: R * s.stepsPerRound,
        delta: cfg.delta,
        accountant: 'rdp',
      });
      if (r.epsilon > rdpEps) {
        rdpEps = r.epsilon;
        rdpOrder = r.order ?? null;
      }
    }
    notes.push(
      `local-dp: every site runs DP-SGD on its own ${unitWord}s (σ calibrated per site so that its R·T_s = ${R}·T_s local steps reach ε = ${target}); a ${unitWord} is held by one site only, so the arm's ε is the largest site ε, ${fmt(worst.epsilon as number)} (parallel composition). The updates the server sees are themselves DP: the guarantee holds against the server too.`,
    );
    if (config.siteRate < 1)
      notes.push(
        `local-dp with site rate p = ${config.siteRate}: the accounting assumes every site takes part in every round, which overstates a site's steps (a valid, conservative bound).`,
      );
    fed = {
      mode: 'local-dp',
      config,
      source: assignment.source,
      sites,
      serverNoiseMultiplier: 0,
      level: unit,
      epsilon: worst.epsilon,
      recordEpsilon: unit === 'record' ? worst.epsilon : null,
      notes,
    };
    top = {
      sampleRate: a.sampleRate,
      steps: R * a.stepsPerRound,
      noiseMultiplier: a.noiseMultiplier,
      clip: cfg.clip,
      epsilon: worst.epsilon,
      epsilonRdp: rdpEps,
      rdpOrder,
    };
  } else if (arm.mode === 'server-dp' && target !== null) {
    const p = config.siteRate;
    const cal = calibrateNoise({ targetEpsilon: target, delta: cfg.delta, sampleRate: p, steps: R, accountant: cfg.accountant });
    const rdp = epsilonFor({ noiseMultiplier: cal.noiseMultiplier, sampleRate: p, steps: R, delta: cfg.delta, accountant: 'rdp' });
    const perCoordinate = cal.noiseMultiplier / (p * K);
    notes.push(
      `server-dp: ε = ${fmt(cal.epsilon)} protects a whole site (all of one site's data) in the sequence of global models; the server itself sees every site's update before clipping and noise, so it must be trusted. A ${unitWord} changes only its own site's update, so a ${unitWord}'s ε is at most the site's (${fmt(cal.epsilon)}); it does not shrink with the site's size.`,
    );
    if (K < FEW_SITES)
      notes.push(
        `${K} sites: to hide a whole site the server adds noise of standard deviation σS/(pK) = ${fmt(perCoordinate)}·S to every coordinate of the averaged update, whose whole norm is at most S — the noise on one coordinate alone is ${perCoordinate >= 1 ? `${fmt(perCoordinate)} times` : 'of the order of'} the largest possible update. With few sites a site-level ε is weak protection bought at a large cost in accuracy; DP-FedAvg is designed for hundreds or thousands of sites.`,
      );
    if (cfg.delta * K >= 1) warnings.push(deltaWarning(cfg.delta, K) as string);
    fed = {
      mode: 'server-dp',
      config,
      source: assignment.source,
      sites,
      serverNoiseMultiplier: cal.noiseMultiplier,
      level: 'site',
      epsilon: cal.epsilon,
      recordEpsilon: cal.epsilon,
      notes,
    };
    top = {
      sampleRate: p,
      steps: R,
      noiseMultiplier: cal.noiseMultiplier,
      clip: config.updateClip,
      epsilon: cal.epsilon,
      epsilonRdp: rdp.epsilon,
      rdpOrder: rdp.order ?? null,
    };
  } else {
    notes.push(
      'none: federated averaging without DP. The records never leave their site, but the updates the server sees and the final model are not protected: both can leak membership.',
    );
    fed = {
      mode: 'none',
      config,
      source: assignment.source,
      sites,
      serverNoiseMultiplier: 0,
      level: null,
      epsilon: null,
      recordEpsilon: null,
      notes,
    };
    top = {
      sampleRate: a.sampleRate,
      steps: R * a.stepsPerRound,
      noiseMultiplier: 0,
      clip: null,
      epsilon: null,
      epsilonRdp: null,
      rdpOrder: null,
    };
  }
  const n = unit === 'patient' ? units.reduce((x, y) => x + y, 0) : pool.length;
  const counts = ds.units.kind === 'patient' ? unitCounts(pool, ds.units.unitOfRow) : null;
  if (counts && counts.maxRows > 1 && unit === 'record' && arm.mode === 'local-dp')
    warnings.push(
      `PRIVACY UNIT IS THE RECORD but patients repeat (up to ${counts.maxRows} rows, median ${counts.medianRows}): the local-dp ε of ${armId(arm)} protects one row, not one patient (use --privacy-unit patient)`,
    );
  return {
    arm: armId(arm),
    ...top,
    n,
    privacyUnit: unit,
    ...(counts && counts.maxRows > 1 ? { poolUnits: counts } : {}),
    targetEpsilon: target,
    accountant: cfg.accountant,
    delta: cfg.delta,
    deltaTimesN: cfg.delta * n,
    warnings: [...new Set(warnings)],
    federation: fed,
  };
}

/** The default audited site: the one with the most training rows (the first in site order on a tie). */
export function largestSite(assignment: Pick<SiteAssignment, 'names' | 'siteOfRow'>, pool: Int32Array): number {
  const c = siteCounts(assignment, pool);
  let best = 0;
  for (let s = 1; s < c.length; s++) if (c[s] > c[best]) best = s;
  return best;
}

// The option registry's list of modes must be exactly the implemented ones (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameModes: Same<FederationMode, (typeof FED_MODE_CHOICES)[number]> = true;
void sameModes;
