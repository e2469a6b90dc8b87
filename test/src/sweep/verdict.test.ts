import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_IDS } from '../../../src/gate/builtins.js';
import type { ResultsV1 } from '../../../src/results/types.js';
import { builtinVerdict, planConformance } from '../../../src/sweep/verdict.js';
import { fixture } from '../gate/fixture.js';
import { federatedArm } from '../../helpers/federated-arm.js';

const planned = { steps: 100, sampling: 'poisson', sampleRate: 0.05, noiseMultiplier: 1.25, maxGradNorm: 1 };

function withTrainer(r: ResultsV1, mismatches: number): ResultsV1 {
  r.trainer = {
    command: ['python3', 't.py'],
    version: null,
    libraries: [],
    conforms: mismatches === 0,
    arms: [
      {
        arm: 'dp@1',
        planned,
        models: 5,
        epsilon: 0.99,
        trainerEpsilon: { min: 1.2, max: 1.2 },
        mismatches: Array.from({ length: mismatches }, (_, m) => ({
          job: 's0/dp@1/models',
          model: m,
          field: 'noiseMultiplier',
          planned: 1.25,
          reported: 0.5,
        })),
      },
    ],
  };
  return r;
}

test('verdict: one plan-conformance check; without a trainer it is dpaudit’s own plan check', () => {
  const r = fixture();
  const v = builtinVerdict(r);
  const ids = v.checks.map((c) => c.id);
  assert.equal(ids.filter((id) => id === BUILTIN_IDS.planConformance).length, 1);
  assert.deepEqual(v.checks[0], planConformance(r));
  assert.ok(ids.includes(BUILTIN_IDS.oneRunEpsilon));
});

test('verdict: a trainer that changed σ fails plan conformance, naming both values and the trainer’s own ε', () => {
  const own = planConformance(fixture());
  const bad = builtinVerdict(withTrainer(fixture(), 2)).checks.find((c) => c.id === BUILTIN_IDS.planConformance);
  assert.equal(bad?.status, 'fail');
  assert.ok(bad?.summary.startsWith(own.summary));
  assert.match(bad?.summary ?? '', /noiseMultiplier: plan 1\.25, trainer 0\.5/);
  assert.match(bad?.summary ?? '', /trainer's ε 1\.2 beside dpaudit's 0\.99/);
  const ok = builtinVerdict(withTrainer(fixture(), 0)).checks.find((c) => c.id === BUILTIN_IDS.planConformance);
  assert.equal(ok?.status, own.status);
  assert.match(ok?.summary ?? '', /trainer's ε 1\.2 beside dpaudit's 0\.99/);
});

test('plan conformance: federated DP arms carry σ > 0 from their own plan and pass; fed-none is a reference arm', () => {
  const r = fixture();
  r.arms.push(
    federatedArm(r, 'fed-none', 'none', 0),
    federatedArm(r, 'fed-local@1', 'local-dp', 4.915978884709195),
    federatedArm(r, 'fed-server@1', 'server-dp', 11.88725359877482),
  );
  const c = planConformance(r);
  assert.equal(c.status, 'pass', c.summary);
  const dpArms = r.arms.filter((a) => a.kind === 'dp').length + 2;
  assert.match(c.summary, new RegExp(`: ${dpArms} DP arm\\(s\\) conform \\(2 federated`));
});

test('plan conformance: a federated DP arm without noise, a site above target or a noisy fed-none fails, numbers rounded', () => {
  const r = fixture();
  const local = federatedArm(r, 'fed-local@1', 'local-dp', 4.915978884709195);
  const sites = local.privacy.federation!.sites as { noiseMultiplier: number; epsilon: number | null }[];
  sites[1]!.noiseMultiplier = 0;
  sites[0]!.epsilon = 1.23456789;
  const server = federatedArm(r, 'fed-server@1', 'server-dp', 11.88725359877482);
  server.privacy.federation!.serverNoiseMultiplier = 0;
  const none = federatedArm(r, 'fed-none', 'none', 0.123456789);
  r.arms.push(local, server, none);
  const c = planConformance(r);
  assert.equal(c.status, 'fail');
  assert.match(c.summary, /fed-local@1: site b noise multiplier σ = 0\.000(;|$)/);
  assert.match(c.summary, /fed-local@1: site a ε 1\.235 > target 1(;|$)/);
  assert.match(c.summary, /fed-server@1: server noise multiplier σ = 0\.000(;|$)/);
  assert.match(c.summary, /fed-none: noise σ = 0\.123 on a reference arm/);
  assert.ok(!/fed-local@1: noise σ|fed-server@1: noise σ/.test(c.summary), 'a federated DP arm is not a reference arm');
  assert.ok(!/\d\.\d{5,}/.test(c.summary), `unrounded number in: ${c.summary}`);
});
