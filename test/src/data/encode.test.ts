import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { encode, fitEncoder } from '../../../src/data/encode.js';
import type { DatasetOptions, NumericColumn } from '../../../src/data/types.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();

// 40 rows: x numeric with missing values, c categorical (a/b/c, some missing), z constant, y label.
function fixture(): string {
  const lines = ['x,c,z,y'];
  for (let i = 0; i < 40; i++) {
    const x = i % 7 === 3 ? 'NA' : String((i * 37) % 23);
    const c = i % 9 === 4 ? '' : ['a', 'b', 'c'][i % 3];
    lines.push(`${x},${c},5,${i % 4 === 0 ? 1 : 0}`);
  }
  return writeFixture(dir, 'enc.csv', lines.join('\n') + '\n');
}

const opts = (data: string): DatasetOptions => datasetOptions(data, { seed: 3 });

test('encoder: statistics from the training rows only; standardisation decodes back; imputation = training median', () => {
  const ds = loadDataset(opts(fixture()));
  const train = ds.splits.train;
  const st = fitEncoder(ds, train);
  assert.deepEqual(st.featureNames, ['x', 'x=(missing)', 'z', 'c=a', 'c=b', 'c=c', 'c=(missing)']);
  const xcol = ds.table.columns[0] as NumericColumn;
  // Independent computation on the training rows.
  const obs = [...train]
    .map((i) => xcol.values[ds.rowIndex[i]])
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  const med = obs.length % 2 ? obs[(obs.length - 1) / 2] : (obs[obs.length / 2 - 1] + obs[obs.length / 2]) / 2;
  const imputed = [...train].map((i) => {
    const v = xcol.values[ds.rowIndex[i]];
    return Number.isNaN(v) ? med : v;
  });
  const mean = imputed.reduce((a, b) => a + b, 0) / imputed.length;
  const sd = Math.sqrt(imputed.reduce((a, b) => a + (b - mean) ** 2, 0) / imputed.length);
  const sx = st.numeric[0];
  assert.equal(sx.median, med);
  assert.ok(Math.abs(sx.mean - mean) < 1e-12 && Math.abs(sx.std - sd) < 1e-12);
  assert.equal(sx.missingIndicator, true);
  assert.equal(st.numeric[1].std, 1, 'constant column: std 0 → 1');
  // Fitting on all rows gives different statistics (so the training-only fit is real).
  const allRows = Int32Array.from(ds.y.keys());
  assert.notEqual(fitEncoder(ds, allRows).numeric[0].mean, sx.mean);

  const m = encode(ds, st, allRows);
  assert.equal(m.n, ds.y.length);
  assert.equal(m.d, 7);
  assert.equal(m.X.length, m.n * m.d);
  for (let r = 0; r < m.n; r++) {
    const v = xcol.values[ds.rowIndex[r]];
    const row = m.X.subarray(r * m.d, (r + 1) * m.d);
    if (Number.isNaN(v)) {
      assert.equal(row[1], 1);
      assert.ok(Math.abs(row[0] * sx.std + sx.mean - med) < 1e-4, 'missing → training median');
    } else {
      assert.equal(row[1], 0);
      assert.ok(Math.abs(row[0] * sx.std + sx.mean - v) < 1e-4, 'decode back');
    }
    assert.equal(row[2], 0, 'constant column standardises to 0');
    const onehot = row[3] + row[4] + row[5] + row[6];
    assert.equal(onehot, 1, 'one-hot (with the missing level) sums to 1');
  }
  // Standardised training values have mean 0 and population std 1.
  const tr = encode(ds, st, train);
  let s = 0,
    ss = 0;
  for (let r = 0; r < tr.n; r++) s += tr.X[r * tr.d];
  for (let r = 0; r < tr.n; r++) ss += (tr.X[r * tr.d] - s / tr.n) ** 2;
  assert.ok(Math.abs(s / tr.n) < 1e-5 && Math.abs(Math.sqrt(ss / tr.n) - 1) < 1e-5);
});

test('encoder: no indicator / missing level when the training rows have none; unseen level encodes as zeros', () => {
  const lines = ['x,c,y'];
  for (let i = 0; i < 30; i++) lines.push(`${i},${i % 2 ? 'p' : 'q'},${i % 2}`);
  const ds = loadDataset(opts(writeFixture(dir, 'plain.csv', lines.join('\n') + '\n')));
  const st = fitEncoder(ds, ds.splits.train);
  assert.deepEqual(st.featureNames, ['x', 'c=p', 'c=q']);
  // Fit on rows that only have level q: rows with p become all zeros.
  const qRows = Int32Array.from([...ds.y.keys()].filter((i) => i % 2 === 0));
  const stq = fitEncoder(ds, qRows);
  assert.deepEqual(stq.categorical[0].levels, ['q']);
  const m = encode(ds, stq, Int32Array.from([0, 1]));
  assert.deepEqual([...m.X.subarray(1, 2)], [1]);
  assert.deepEqual([...m.X.subarray(3, 4)], [0]);
});
