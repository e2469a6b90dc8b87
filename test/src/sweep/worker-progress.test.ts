import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-worker-progress-');

test('--verbose: workers print their own long phases (reading the file, each job) on stderr', () => {
  const out = join(dir, 'v');
  const r = runDpaudit(['sweep', '--preset', 'test', '--epsilons', '8', '--workers', '1', '--verbose', '--out', out], {
    timeoutMs: 180_000,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^worker \d+: read .*flchain\.csv: \d+ rows, \d+ columns in \d+ ms$/m);
  assert.match(r.stderr, /^worker \d+: dataset ready: \d+ rows prepared in [\d.]+ s$/m);
  for (const job of ['s0/nondp/models', 's0/cliponly/models', 's0/dp@8/models']) {
    assert.match(r.stderr, new RegExp(`^worker \\d+: job ${job}: encoding and training$`, 'm'));
    assert.match(r.stderr, new RegExp(`^worker \\d+: job ${job}: done in [\\d.]+ s$`, 'm'));
  }
});
