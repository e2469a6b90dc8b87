import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_IDS } from '../../../src/gate/builtins.js';
import type { ResultsV1 } from '../../../src/results/types.js';
import { builtinVerdict, planConformance } from '../../../src/sweep/verdict.js';
import { fixture } from '../gate/fixture.js';

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
