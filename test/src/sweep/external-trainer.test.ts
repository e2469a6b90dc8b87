import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { runDpaudit, projectRoot } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { stableResults } from '../../helpers/results.js';

/**
 * The external-trainer protocol end to end with the dependency-free Node example trainer
 * (examples/trainers/node_dpsgd.mjs): same models as the in-process trainer, plan conformance, failures,
 * resume, shards. The Node trainer reproduces dpaudit's random streams; it computes in float64 where tfjs
 * computes in float32, so results agree to float32 rounding, not bit for bit.
 */
const dir = tempDir('dpaudit-ext-');
const trainer = `node ${join(projectRoot, 'examples/trainers/node_dpsgd.mjs')}`;
const base = [
  'sweep',
  '--preset',
  'test',
  '--quiet',
  '--epsilons',
  '4',
  '--epochs',
  '1',
  '--hidden',
  '8',
  '--bootstrap',
  '20',
  '--canaries',
  '40',
  '--attacks',
  'loss,lira-online',
];
const withTrainer = (out: string, extra: string[] = []) => [...base, '--out', out, '--trainer', trainer, ...extra];
const results = (out: string) => JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));

test('the Node trainer through the protocol gives the in-process models (float32 tolerance) and conforms to the plan', () => {
  const inproc = join(dir, 'in');
  const ext = join(dir, 'ext');
  assert.equal(runDpaudit([...base, '--out', inproc, '--workers', '1']).code, 0);
  const r = runDpaudit(withTrainer(ext, ['--workers', '2']));
  assert.equal(r.code, 0, r.stderr);
  const a = results(inproc);
  const b = results(ext);
  assert.equal(a.trainer, undefined);
  assert.deepEqual(
    b.arms.map((x: { arm: string }) => x.arm),
    a.arms.map((x: { arm: string }) => x.arm),
  );
  for (let k = 0; k < a.arms.length; k++) {
    const ua = a.arms[k].utility.auc.value as number;
    const ub = b.arms[k].utility.auc.value as number;
    assert.ok(Math.abs(ua - ub) <= 1e-3, `${a.arms[k].arm}: test AUC ${ua} in-process vs ${ub} external`);
    for (let j = 0; j < a.arms[k].attacks.length; j++) {
      const x = a.arms[k].attacks[j].auc as number;
      const y = b.arms[k].attacks[j].auc as number;
      assert.ok(Math.abs(x - y) <= 5e-3, `${a.arms[k].arm} ${a.arms[k].attacks[j].attack}: attack AUC ${x} vs ${y}`);
    }
  }
  // Plan conformance recorded; every model reported.
  assert.equal(b.trainer.conforms, true);
  assert.deepEqual(b.trainer.command.slice(0, 1), ['node']);
  for (const arm of b.trainer.arms) {
    assert.equal(arm.mismatches.length, 0);
    assert.equal(arm.models, 3 + 1 + 1); // release + K + 1 = 3 fleet models + canary run
  }
  // The job file follows its published schema; logs and work folders exist per job; results.json is valid.
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const jobSchema = JSON.parse(readFileSync(join(projectRoot, 'schemas/trainer-job.schema.json'), 'utf8'));
  const job = JSON.parse(readFileSync(join(ext, 'trainer', 's0_dp@4_models', 'job.json'), 'utf8')) as {
    schemaVersion: number;
    models: unknown[];
    privacy: { sampling: string };
  };
  assert.ok(ajv.validate(jobSchema, job), JSON.stringify(ajv.errors?.slice(0, 3)));
  assert.equal(job.schemaVersion, 1);
  assert.equal(job.models.length, 4);
  assert.equal(job.privacy.sampling, 'poisson');
  assert.ok(readdirSync(join(ext, 'logs')).includes('s0_dp@4_canary.log'));
  const resultsSchema = JSON.parse(readFileSync(join(projectRoot, 'schemas/results.schema.json'), 'utf8'));
  assert.ok(ajv.validate(resultsSchema, b), JSON.stringify(ajv.errors?.slice(0, 3)));
});

test('a trainer that lies about σ fails the built-in plan-conformance check, showing both values', () => {
  const out = join(dir, 'lie');
  const r = runDpaudit(withTrainer(out, ['--workers', '2']), { env: { DPAUDIT_NODE_TRAINER_FAULT: 'lie-sigma:dp@4' } });
  assert.equal(r.code, 0, r.stderr);
  const res = results(out);
  assert.equal(res.trainer.conforms, false);
  const dp = res.trainer.arms.find((a: { arm: string }) => a.arm === 'dp@4');
  assert.ok(
    dp.mismatches.length > 0 &&
      dp.mismatches.every((m: { field: string; reported: number }) => m.field === 'noiseMultiplier' && m.reported === 0),
  );
  const policy = join(dir, 'policy.yml');
  writeFileSync(policy, 'version: 1\nchecks: []\n');
  const g = runDpaudit(['gate', join(out, 'results.json'), '--policy', policy, '--json']);
  assert.equal(g.code, 1, g.stderr);
  const gate = JSON.parse(g.stdout);
  const check = gate.checks.find((c: { id: string }) => c.id === 'builtin.plan-conformance');
  assert.equal(check.status, 'FAIL');
  const sigma = dp.mismatches[0].planned as number;
  assert.match(JSON.stringify(check), new RegExp(`noiseMultiplier: plan ${String(sigma).slice(0, 6)}[0-9]*, trainer 0`));
  // The honest run passes the same check.
  const ok = runDpaudit(['gate', join(dir, 'ext', 'results.json'), '--policy', policy, '--json']);
  const okCheck = JSON.parse(ok.stdout).checks.find((c: { id: string }) => c.id === 'builtin.plan-conformance');
  assert.equal(okCheck.status, 'PASS');
});

