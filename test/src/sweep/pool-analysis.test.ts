import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { stableResults } from '../../helpers/results.js';

const dir = tempDir('dpaudit-pool-analysis-');

test('arm analyses on the worker pool give the bytes of the sequential analysis (during training and from the cache)', () => {
  // Pooled: every arm is analysed on a worker as soon as its jobs are done.
  const pooled = join(dir, 'pooled');
  const r = runDpaudit(['sweep', '--preset', 'test', '--quiet', '--workers', '2', '--out', pooled]);
  assert.equal(r.code, 0, r.stderr);
  // Sequential: `merge` of the same cache analyses every arm on the main thread, one after the other.
  const sequential = join(dir, 'sequential');
  const m = runDpaudit(['merge', pooled, '--out', sequential, '--quiet']);
  assert.equal(m.code, 0, m.stderr);
  assert.equal(JSON.stringify(stableResults(pooled)), JSON.stringify(stableResults(sequential)));
  // Resumed with every job cached: all arm analyses are ready at once and share the two workers.
  const resumed = join(dir, 'resumed');
  cpSync(pooled, resumed, { recursive: true });
  const s = runDpaudit(['sweep', '--preset', 'test', '--quiet', '--workers', '2', '--out', resumed, '--resume']);
  assert.equal(s.code, 0, s.stderr);
  const a = stableResults(resumed) as { audit: Record<string, unknown> };
  const b = stableResults(sequential) as { audit: Record<string, unknown> };
  // --out and --resume enter the options hash; everything else is the same.
  a.audit.configSha256 = b.audit.configSha256 = null;
  assert.equal(JSON.stringify(a), JSON.stringify(b));
});
