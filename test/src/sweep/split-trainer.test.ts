import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { attackArm } from '../../../src/sweep/attack-arm.js';
import { resolveDatasetOptions } from '../../../src/cli/dataset-options.js';
import { resolveSweepOptions } from '../../../src/sweep/options.js';
import { silentLogger } from '../../../src/log/logger.js';
import { splitModels } from '../../../src/sweep/split-trainer.js';

test('splitModels: contiguous parts covering every model once, balanced by training rows', () => {
  const rows = [100, 52, 48, 50, 49, 51, 50, 50, 47, 53];
  for (const k of [1, 2, 3, 10, 20]) {
    const parts = splitModels(rows, k);
    assert.equal(parts.length, Math.min(k, rows.length));
    assert.equal(parts[0][0], 0);
    assert.equal(parts[parts.length - 1][1], rows.length);
    for (let i = 0; i < parts.length; i++) {
      assert.ok(parts[i][1] > parts[i][0], 'no empty part');
      if (i > 0) assert.equal(parts[i][0], parts[i - 1][1], 'contiguous');
    }
  }
  // two parts: the release model (twice the rows) and four fleet models against the other five
  const two = splitModels(rows, 2);
  const load = two.map(([a, b]) => rows.slice(a, b).reduce((s, r) => s + r, 0));
  assert.ok(Math.abs(load[0] - load[1]) <= 100, `loads ${load}`);
  assert.deepEqual(two, [
    [0, 5],
    [5, 10],
  ]);
});

test('attack: the fleet split over two workers gives exactly the results of one worker', async () => {
  const dir = tempDir('dpaudit-split-');
  const lines = readFileSync(join(projectRoot, 'examples/flchain.csv'), 'utf8').trimEnd().split('\n');
  const csv = writeFixture(dir, 'flchain-400.csv', [lines[0], ...lines.slice(1, 401)].join('\n') + '\n');
  const args = { data: csv, label: 'death', sensitive: ['sex'], drop: ['futime', 'chapter', 'death_5yr', 'age_group'] };
  const common = { epochs: 5, referenceModels: 4, canaries: 0, attacks: ['loss', 'lira-online'] };
  const dataset = resolveDatasetOptions(args, silentLogger);
  const run = (workers: number) =>
    // threshold 0: split even this small fleet
    attackArm(resolveSweepOptions({ ...common, workers }, dataset, 2), { kind: 'dp', epsilon: 2 }, silentLogger, { splitMinExamples: 0 });
  const one = await run(1);
  const two = await run(2);
  const strip = (r: typeof one) => JSON.stringify({ ...r, seconds: 0 });
  assert.equal(strip(two), strip(one));
  assert.ok(one.summaries.length === 2 && one.summaries.every((s) => s.nIn > 0));
});
