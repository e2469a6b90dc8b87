import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { splitRows } from '../../../src/data/split.js';
import type { DatasetOptions } from '../../../src/data/types.js';
import { extendUnits, patientUnits, recordUnits } from '../../../src/data/units.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();
const opts = (data: string, extra: Partial<DatasetOptions> = {}): DatasetOptions => datasetOptions(data, { seed: 3, ...extra });

test('patient units renumber raw codes 0..count−1 in order; record units are the rows', () => {
  const u = patientUnits(Int32Array.from([7, 2, 7, 9, 2]));
  assert.equal(u.kind, 'patient');
  assert.equal(u.count, 3);
  assert.deepEqual([...u.unitOfRow], [1, 0, 1, 2, 0]);
  const r = recordUnits(4);
  assert.deepEqual([...r.unitOfRow], [0, 1, 2, 3]);
  assert.equal(r.count, 4);
  const e = extendUnits(u, 2);
  assert.deepEqual([...e.unitOfRow], [1, 0, 1, 2, 0, 3, 4]);
  assert.equal(e.count, 5);
  assert.equal(extendUnits(u, 0), u);
});

test('loadDataset carries the privacy unit: record without --id, patient with it; splits keep each patient on one side', () => {
  // 60 patients with 1–3 rows each; patient ids are strings, some levels only on rows with a missing label.
  const lines = ['pid,x,y'];
  for (let p = 0; p < 60; p++) for (let k = 0; k <= p % 3; k++) lines.push(`P${p},${p + k},${(p + k) % 2}`);
  lines.push('Q1,5,NA');
  const f = writeFixture(dir, 'p.csv', lines.join('\n') + '\n');
  const rec = loadDataset(opts(f));
  assert.equal(rec.units.kind, 'record');
  assert.equal(rec.units.count, rec.y.length);
  const pat = loadDataset(opts(f, { id: 'pid' }));
  assert.equal(pat.units.kind, 'patient');
  assert.equal(pat.units.count, 60);
  // Rows of one patient share a unit, rows of different patients do not.
  const firstRowOf = new Map<number, number>();
  pat.units.unitOfRow.forEach((u, i) => {
    if (!firstRowOf.has(u)) firstRowOf.set(u, i);
  });
  assert.equal(firstRowOf.size, 60);
  const side = new Map<number, string>();
  for (const [name, rows] of Object.entries(pat.splits))
    for (const i of rows) {
      const u = pat.units.unitOfRow[i];
      assert.ok(!side.has(u) || side.get(u) === name, `unit ${u} in ${side.get(u)} and ${name}`);
      side.set(u, name);
    }
  // Splitting by the renumbered units equals splitting by the raw codes with gaps (units keep their order).
  const gaps = Int32Array.from(pat.units.unitOfRow, (u) => 3 * u + 5);
  const raw = splitRows(pat.y, { testFraction: 0.3, validationFraction: 0.15, seed: 3, unitOfRow: gaps });
  assert.deepEqual(raw, pat.splits);
});
