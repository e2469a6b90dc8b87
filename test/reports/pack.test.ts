import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packRows, packSpecData, unpackRows, type PackedRows } from '../../reports/pack.js';
import { renderReport } from '../../reports/html.js';
import { fixture } from './fixture.js';

test('packRows: constants hoisted once, repeated text as a dictionary, absent fields stay absent, round trip exact', () => {
  const method = 'Clopper–Pearson, threshold chosen on a random half, bound on the other half';
  const rows = Array.from({ length: 40 }, (_, i) => ({
    arm: ['nondp', 'dp@1', 'dp@8'][i % 3],
    method,
    fpr: i / 40,
    lo: i % 5 === 0 ? null : i / 50,
    ...(i % 7 === 0 ? { band: true } : {}),
    nested: i % 2 ? { a: 1 } : { a: 2 },
  }));
  const p = packRows(rows);
  assert.ok(p);
  assert.equal(p.n, 40);
  assert.equal(p.k?.method, method, 'the constant is hoisted');
  assert.equal(JSON.stringify(p).split(method).length - 1, 1, 'and stored once');
  const arm = p.c?.arm as { d: unknown[]; i: number[] };
  assert.deepEqual(arm.d, ['nondp', 'dp@1', 'dp@8']);
  assert.equal(arm.i.length, 40);
  // Rows lacking `band` are the ones not divisible by 7.
  assert.deepEqual(
    p.m?.band,
    rows.map((_, i) => i).filter((i) => i % 7 !== 0),
  );
  const back = unpackRows(p);
  assert.deepEqual(back, rows);
  for (const [i, r] of back.entries()) assert.equal('band' in r, i % 7 === 0, `row ${i}: band present only where it was`);
  // Smaller than the rows as JSON.
  assert.ok(JSON.stringify(p).length < 0.5 * JSON.stringify(rows).length);
});

test('packRows: numbers with few distinct values stay a plain column; non-object rows are refused', () => {
  const rows = Array.from({ length: 10 }, (_, i) => ({ x: i % 2 }));
  const p = packRows(rows) as PackedRows;
  assert.deepEqual(p.c?.x, [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  assert.deepEqual(unpackRows(p), rows);
  assert.equal(packRows([1, 2, 3]), null);
  assert.deepEqual(unpackRows(packRows([]) as PackedRows), []);
});

test('packSpecData: identical data sets of two specs are stored once; small sets stay inline', () => {
  const rows = Array.from({ length: 12 }, (_, i) => ({ v: i, k: 'same' }));
  const a = {
    data: [
      { name: 'source_0', values: rows.map((r) => ({ ...r })) },
      { name: 'tiny', values: [{ p: 1 }] },
    ],
  };
  const b = { data: [{ name: 'source_0', values: rows.map((r) => ({ ...r })) }] };
  const store: Record<string, PackedRows> = {};
  packSpecData(a, store);
  packSpecData(b, store);
  assert.deepEqual(Object.keys(store), ['d0']);
  assert.deepEqual(a.data[0], { name: 'source_0', values: [], ref: 'd0' });
  assert.deepEqual(b.data[0], { name: 'source_0', values: [], ref: 'd0' });
  assert.deepEqual(a.data[1], { name: 'tiny', values: [{ p: 1 }] });
  assert.deepEqual(unpackRows(store.d0), rows);
});

test('report: every chart data set is in the packed store, and the store rebuilds the rows the specs were built from', () => {
  const html = renderReport(fixture());
  const m = html.match(/<script type="application\/json" id="dpaudit-specs">(.*?)<\/script>/s);
  assert.ok(m);
  const page = JSON.parse(m[1]) as { data: Record<string, PackedRows>; charts: Record<string, { w: { data: Record<string, unknown>[] } }> };
  assert.ok(Object.keys(page.data).length >= 5);
  for (const [id, pair] of Object.entries(page.charts))
    for (const d of pair.w.data) {
      if (d.ref !== undefined) assert.ok(page.data[d.ref as string], `${id}: ${String(d.ref)} is in the store`);
      else assert.ok(!Array.isArray(d.values) || d.values.length < 8, `${id}: ${String(d.name)} is small or derived`);
    }
});
