/**
 * `npm run bench`: every benchmark figure as one JSON line (compare across commits).
 * Training throughput (single model, DP vs non-DP), fleet throughput on both cores (two processes, each a
 * stack of K + 1 = 17 DP models), accountant timings, the fairness CLI on 10 000 rows, CLI wall times
 * (built CLI in dist/, as after `npm ci`), inspect on the shared datasets, the self-test, `dpaudit attack`
 * on the embedded data (non-DP, ε = 1, ε = 8, with the attack numbers of the closing note), and whole sweeps.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(args: string[], tsx = true): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, tsx ? ['--import', 'tsx', ...args] : args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited ${code}`))));
  });
}

process.stdout.write(await run(['scripts/bench-train.ts', 'single']));
const t0 = performance.now();
const outs = await Promise.all([run(['scripts/bench-train.ts', 'fleet', '17']), run(['scripts/bench-train.ts', 'fleet', '17'])]);
const wall = (performance.now() - t0) / 1000;
let total = 0;
for (const o of outs) {
  process.stdout.write(o);
  total += (JSON.parse(o.trim().split('\n').pop() as string) as { examplesPerSecond: number }).examplesPerSecond;
}
console.log(JSON.stringify({ name: 'fleet-two-cores-summed', models: 34, examplesPerSecond: total, wallSeconds: +wall.toFixed(1) }));
for (const extra of ['scripts/bench-accountants.ts', 'scripts/bench-fairness.ts']) {
  if (existsSync(extra)) process.stdout.write(await run([extra]));
}
// Wall time of CLI commands, start-up included, from the built CLI (as after npm ci).
const cli = existsSync('dist/src/cli/main.js') ? ['dist/src/cli/main.js'] : null;
async function timed(name: string, args: string[]): Promise<string> {
  const t1 = performance.now();
  const out = cli ? await run([...cli, ...args], false) : await run(['src/cli/main.ts', ...args]);
  console.log(JSON.stringify({ name, cli: cli ? 'dist' : 'tsx', seconds: +((performance.now() - t1) / 1000).toFixed(2) }));
  return out;
}
await timed('cli-epsilon-rdp', [
  'epsilon',
  '--sample-rate',
  '0.01',
  '--noise-multiplier',
  '1',
  '--steps',
  '1000',
  '--delta',
  '1e-5',
  '--accountant',
  'rdp',
  '--json',
]);
await timed('cli-epsilon-prv', [
  'epsilon',
  '--sample-rate',
  '0.01',
  '--noise-multiplier',
  '1',
  '--steps',
  '1000',
  '--delta',
  '1e-5',
  '--accountant',
  'prv',
  '--json',
]);
await timed('cli-calibrate-rdp', [
  'calibrate',
  '--target-epsilon',
  '1',
  '--delta',
  '1e-5',
  '--sample-rate',
  '0.01',
  '--steps',
  '1000',
  '--accountant',
  'rdp',
  '--json',
]);
await timed('cli-calibrate-prv', [
  'calibrate',
  '--target-epsilon',
  '1',
  '--delta',
  '1e-5',
  '--sample-rate',
  '0.01',
  '--steps',
  '1000',
  '--accountant',
  'prv',
  '--json',
]);
await timed('cli-inspect-embedded', ['inspect', '--json', '--quiet']);
const shared = join('..', 'shared', 'datasets');
if (existsSync(shared)) {
  for (const [file, label] of [
    ['flchain.csv', 'death'],
    ['meps1996_health_insurance.csv', 'insured'],
    ['nhis_smokeban.csv', 'is_smoker'],
    ['nhanes2009_hichol.csv', 'HI_CHOL'],
  ]) {
    await timed(`cli-inspect-${file.replace(/\.csv$/, '')}`, ['inspect', '--data', join(shared, file), '--label', label, '--json']);
  }
}
await timed('cli-selftest', ['selftest', '--json']);
// Attacks on the embedded data (standard settings: K = 16, canaries): the figures of the closing note.
for (const armArgs of [
  ['--arm', 'nondp'],
  ['--epsilon', '1'],
  ['--epsilon', '8'],
]) {
  const out = await timed(`cli-attack-${armArgs.join('').replace(/^--arm|^--/, '')}`, ['attack', ...armArgs, '--json', '--quiet']);
  const r = JSON.parse(out) as {
    arm: string;
    attacks: {
      attack: string;
      auc: number;
      tprAtFpr: { alpha: number; resolved: boolean; tpr?: number }[];
      epsilonBounds: { method: string; epsilonLb: number | null }[];
      violation: { violated: boolean } | null;
    }[];
    oneRun: { epsilonLb: number; ceiling: number } | null;
  };
  for (const a of r.attacks) {
    const t = a.tprAtFpr.find((x) => x.alpha === 0.01);
    console.log(
      JSON.stringify({
        name: `attack-${r.arm}-${a.attack}`,
        auc: +a.auc.toFixed(4),
        tprAt1pctFpr: t && t.resolved ? t.tpr : null,
        epsilonLb: Object.fromEntries(a.epsilonBounds.map((b) => [b.method, b.epsilonLb])),
        violated: a.violation ? a.violation.violated : null,
      }),
    );
  }
  if (r.oneRun)
    console.log(
      JSON.stringify({ name: `attack-${r.arm}-one-run`, epsilonLb: +r.oneRun.epsilonLb.toFixed(4), ceiling: +r.oneRun.ceiling.toFixed(4) }),
    );
}

// Whole sweeps on the embedded dataset (both cores).
for (const preset of ['quick', 'standard']) {
  const out = mkdtempSync(join(tmpdir(), `dpaudit-bench-${preset}-`));
  const t1 = performance.now();
  await run(['src/cli/main.ts', 'sweep', '--preset', preset, '--out', out, '--quiet']);
  console.log(JSON.stringify({ name: `sweep-${preset}-flchain`, seconds: +((performance.now() - t1) / 1000).toFixed(1) }));
  rmSync(out, { recursive: true, force: true });
}

// Audit overhead: the standard sweep without canaries (the gradient canaries ride on the release model's run).
{
  const out = mkdtempSync(join(tmpdir(), 'dpaudit-bench-standard-nocanaries-'));
  const t1 = performance.now();
  await run(['src/cli/main.ts', 'sweep', '--preset', 'standard', '--canaries', '0', '--out', out, '--quiet']);
  console.log(JSON.stringify({ name: 'sweep-standard-flchain-no-canaries', seconds: +((performance.now() - t1) / 1000).toFixed(1) }));
  rmSync(out, { recursive: true, force: true });
}

// Power of the one-run audit against seeded DP-SGD faults (short configuration; `scripts/power.ts full` for the table).
process.stdout.write(await run(['scripts/power.ts', 'short']));
