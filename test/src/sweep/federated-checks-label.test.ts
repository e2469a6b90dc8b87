import { test } from 'node:test';
import assert from 'node:assert/strict';
import { armAttacks, RECORDED_NOT_GATED } from '../../../src/sweep/analyze-attacks.js';
import type { CanaryJobOutput, ModelsJobOutput } from '../../../src/sweep/job.js';
import type { SweepOptions } from '../../../src/sweep/options.js';
import type { PrivacyPlan } from '../../../src/train/plan.js';
import { buildFederation, FEDERATED_CHECKS_NOTE } from '../../../reports/sections/federation.js';
import type { ResultsV1 } from '../../../src/results/types.js';
import { federationSection } from '../../../src/sweep/federation.js';
import { federationInput, OPTS } from './federation-fixture.js';

const input = federationInput();
const opts = { ...OPTS, attacks: ['loss'], epsilons: [1], masks: 'bernoulli', train: { accountant: 'rdp' } } as unknown as SweepOptions;
/** A DP arm's accounting (σ = 1, q = 0.1, 100 steps at ε target 1): a theory curve to check against. */
const dpPlan = (federated: boolean): PrivacyPlan =>
  ({
    arm: federated ? 'fed-local@1' : 'dp@1',
    targetEpsilon: 1,
    delta: 1e-5,
    noiseMultiplier: 1,
    sampleRate: 0.1,
    steps: 100,
    clip: 1,
    privacyUnit: 'record',
    ...(federated ? { federation: { mode: 'local-dp' } } : {}),
  }) as unknown as PrivacyPlan;

test('violation checks of a federated DP arm are labelled recorded, not gated; a centralised DP arm’s are not', () => {
  const release = input.outputs.get('s0/fed-local@1/models') as ModelsJobOutput;
  const fed = armAttacks(opts, input.ds, dpPlan(true), [release], []);
  const central = armAttacks(opts, input.ds, dpPlan(false), [release], []);
  const fv = fed.summaries[0].violation;
  const cv = central.summaries[0].violation;
  assert.ok(fv && cv);
  assert.ok(fv.method.endsWith(`; ${RECORDED_NOT_GATED}`), fv.method);
  assert.ok(!cv.method.includes('not gated'), cv.method);
  // Same check otherwise: the label is the only difference.
  assert.equal(fv.method.slice(0, cv.method.length), cv.method);
  assert.equal(fv.violated, cv.violated);
});

test('the one-run audit of a federated DP arm is labelled recorded, not gated; the numbers are the centralised ones', () => {
  const release = input.outputs.get('s0/fed-local@1/models') as ModelsJobOutput;
  const m = 200;
  const included = Uint8Array.from({ length: m }, (_, j) => ((j * 7) % 3 === 0 ? 1 : 0));
  const scores = Float64Array.from({ length: m }, (_, j) => included[j] + ((j * 13) % 17) / 17);
  const canary: CanaryJobOutput = {
    kind: 'canary',
    id: 'c',
    arm: 'a',
    seedIndex: 0,
    m,
    canaryKind: 'ood',
    included,
    scores,
  } as CanaryJobOutput;
  const fed = armAttacks(opts, input.ds, dpPlan(true), [release], [canary]).oneRun;
  const central = armAttacks(opts, input.ds, dpPlan(false), [release], [canary]).oneRun;
  assert.ok(fed && central);
  assert.equal(fed.label, `${central.label}; ${RECORDED_NOT_GATED}`);
  assert.equal(fed.details.gated, false);
  assert.equal(central.details.gated, undefined);
  assert.equal(fed.epsilonLb, central.epsilonLb);
});

test('the federated section of the report says the federated DP arms’ checks are recorded only', () => {
  const section = federationSection(input);
  const view = buildFederation({ federation: section, suppressBelow: 11 } as unknown as ResultsV1);
  assert.ok(view?.notes.includes(FEDERATED_CHECKS_NOTE));
  const noneOnly = { ...section!, arms: section!.arms.filter((a) => a.mode === 'none') };
  assert.ok(!buildFederation({ federation: noneOnly, suppressBelow: 11 } as unknown as ResultsV1)?.notes.includes(FEDERATED_CHECKS_NOTE));
});
