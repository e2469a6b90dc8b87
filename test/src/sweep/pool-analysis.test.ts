import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { stableResults } from '../../helpers/results.js';

const dir = tempDir('dpaudit-pool-analysis-');

test('arm analyses on the worker pool (overlapping training) give the bytes of the sequential analysis', () => {
  // Pooled: every arm is analysed on a worker as soon as its jobs are done.
  const pooled = join(dir, 'pooled');
  const r = runDpaudit(['sweep', '--preset', 'test', '--quiet', '--workers', '2', '--out', pooled]);
  assert.equal(r.code, 0, r.stderr);
  // Sequential: `merge` of the same cache analyses every arm on the main thread, one after the other.
  const sequential = join(dir, 'sequential');
  const m = runDpaudit(['merge', pooled, '--out', sequential, '--quiet']);
  assert.equal(m.code, 0, m.stderr);
  assert.equal(JSON.stringify(stableResults(pooled)), JSON.stringify(stableResults(sequential)));
});
