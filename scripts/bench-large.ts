/**
 * Large-file figures (`npm run bench`): a 1.1 M-row CSV built in a temporary folder from the embedded
 * flchain rows (repeated; never committed), then `inspect`, `train` (non-DP, one epoch) and
 * `sweep --preset test` on it. One JSON line each: wall seconds and peak RSS (MB, worker threads included).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROWS = 1_100_000;
const dir = mkdtempSync(join(tmpdir(), 'dpaudit-bench-large-'));
try {
  const lines = readFileSync('examples/flchain.csv', 'utf8').trim().split('\n');
  const body = lines.slice(1);
  const out: string[] = [lines[0]];
  for (let i = 0; i < ROWS; i++) out.push(body[i % body.length]);
  const data = join(dir, 'flchain-1.1M.csv');
  writeFileSync(data, out.join('\n') + '\n');
  out.length = 0;
  const common = ['--config', 'examples/flchain.yml', '--data', data, '--quiet'];
  const cases: [string, string[]][] = [
    ['large-inspect-1.1M', ['inspect', ...common]],
    ['large-train-nondp-1.1M', ['train', ...common, '--arm', 'nondp', '--epochs', '1']],
    ['large-sweep-test-1.1M', ['sweep', ...common, '--preset', 'test', '--out', join(dir, 'out')]],
  ];
  for (const [name, args] of cases) {
    const t0 = performance.now();
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench-rss.ts', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (c) => resolve({ code: c, stderr: err }));
    });
    const seconds = +((performance.now() - t0) / 1000).toFixed(1);
    const rss = /\{"peakRssMb":(\d+)\}/.exec(stderr);
    console.log(JSON.stringify({ name, rows: ROWS, exitCode: code, seconds, peakRssMb: rss ? Number(rss[1]) : null }));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