test('crash, timeout, wrong shape, NaN logits, missing output: exit 2, one line naming the job, the file and the log', () => {
  const cases: [string, string[], RegExp][] = [
    ['crash:cliponly/models', [], /job\.json: trainer job s0\/cliponly\/models: exited with code 3.*simulated crash/],
    ['sleep:nondp/canary', ['--trainer-timeout', '20'], /trainer job s0\/nondp\/canary: timed out after 20 s/],
    ['shape:dp@4/models', [], /logits\.npy: trainer job s0\/dp@4\/models: logits have shape \[\d+\], expected \[4, \d+\]/],
    ['nan:nondp/models', [], /logits\.npy: trainer job s0\/nondp\/models: logit of model 0 on score row 1 is NaN/],
    ['nologits:cliponly/canary', [], /trainer job s0\/cliponly\/canary: the trainer exited 0 but did not write outputs\.logits/],
  ];
  for (const [fault, extra, re] of cases) {
    const out = join(dir, `fault-${fault.split(':')[0]}`);
    const r = runDpaudit(withTrainer(out, ['--workers', '2', ...extra]), { env: { DPAUDIT_NODE_TRAINER_FAULT: fault } });
    assert.equal(r.code, 2, `${fault}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${fault}: ${r.stderr}`);
    assert.match(lines[0], re, fault);
    assert.match(lines[0], /last lines of .*\.log/);
    assert.ok(!existsSync(join(out, 'results.json')), `${fault}: no results.json`);
  }
});

test('--resume after a crash reuses every finished job; shards with a trainer merge to the unsharded run', () => {
  const out = join(dir, 'resume');
  const bad = runDpaudit(withTrainer(out, ['--workers', '1']), { env: { DPAUDIT_NODE_TRAINER_FAULT: 'crash:dp@4/canary' } });
  assert.equal(bad.code, 2);
  const finished = readdirSync(join(out, 'cache')).length;
  assert.ok(finished >= 1 && finished < 6, `${finished} jobs cached before the crash`);
  const again = runDpaudit(withTrainer(out, ['--workers', '1', '--resume']).filter((x) => x !== '--quiet'));
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, new RegExp(`resume: ${finished} of 6 jobs found in the cache`));
  assert.deepEqual(stableResults(out), stableResults(join(dir, 'ext')));

  const s1 = join(dir, 'sh1');
  const s2 = join(dir, 'sh2');
  assert.equal(runDpaudit(withTrainer(s1, ['--shard', '1/2'])).code, 0);
  assert.equal(runDpaudit(withTrainer(s2, ['--shard', '2/2'])).code, 0);
  const merged = join(dir, 'merged');
  const m = runDpaudit(['merge', s1, s2, '--out', merged, '--quiet']);
  assert.equal(m.code, 0, m.stderr);
  assert.deepEqual(stableResults(merged), stableResults(join(dir, 'ext')));
});

test('manifest mode (--features none): no feature matrix, the trainer reads its rows through csvRows; needs --trainer', () => {
  const out = join(dir, 'manifest');
  const t = `node ${join(projectRoot, 'test/fixtures/trainers/manifest_age.mjs')}`;
  const r = runDpaudit([...base, '--out', out, '--features', 'none', '--trainer', t]);
  assert.equal(r.code, 0, r.stderr);
  const res = results(out);
  assert.equal(res.dataset.encodedFeatures, 0);
  assert.match(res.dataset.preprocessing[0], /manifest mode/);
  const job = JSON.parse(readFileSync(join(out, 'trainer', 's0_nondp_models', 'job.json'), 'utf8'));
  assert.equal(job.data.features, null);
  // Age alone as the score: every arm has the same test AUC, better than chance; the trainer's ε is recorded.
  const aucs = res.arms.map((a: { utility: { auc: { value: number } } }) => a.utility.auc.value);
  assert.ok(aucs.every((x: number) => x === aucs[0]) && aucs[0] > 0.6, String(aucs));
  const dp = res.trainer.arms.find((a: { arm: string }) => a.arm === 'dp@4');
  assert.deepEqual(dp.trainerEpsilon, { min: 4, max: 4 });
  // Without a trainer, manifest mode is a usage error.
  const no = runDpaudit([...base, '--out', join(dir, 'manifest-no'), '--features', 'none']);
  assert.equal(no.code, 2);
  assert.match(no.stderr, /option --features: --features none \(manifest mode\) needs an external trainer/);
  // The Node DP-SGD example needs features and says so: exit 2 naming the job.
  const node = runDpaudit(withTrainer(join(dir, 'manifest-node'), ['--features', 'none', '--workers', '1']));
  assert.equal(node.code, 2);
  assert.match(node.stderr, /trainer job s0\/[^:]+: exited with code 2.*needs dpaudit's feature matrix/);
});
