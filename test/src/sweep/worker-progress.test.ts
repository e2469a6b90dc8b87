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
  const received = r.stderr.split('\n').filter((l) => /^worker \d+: dataset received from the sweep: \d+ rows$/.test(l));
  assert.equal(received.length, 2, r.stderr);
  assert.doesNotMatch(r.stderr, /^worker \d+: read /m);
  assert.doesNotMatch(r.stderr, /dataset ready/);
  for (const job of ['s0/nondp/models', 's0/cliponly/models', 's0/dp@8/models']) {
    assert.match(r.stderr, new RegExp(`^worker \\d+: job ${job}: encoding and training$`, 'm'));
    assert.match(r.stderr, new RegExp(`^worker \\d+: job ${job}: done in [\\d.]+ s$`, 'm'));
  }
});
