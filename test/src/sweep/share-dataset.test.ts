import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { silentLogger } from '../../../src/log/logger.js';
import { subsampleSplits } from '../../../src/sweep/subsample.js';
import { datasetOptions } from '../../helpers/dataset.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-share-dataset-');

/** Patients with 1–3 visits, a categorical and a numeric feature with missing values, and a sensitive attribute. */
function visitsCsv(): string {
  const lines = ['id,age,site,sex,y'];
  for (let p = 0; p < 120; p++)
    for (let v = 0; v <= p % 3; v++)
      lines.push(
        `${p},${p % 7 === 0 ? '' : 40 + ((p * 7 + v) % 30)},${['a', 'b', 'c'][p % 3]},${p % 2 ? 'F' : 'M'},${(p * 13 + v) % 5 < 2 ? 1 : 0}`,
      );
  return `${lines.join('\n')}\n`;
}

test('a prepared dataset survives the message to a worker intact: its clone equals a worker’s own preparation', () => {
  const file = writeFixture(dir, 'visits.csv', visitsCsv());
  const opts = datasetOptions(file, { id: 'id', sensitive: ['sex'], categorical: ['site'] });
  // What the sweep's thread sends (after its row cap), and what a worker would prepare itself from the options.
  const sent = structuredClone(subsampleSplits(loadDataset(opts, silentLogger), 200, 7));
  const own = subsampleSplits(loadDataset(opts, silentLogger), 200, 7);
  assert.deepStrictEqual(sent, own);
  // The fields the workers use are there, typed as before (a clone that lost a typed array would fail above too).
  assert.ok(sent.y instanceof Uint8Array && sent.units.unitOfRow instanceof Int32Array);
  assert.equal(sent.units.kind, 'patient');
});

// The sweep's own workers receiving it (and not reading the file): test/src/sweep/worker-progress.test.ts.
