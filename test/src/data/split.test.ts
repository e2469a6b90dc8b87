import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRows } from '../../../src/data/split.js';
import { Rng } from '../../../src/random/rng.js';

function labels(n: number, rate: number, seed: number): Uint8Array {
  const r = new Rng(seed);
  return Uint8Array.from({ length: n }, () => (r.bernoulli(rate) ? 1 : 0));
}

const rate = (y: Uint8Array, rows: Int32Array) => rows.reduce((s, i) => s + y[i], 0) / rows.length;

test('partition: every row in exactly one split, sorted ascending, sizes from the fractions', () => {
  const y = labels(1000, 0.27, 5);
  const s = splitRows(y, { testFraction: 0.3, validationFraction: 0.15, seed: 1 });
  const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
  assert.deepEqual(
    all,
    Array.from({ length: 1000 }, (_, i) => i),
  );
  for (const part of [s.train, s.validation, s.test]) for (let i = 1; i < part.length; i++) assert.ok(part[i] > part[i - 1]);
  // Per stratum: round(0.3·n_c) test rows, round(0.15·rest) validation rows.
  const n1 = y.reduce((a, b) => a + b, 0);
  const n0 = 1000 - n1;
  const t = (n: number) => Math.round(0.3 * n);
  const v = (n: number) => Math.round(0.15 * (n - t(n)));
  assert.equal(s.test.length, t(n0) + t(n1));
  assert.equal(s.validation.length, v(n0) + v(n1));
});

test('deterministic: same seed → same rows; different seed → different rows', () => {
  const y = labels(500, 0.3, 9);
  const o = { testFraction: 0.3, validationFraction: 0.15 };
  const a = splitRows(y, { ...o, seed: 7 });
  const b = splitRows(y, { ...o, seed: 7 });
  const c = splitRows(y, { ...o, seed: 8 });
  assert.deepEqual(a, b);
  assert.notDeepEqual([...a.test], [...c.test]);
});

test('stratified: label rate in every split within 1 % of the overall rate', () => {
  const y = labels(5000, 0.1, 3);
  const overall = y.reduce((a, b) => a + b, 0) / y.length;
  const s = splitRows(y, { testFraction: 0.3, validationFraction: 0.15, seed: 1 });
  for (const part of [s.train, s.validation, s.test]) assert.ok(Math.abs(rate(y, part) - overall) < 0.01, `${rate(y, part)} vs ${overall}`);
});

test('grouped by unit: all rows of one unit on the same side; stratified by majority label', () => {
  const r = new Rng(11);
  const unit: number[] = [];
  const yy: number[] = [];
  for (let u = 0; u < 400; u++) {
    const k = 1 + r.int(4);
    const pos = r.bernoulli(0.3);
    for (let j = 0; j < k; j++) {
      unit.push(u);
      yy.push(pos ? 1 : 0);
    }
  }
  // Shuffle the row order so units are interleaved.
  const order = Int32Array.from(unit.keys());
  r.shuffle(order);
  const unitOfRow = Int32Array.from(order, (i) => unit[i]);
  const y = Uint8Array.from(order, (i) => yy[i]);
  const s = splitRows(y, { testFraction: 0.3, validationFraction: 0.15, seed: 2, unitOfRow });
  const side = new Map<number, number>();
  [s.train, s.validation, s.test].forEach((part, k) => {
    for (const i of part) {
      const u = unitOfRow[i];
      assert.ok(!side.has(u) || side.get(u) === k, `unit ${u} on two sides`);
      side.set(u, k);
    }
  });
  assert.equal(side.size, 400);
  assert.ok(Math.abs(s.test.length / y.length - 0.3) < 0.02);
  const overall = y.reduce((a, b) => a + b, 0) / y.length;
  assert.ok(Math.abs(rate(y, s.test) - overall) < 0.03);
});

test('validation fraction 0 gives an empty validation split', () => {
  const s = splitRows(labels(100, 0.5, 1), { testFraction: 0.2, validationFraction: 0, seed: 1 });
  assert.equal(s.validation.length, 0);
  assert.equal(s.test.length + s.train.length, 100);
});
