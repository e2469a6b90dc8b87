import type { PreparedDataset } from '../../../src/data/types.js';
import { recordUnits } from '../../../src/data/units.js';
import type { FederationPlan, SiteAssignment } from '../../../src/train/federated/types.js';
import type { PrivacyPlan } from '../../../src/train/plan.js';
import type { ArmResult } from '../../../src/results/types.js';
import type { JobOutput, ModelsJobOutput } from '../../../src/sweep/job.js';
import type { SweepOptions } from '../../../src/sweep/options.js';
import type { FederationInput } from '../../../src/sweep/federation.js';

/** Deterministic pseudo-random numbers in [0, 1) (a fixed LCG: the fixture never changes). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const SITE_NAMES = ['north', '<script>alert(1)</script>', 'east', 'tiny'];
/** Pool and test rows per site: `tiny` is below the suppression threshold (11), `east` is the smallest visible site. */
export const POOL_PER_SITE = [60, 50, 40, 6];
export const TEST_PER_SITE = [45, 40, 30, 5];
export const M = 6;
export const AUDIT_SITE = 1;

export const OPTS = {
  attacks: ['loss', 'lira-online'],
  liraVariance: 'auto',
  liraAggregate: 'mean',
  liraOffline: 'paper',
  rmiaGamma: 1,
  boundMethod: 'split',
  bootstrap: 200,
  rootSeed: 1,
  minGroupSize: 30,
  suppressBelow: 11,
  seeds: 1,
} as unknown as SweepOptions;

function fedPlan(mode: FederationPlan['mode'], epsilon: number | null): FederationPlan {
  return {
    mode,
    source: { kind: 'column', column: 'region' },
    config: { rounds: 3, localEpochs: 1, siteRate: 1, updateClip: 1, auditSite: AUDIT_SITE },
    sites: [],
    serverNoiseMultiplier: 0,
    level: mode === 'none' ? null : mode === 'server-dp' ? 'site' : 'record',
    epsilon,
    recordEpsilon: mode === 'server-dp' ? epsilon : null,
    notes: [],
  };
}

function plan(arm: string, targetEpsilon: number | null, federation?: FederationPlan): PrivacyPlan {
  return { arm, targetEpsilon, delta: 1e-5, ...(federation ? { federation } : {}) } as unknown as PrivacyPlan;
}

/**
 * A federated sweep in miniature: 4 sites, a fleet of M models on hand-made masks whose logits move towards
 * the label where a row is IN (more so in the audited site's last-round update), centralised arms nondp and
 * dp@1 and federated arms fed-none and fed-local@1.
 */
export function federationInput(): FederationInput & { sites: SiteAssignment } {
  const rand = lcg(7);
  const nPool = POOL_PER_SITE.reduce((a, b) => a + b, 0);
  const nTest = TEST_PER_SITE.reduce((a, b) => a + b, 0);
  const N = nPool + nTest;
  const siteOfRow = new Int32Array(N);
  let r = 0;
  for (let s = 0; s < 4; s++) for (let k = 0; k < POOL_PER_SITE[s]; k++) siteOfRow[r++] = s;
  for (let s = 0; s < 4; s++) for (let k = 0; k < TEST_PER_SITE[s]; k++) siteOfRow[r++] = s;
  const y = Uint8Array.from({ length: N }, () => (rand() < 0.4 ? 1 : 0));
  const train = Int32Array.from({ length: nPool }, (_, i) => i);
  const test = Int32Array.from({ length: nTest }, (_, i) => nPool + i);
  const ds = {
    y,
    splits: { train, test, validation: new Int32Array(0) },
    groups: [],
    units: recordUnits(N),
  } as unknown as PreparedDataset;
  const sites: SiteAssignment = { source: { kind: 'column', column: 'region' }, names: SITE_NAMES, siteOfRow };
  const sign = (i: number) => (y[i] === 1 ? 1 : -1);
  const models = (arm: string, strength: number, withUpdate: boolean): ModelsJobOutput => {
    const inMask = Uint8Array.from({ length: M * nPool }, () => (rand() < 0.5 ? 1 : 0));
    const base = (i: number) => 0.8 * sign(i) + (rand() - 0.5) * 2;
    const poolLogits = new Float32Array(M * nPool);
    const poolBefore = new Float32Array(M * nPool);
    const poolAfter = new Float32Array(M * nPool);
    for (let m = 0; m < M; m++)
      for (let i = 0; i < nPool; i++) {
        const k = m * nPool + i;
        const b = base(train[i]);
        poolBefore[k] = b + strength * 0.5 * inMask[k] * sign(train[i]);
        poolAfter[k] =
          poolBefore[k] + (siteOfRow[train[i]] === AUDIT_SITE ? 1.5 * strength * inMask[k] * sign(train[i]) : 0) + (rand() - 0.5) * 0.2;
        poolLogits[k] = b + strength * inMask[k] * sign(train[i]);
      }
    const testLogits = Float32Array.from({ length: M * nTest }, (_, k) => base(test[k % nTest]));
    const testAfter = Float32Array.from(testLogits, (v) => v + (rand() - 0.5) * 0.2);
    // The release model: better on site `north`, worse on the others (per-site utility differs).
    const release = Float32Array.from(test, (i) => (siteOfRow[i] === 0 ? 2 : 0.6) * sign(i) + (rand() - 0.5) * 3);
    return {
      kind: 'models',
      id: `s0/${arm}/models`,
      arm,
      seedIndex: 0,
      release: {
        validationLogits: new Float32Array(0),
        testLogits: release,
        emptySteps: 0,
        meanBatchSize: 1,
        optimizerSteps: 1,
        spec: null,
        params: null,
        encoder: null,
      },
      fleet: { nModels: M, poolLogits, testLogits, inMask },
      ...(withUpdate
        ? { siteUpdate: { site: AUDIT_SITE, round: 2, nModels: M, poolBefore, poolAfter, testBefore: testLogits, testAfter } }
        : {}),
      seconds: 0,
      examples: 0,
    };
  };
  const plans = [
    plan('nondp', null),
    plan('dp@1', 1),
    plan('fed-none', null, fedPlan('none', null)),
    plan('fed-local@1', 1, fedPlan('local-dp', 1)),
  ];
  const outputs = new Map<string, JobOutput>();
  outputs.set('s0/nondp/models', models('nondp', 1, false));
  outputs.set('s0/dp@1/models', models('dp@1', 0.3, false));
  outputs.set('s0/fed-none/models', models('fed-none', 1, true));
  outputs.set('s0/fed-local@1/models', models('fed-local@1', 0.3, true));
  const arm = (id: string, auc: number): ArmResult =>
    ({
      arm: id,
      utility: { auc: { value: auc, ci: { lo: auc - 0.05, hi: auc + 0.05 } }, accuracy: { value: 0.7 }, threshold: 0.5 },
      attacks: [{ attack: 'lira-online', auc: 0.6, epsilonBounds: [{ method: 'clopper-pearson-split', epsilonLb: 0.4 }] }],
    }) as unknown as ArmResult;
  const arms = [arm('nondp', 0.8), arm('dp@1', 0.7), arm('fed-none', 0.78), arm('fed-local@1', 0.68)];
  return { opts: OPTS, ds, sites, plans, outputs, arms };
}
