/**
 * `npm run bench`: every benchmark figure as one JSON line (compare across commits).
 * Training throughput (single model, DP vs non-DP), fleet throughput on both cores (two processes, each a
 * stack of K + 1 = 17 DP models), accountant timings, the fairness CLI on 10 000 rows, and whole sweeps.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
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
// Whole sweeps on the embedded dataset (both cores).
for (const preset of ['quick', 'standard']) {
  const out = mkdtempSync(join(tmpdir(), `dpaudit-bench-${preset}-`));
  const t1 = performance.now();
  await run(['src/cli/main.ts', 'sweep', '--preset', preset, '--out', out, '--quiet']);
  console.log(JSON.stringify({ name: `sweep-${preset}-flchain`, seconds: +((performance.now() - t1) / 1000).toFixed(1) }));
  rmSync(out, { recursive: true, force: true });
}
