import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { runDpaudit, projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { stableResults } from '../../helpers/results.js';
import { readGateResult, readResults, validateResults } from '../../../src/results/read.js';

const dir = tempDir('dpaudit-sweep-');
const base = ['sweep', '--preset', 'test', '--quiet', '--workers', '2'];

test('sweep --preset test writes a valid results.json, tables, summary and a report; no per-example data', () => {
  const out = join(dir, 'a');
  const r = runDpaudit([...base, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['results.json', 'report.html', 'summary.md', 'tables/utility.csv', 'tables/attacks.csv'])
    assert.ok(existsSync(join(out, f)), f);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  const schema = JSON.parse(readFileSync(join(projectRoot, 'schemas/results.schema.json'), 'utf8'));
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  const ok = ajv.validate<typeof results>(schema, results);
  assert.ok(ok, JSON.stringify(ajv.errors?.slice(0, 3)));
  assert.deepEqual(
    results.arms.map((a: { arm: string }) => a.arm),
    ['nondp', 'cliponly', 'dp@1', 'dp@8'],
  );
  // the paired DP arms claim ε at most the target, and every arm records the backend and privacy accounting
  for (const a of results.arms) {
    if (a.kind === 'dp') {
      assert.ok(a.privacy.epsilon <= a.epsilon + 1e-9 && a.privacy.epsilon > 0.95 * a.epsilon, `${a.arm}: ε ${a.privacy.epsilon}`);
      assert.ok(a.privacy.noiseMultiplier > 0);
    } else assert.equal(a.privacy.epsilon, null);
    assert.ok(a.attacks.length >= 1);
  }
  assert.ok(results.backend.name.length > 0);
  assert.match(results.audit.dataSha256, /^[0-9a-f]{64}$/);
  // No array of per-example size anywhere: the pool has ~900 rows, ROC curves are capped at 200 points.
  const pool = results.dataset.splits.train as number;
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) {
      assert.ok(v.length <= 200 || v.length < pool / 2, `${path} has ${v.length} entries`);
      v.forEach((x, i) => {
        walk(x, `${path}[${i}]`);
      });
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(results, 'results');
  assert.ok(!readFileSync(join(out, 'report.html'), 'utf8').includes('"scores"'));
});

test('same seed and backend give equal results; a different seed does not', () => {
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const r = runDpaudit([...base, '--out', b]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stableResults(b), stableResults(a));
  const c = join(dir, 'c');
  assert.equal(runDpaudit([...base, '--out', c, '--seed', '2']).code, 0);
  assert.notDeepEqual(stableResults(c), stableResults(a));
});

test('two shards merged equal an unsharded run', () => {
  const s1 = join(dir, 'shard1');
  const s2 = join(dir, 'shard2');
  const r1 = runDpaudit([...base, '--out', s1, '--shard', '1/2']);
  const r2 = runDpaudit([...base, '--out', s2, '--shard', '2/2']);
  assert.equal(r1.code, 0, r1.stderr);
  assert.equal(r2.code, 0, r2.stderr);
  assert.ok(!existsSync(join(s1, 'results.json')), 'a shard alone writes no results');
  const n1 = readdirSync(join(s1, 'cache')).length;
  const n2 = readdirSync(join(s2, 'cache')).length;
  assert.ok(n1 > 0 && n2 > 0, 'both shards did work');
  const merged = join(dir, 'merged');
  const m = runDpaudit(['merge', s1, s2, '--out', merged, '--quiet']);
  assert.equal(m.code, 0, m.stderr);
  assert.deepEqual(stableResults(merged), stableResults(join(dir, 'a')));
  // merging only one shard is an input error
  const bad = runDpaudit(['merge', s1, '--out', join(dir, 'bad')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /missing shard|in no shard/);
});

test('--resume after a partial run reuses the cached jobs and gives the same results', () => {
  const out = join(dir, 'resumed');
  // A partial run: only half of the jobs reach the cache (as when a sweep is killed midway).
  assert.equal(runDpaudit([...base, '--out', out, '--shard', '1/2']).code, 0);
  const cached = readdirSync(join(out, 'cache')).length;
  const r = runDpaudit([...base.filter((x) => x !== '--quiet'), '--out', out, '--resume']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`resume: ${cached} of \\d+ jobs found in the cache`));
  assert.deepEqual(stableResults(out), stableResults(join(dir, 'a')));
});

test('bad sweep options exit 2 with one line and write nothing', () => {
  const out = join(dir, 'never');
  for (const args of [
    ['--epsilons', '1,-2'],
    ['--shard', '3/2'],
    ['--attacks', 'loss,nonsense'],
    ['--attacks', 'loss,loss'],
    ['--gate', join(dir, 'missing-policy.yml')],
  ]) {
    const r = runDpaudit([...base.filter((x) => x !== '--quiet'), '--out', out, ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
    assert.ok(!existsSync(out), `${args.join(' ')} wrote ${out}`);
  }
});

test('sweep --gate exits with the gate result: 0 for a passing policy, 1 for a failing one', () => {
  const pass = writeFixture(
    dir,
    'pass.yml',
    'checks:\n  - id: auc-floor\n    select: { metric: utility.auc, arm: nondp }\n    comparator: ">="\n    threshold: 0.5\n',
  );
  const fail = writeFixture(
    dir,
    'fail.yml',
    'checks:\n  - id: impossible-auc\n    select: { metric: utility.auc, arm: every-dp }\n    comparator: ">="\n    threshold: 0.999\n',
  );
  const p = runDpaudit([...base, '--out', join(dir, 'gp'), '--gate', pass]);
  assert.equal(p.code, 0, p.stderr + p.stdout);
  assert.ok(existsSync(join(dir, 'gp', 'gate.json')));
  assert.equal(readResults(join(dir, 'gp', 'results.json')).gate?.status, readGateResult(join(dir, 'gp', 'gate.json')).status);
  assert.ok(readFileSync(join(dir, 'gp', 'report.html'), 'utf8').includes('auc-floor'));
  const f = runDpaudit([...base, '--out', join(dir, 'gf'), '--gate', fail, '--resume']);
  assert.equal(f.code, 1, f.stderr + f.stdout);
  assert.match(f.stdout, /impossible-auc/);
});

test('a sweep killed mid-run resumes from its cache to the same results as an uninterrupted run', async () => {
  const { spawn } = await import('node:child_process');
  const args = [...base, '--epochs', '40', '--reference-models', '5'];
  const killed = join(dir, 'killed');
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src/cli/main.ts'), ...args, '--out', killed], {
    cwd: projectRoot,
    stdio: 'ignore',
  });
  const cacheDir = join(killed, 'cache');
  const t0 = Date.now();
  while (Date.now() - t0 < 120_000) {
    if (existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.bin'))) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child.on('close', r));
  const done = readdirSync(cacheDir).filter((f) => f.endsWith('.bin')).length;
  assert.ok(done >= 1, 'at least one job finished before the kill');
  assert.ok(!existsSync(join(killed, 'results.json')), 'killed before the results were written');
  const resumed = runDpaudit([...args.filter((x) => x !== '--quiet'), '--out', killed, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resume: \d+ of \d+ jobs found in the cache/);
  const full = join(dir, 'uninterrupted');
  assert.equal(runDpaudit([...args, '--out', full]).code, 0);
  assert.deepEqual(stableResults(killed), stableResults(full));
});

test('--seeds 2: attacks pool both seeds, utility and fairness report the spread over seeds', () => {
  const out = join(dir, 'seeds2');
  const r = runDpaudit([...base, '--out', out, '--seeds', '2', '--epsilons', '4']);
  assert.equal(r.code, 0, r.stderr);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  validateResults(results, 'results.json'); // fairnessSeedSpread follows the contract too
  const dp = results.arms.find((a: { arm: string }) => a.arm === 'dp@4');
  assert.equal(dp.seeds, 2);
  assert.equal(dp.attacks[0].nTargets, 2 * (2 + 1), 'K = 2: three targets per seed');
  assert.equal(typeof dp.utility.auc.seedSd, 'number');
  assert.ok(dp.utility.auc.seedSd > 0, 'DP noise differs between seeds');
  const spread = dp.fairnessSeedSpread;
  assert.equal(spread.seeds, 2);
  assert.equal(spread.groupings.length, dp.fairness.groupings.length);
  assert.equal(typeof spread.groupings[0].disparities.equalizedOddsDifference.sd, 'number');
  // seed 0's numbers are the first run's: the one-seed sweep of the same root seed has the same AUC
  const one = JSON.parse(readFileSync(join(dir, 'a', 'results.json'), 'utf8'));
  assert.equal(dp.utility.auc.value !== null, true);
  assert.equal(one.arms[0].utility.auc.value, results.arms[0].utility.auc.value, 'nondp seed 0 identical');
});

test('DP arms planned beside training: progress counts every job of the sweep; a plan that fails is one line, exit 2, nothing written', () => {
  const r = runDpaudit(['sweep', '--preset', 'test', '--workers', '2', '--out', join(dir, 'progress')]);
  assert.equal(r.code, 0, r.stderr);
  const total = Number(/sweep \(test\):.* (\d+) jobs on/.exec(r.stderr)?.[1]);
  assert.ok(total >= 4, r.stderr);
  const lines = [...r.stderr.matchAll(/training: (\d+)\/(\d+) jobs/g)];
  assert.ok(lines.length > 0, r.stderr);
  for (const m of lines) assert.equal(Number(m[2]), total, m[0]);
  assert.equal(Number(lines[lines.length - 1][1]), total);
  // ε = 1e-7 cannot be certified at any σ: the worker planning it fails, this thread raises its error.
  const badOut = join(dir, 'bad-plan');
  const bad = runDpaudit(['sweep', '--preset', 'test', '--workers', '2', '--epsilons', '1,0.0000001', '--out', badOut]);
  assert.equal(bad.code, 2, bad.stderr);
  assert.equal(bad.stderr.split('\n').filter((l) => l.startsWith('dpaudit:')).length, 1, bad.stderr);
  assert.match(bad.stderr, /target ε = 1e-7 is below what the prv accountant certifies/);
  assert.ok(!existsSync(badOut), 'nothing written');
});
