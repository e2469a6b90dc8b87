import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-worker-progress-');

test('--verbose: workers say where their data came from and print each job on stderr; they do not read the file again', () => {
  const out = join(dir, 'v');
  const r = runDpaudit(['sweep', '--preset', 'test', '--epsilons', '8', '--workers', '2', '--verbose', '--out', out], {
    timeoutMs: 180_000,
  });
  assert.equal(r.code, 0, r.stderr);
  // Both workers get the sweep's prepared dataset (pool.ts shareDataset); reading the file would print
  // "worker N: read …" and "dataset ready: … prepared in".
  // Every worker that trains says so before its first job; a worker still booting when the sweep ends (a slow
  // machine) may be stopped before it says anything, so the count of workers is not asserted.
  const lines = r.stderr.split('\n');
  const receivedBy = new Set(lines.flatMap((l) => /^worker (\d+): dataset received from the sweep: \d+ rows$/.exec(l)?.[1] ?? []));
  const trainedBy = new Set(lines.flatMap((l) => /^worker (\d+): job \S+: encoding and training$/.exec(l)?.[1] ?? []));
  assert.ok(trainedBy.size >= 1, r.stderr);
  // --verbose does not change the workers' start: the two started while this thread planned are the pool's
  // (they were stopped unused and two more started, because the verbose flag made their init differ).
  assert.match(r.stderr, /^workers: 2 prestarted taken over, 0 started$/m);
  for (const w of trainedBy) assert.ok(receivedBy.has(w), `worker ${w} trained without receiving the dataset\n${r.stderr}`);
  for (const w of receivedBy) {
    const first = lines.findIndex((l) => l.startsWith(`worker ${w}: `));
    assert.match(lines[first], /dataset received from the sweep/, `worker ${w} did something before receiving the dataset`);
  }
  assert.doesNotMatch(r.stderr, /^worker \d+: read /m);
  assert.doesNotMatch(r.stderr, /dataset ready/);
  for (const job of ['s0/nondp/models', 's0/cliponly/models', 's0/dp@8/models']) {
    assert.match(r.stderr, new RegExp(`^worker \\d+: job ${job}: encoding and training$`, 'm'));
    assert.match(r.stderr, new RegExp(`^worker \\d+: job ${job}: done in [\\d.]+ s$`, 'm'));
  }
});
