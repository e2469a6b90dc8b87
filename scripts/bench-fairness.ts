// Benchmark: `dpaudit fairness --json` on a 10 000-row predictions file with two sensitive columns and
// 1000 bootstrap resamples (target: under 5 s). Prints one JSON line {"name", "seconds"}.
// Usage: node --import tsx scripts/bench-fairness.ts [path/to/cli-entry.ts]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../src/random/rng.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2] ?? join(root, 'src/cli/main.ts');
const dir = mkdtempSync(join(tmpdir(), 'dpaudit-bench-fairness-'));
try {
  const rng = new Rng(['bench-fairness']);
  const lines = ['y_true,y_score,sex,age_group'];
  const ages = ['18-39', '40-59', '60-79', '80+'];
  for (let i = 0; i < 10_000; i++) {
    const y = rng.bernoulli(0.3) ? 1 : 0;
    const s = Math.min(1, Math.max(0, 0.3 + 0.3 * y + 0.2 * rng.normal()));
    lines.push(`${y},${s.toFixed(4)},${rng.bernoulli(0.5) ? 'F' : 'M'},${ages[rng.int(ages.length)]}`);
  }
  const file = join(dir, 'predictions.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      entry,
      'fairness',
      '--predictions',
      file,
      '--sensitive',
      'sex,age_group',
      '--bootstrap',
      '1000',
      '--json',
      '--quiet',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    process.exitCode = 1;
  } else {
    JSON.parse(r.stdout);
    process.stdout.write(JSON.stringify({ name: 'fairness-cli-10k-1000', seconds: Math.round(seconds * 1000) / 1000 }) + '\n');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
