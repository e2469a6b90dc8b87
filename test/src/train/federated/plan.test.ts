import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordUnits } from '../../../../src/data/units.js';
import { DpauditError } from '../../../../src/errors.js';
import { epsilonFor } from '../../../../src/privacy/registry.js';
import { trainDefaults, type TrainConfig } from '../../../../src/train/config.js';
import { armId, parseArmId, type Arm } from '../../../../src/train/plan.js';
import { federatedArms, largestSite, planFederatedArm } from '../../../../src/train/federated/plan.js';
import type { FederationConfig, SiteAssignment } from '../../../../src/train/federated/types.js';

const cfg: TrainConfig = { ...trainDefaults, batchSize: 64, delta: 1e-5, accountant: 'prv' };

/** 1000 rows: pool = the first 700, sites of 100, 250, 350 pool rows (and the rest spread). */
function setup() {
  const n = 1000;
  const siteOfRow = new Int32Array(n);
  for (let i = 0; i < n; i++) siteOfRow[i] = i < 100 ? 0 : i < 350 ? 1 : i < 700 ? 2 : i % 3;
  const assignment: SiteAssignment = {
    source: { kind: 'split', k: 3, split: { kind: 'iid' } },
    names: ['a', 'b', 'c'],
    siteOfRow,
  };
  const ds = {
    units: recordUnits(n),
    splits: {
      train: Int32Array.from({ length: 700 }, (_, i) => i),
      validation: new Int32Array(0),
      test: Int32Array.from({ length: 300 }, (_, i) => 700 + i),
    },
  };
  return { ds, assignment };
}

const config: FederationConfig = { rounds: 5, localEpochs: 2, siteRate: 1, updateClip: 0.5, auditSite: 1 };

test('arm ids of federated arms round-trip; the sweep lists fed-none, then fed-local@ε and fed-server@ε', () => {
  const arms = federatedArms(['none', 'local-dp', 'server-dp'], [1, 4]);
  assert.deepEqual(arms.map(armId), ['fed-none', 'fed-local@1', 'fed-local@4', 'fed-server@1', 'fed-server@4']);
  for (const a of arms) assert.deepEqual(parseArmId(armId(a)), a as Arm);
  assert.deepEqual(federatedArms(['server-dp'], [2]).map(armId), ['fed-server@2']);
  assert.throws(() => parseArmId('fed-local@0'), DpauditError);
});

test('local-dp: per site q_s = B/n_s, T_s = ⌈E·n_s/B⌉, and ε_s is the accountant’s ε of R·T_s steps at σ_s; headline = max', () => {
  const { ds, assignment } = setup();
  const plan = planFederatedArm({ kind: 'fed', mode: 'local-dp', epsilon: 2 }, cfg, ds, assignment, config);
  const f = plan.federation!;
  assert.equal(f.mode, 'local-dp');
  assert.equal(f.level, 'record');
  const sizes = [100, 250, 350];
  for (const [s, n] of sizes.entries()) {
    const sp = f.sites[s];
    assert.equal(sp.n, n);
    assert.equal(sp.sampleRate, 64 / n);
    assert.equal(sp.stepsPerRound, Math.ceil((2 * n) / 64)); // 4, 8, 11
    const e = epsilonFor({
      noiseMultiplier: sp.noiseMultiplier,
      sampleRate: sp.sampleRate,
      steps: 5 * sp.stepsPerRound,
      delta: 1e-5,
      accountant: 'prv',
    });
    assert.ok(Math.abs(e.epsilon - (sp.epsilon as number)) < 1e-9 * e.epsilon + 1e-12, `site ${s}: ${e.epsilon} vs ${sp.epsilon}`);
    assert.ok((sp.epsilon as number) <= 2 && (sp.epsilon as number) >= 2 * (1 - 0.005));
  }
  assert.deepEqual(
    f.sites.map((s) => s.stepsPerRound),
    [4, 8, 11],
  );
  assert.equal(f.epsilon, Math.max(...f.sites.map((s) => s.epsilon as number)));
  assert.equal(plan.epsilon, f.epsilon);
  // Top level: the audited site's mechanism.
  assert.equal(plan.sampleRate, 64 / 250);
  assert.equal(plan.steps, 5 * 8);
  assert.equal(plan.noiseMultiplier, f.sites[1].noiseMultiplier);
  assert.equal(plan.clip, cfg.clip);
  assert.equal(plan.arm, 'fed-local@2');
  assert.equal(plan.n, 700);
});

test('server-dp: site-level ε of R steps at rate p with the server σ; record ε stated as ≤ the site ε; few-sites note', () => {
  const { ds, assignment } = setup();
  const c = { ...config, siteRate: 0.5 };
  const plan = planFederatedArm({ kind: 'fed', mode: 'server-dp', epsilon: 4 }, cfg, ds, assignment, c);
  const f = plan.federation!;
  assert.equal(f.level, 'site');
  const e = epsilonFor({ noiseMultiplier: f.serverNoiseMultiplier, sampleRate: 0.5, steps: 5, delta: 1e-5, accountant: 'prv' });
  assert.ok(Math.abs(e.epsilon - (f.epsilon as number)) < 1e-9 * e.epsilon);
  assert.ok((f.epsilon as number) <= 4 && (f.epsilon as number) >= 4 * 0.995);
  assert.equal(f.recordEpsilon, f.epsilon);
  assert.ok(f.sites.every((s) => s.noiseMultiplier === 0 && s.epsilon === null));
  assert.equal(plan.sampleRate, 0.5);
  assert.equal(plan.steps, 5);
  assert.equal(plan.noiseMultiplier, f.serverNoiseMultiplier);
  assert.equal(plan.clip, 0.5);
  // σS/(pK) per coordinate, in the note's words.
  const perCoord = f.serverNoiseMultiplier / (0.5 * 3);
  assert.ok(
    f.notes.some((n) => n.startsWith('3 sites:') && n.includes(perCoord.toPrecision(3))),
    f.notes.join('\n'),
  );
});

test('none: no noise, no ε; a site without training rows is an error naming --sites; the largest site', () => {
  const { ds, assignment } = setup();
  const plan = planFederatedArm({ kind: 'fed', mode: 'none' }, cfg, ds, assignment, config);
  assert.equal(plan.epsilon, null);
  assert.equal(plan.noiseMultiplier, 0);
  assert.equal(plan.federation!.level, null);
  assert.equal(largestSite(assignment, ds.splits.train), 2);
  const emptyA = { ...assignment, siteOfRow: Int32Array.from(assignment.siteOfRow, (s, i) => (i < 700 && s === 0 ? 1 : s)) };
  assert.throws(
    () => planFederatedArm({ kind: 'fed', mode: 'none' }, cfg, ds, emptyA, config),
    (e: unknown) => e instanceof DpauditError && e.location.option === 'sites' && /site "a" .* has no training rows/.test(e.message),
  );
});

test('patient unit: every site samples a patient batch chosen from its own patients (⌊0.1·U_s⌋, at least 8), as a centralised pool does', () => {
  const { ds, assignment } = setup();
  // Two rows per patient: the sites hold 50, 125 and 175 training patients.
  const unitOfRow = Int32Array.from({ length: 1000 }, (_, i) => Math.floor(i / 2));
  const pds = { ...ds, units: { kind: 'patient' as const, unitOfRow, count: 500 }, ids: { distinct: 500, repeated: true } };
  const pcfg: TrainConfig = { ...cfg, privacyUnit: 'patient' };
  assert.equal(pcfg.batchSizeGiven, undefined);
  const plan = planFederatedArm({ kind: 'fed', mode: 'local-dp', epsilon: 2 }, pcfg, pds, assignment, config);
  assert.equal(plan.privacyUnit, 'patient');
  const patients = [50, 125, 175];
  const batches = patients.map((u) => Math.max(8, Math.floor(0.1 * u))); // 8, 12, 17 (not the configured 64)
  for (const [s, u] of patients.entries()) {
    const sp = plan.federation!.sites[s];
    assert.equal(sp.n, u);
    assert.equal(sp.sampleRate, batches[s] / u);
    assert.equal(sp.stepsPerRound, Math.ceil((2 * u) / batches[s]));
  }
  // A given --batch-size is kept (per site q = min(1, B/U_s)).
  const given = planFederatedArm({ kind: 'fed', mode: 'none' }, { ...pcfg, batchSizeGiven: true }, pds, assignment, config);
  assert.deepEqual(
    given.federation!.sites.map((sp) => sp.sampleRate),
    patients.map((u) => Math.min(1, 64 / u)),
  );
});
