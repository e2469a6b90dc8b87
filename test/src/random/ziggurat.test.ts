import { test } from 'node:test';
import assert from 'node:assert/strict';
import cdf from '@stdlib/stats-base-dists-normal-cdf';
import { Rng } from '../../../src/random/rng.js';
import { zigguratNormal } from '../../../src/random/ziggurat.js';

test('ziggurat normals match N(0,1): moments and a Kolmogorov–Smirnov test against the normal CDF', () => {
  const n = 200_000;
  const z = new Float32Array(n);
  new Rng(['zig']).fillNormal(z, 1);
  let s = 0,
    s2 = 0,
    s4 = 0;
  for (const v of z) {
    s += v;
    s2 += v * v;
    s4 += v ** 4;
  }
  const mean = s / n;
  const varc = s2 / n - mean * mean;
  assert.ok(Math.abs(mean) < 4 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(varc - 1) < 4 * Math.sqrt(2 / n), `variance ${varc}`);
  assert.ok(Math.abs(s4 / n - 3) < 0.06, `fourth moment ${s4 / n}`);
  const sorted = Float64Array.from(z).sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const F = cdf(sorted[i], 0, 1);
    d = Math.max(d, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
  }
  // KS critical value at level 0.001: 1.95 / sqrt(n)
  assert.ok(d < 1.95 / Math.sqrt(n), `KS distance ${d}`);
  // tails beyond the ziggurat base strip (R ≈ 3.44) occur at the normal rate
  const tail = Array.from(z).filter((v) => Math.abs(v) > 3.5).length / n;
  const expected = 2 * (1 - cdf(3.5, 0, 1));
  assert.ok(Math.abs(tail - expected) < 5 * Math.sqrt(expected / n), `tail rate ${tail} vs ${expected}`);
});

test('fillNormal scales by sd and is reproducible from the seed', () => {
  const a = new Rng(['same']).fillNormal(new Float32Array(1000), 2.5);
  const b = new Rng(['same']).fillNormal(new Float32Array(1000), 2.5);
  assert.deepEqual(Array.from(a), Array.from(b));
  const c = new Rng(['other']).fillNormal(new Float32Array(1000), 2.5);
  assert.notDeepEqual(Array.from(a), Array.from(c));
});

test('fillNormal (fast path inlined) gives exactly the numbers of zigguratNormal, tail and wedge included', () => {
  const n = 300_000;
  const a = new Rng(['zig-same', 1]);
  const b = new Rng(['zig-same', 1]);
  const out = new Float32Array(n);
  a.fillNormal(out, 2.5);
  let tail = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.fround(zigguratNormal(b) * 2.5);
    if (Math.abs(v) > 2.5 * 3.442619855899) tail++;
    assert.equal(out[i], v, `variate ${i}`);
  }
  assert.ok(tail > 0, 'the tail beyond R was exercised');
  assert.equal(a.nextU32(), b.nextU32());
});

test('short fills (JavaScript) and long fills (WebAssembly fast path) continue one stream of zigguratNormal numbers', () => {
  const a = new Rng(['zig-mixed']);
  const b = new Rng(['zig-mixed']);
  for (const len of [100, 5000, 7, 40_000, 255, 256]) {
    const out = a.fillNormal(new Float32Array(len), 0.7);
    for (let i = 0; i < len; i++) assert.equal(out[i], Math.fround(zigguratNormal(b) * 0.7), `fill of ${len}, variate ${i}`);
  }
  assert.equal(a.next(), b.next());
});

test('selectBelow: the same outcomes and the same stream as next() < p in a loop', () => {
  for (const p of [0, 0.054, 0.5, 1]) {
    const a = Rng.from('select', p);
    const b = Rng.from('select', p);
    const out = new Int32Array(5000);
    const n = a.selectBelow(p, 5000, out);
    const want: number[] = [];
    for (let k = 0; k < 5000; k++) if (b.next() < p) want.push(k);
    assert.deepEqual(Array.from(out.subarray(0, n)), want);
    assert.equal(a.next(), b.next()); // the streams continue in step
  }
});

test('selectBelow at the boundary: p equal to one of the drawn uniforms (that draw is not below p), tiny and subnormal p', () => {
  const probe = Rng.from('select-edge');
  const u = Array.from({ length: 300 }, () => probe.next());
  for (const p of [u[17], u[123], u[299], 2 ** -53, 2 ** -1074, 1 - 2 ** -53]) {
    const a = Rng.from('select-edge');
    const b = Rng.from('select-edge');
    const out = new Int32Array(300);
    const n = a.selectBelow(p, 300, out);
    const want: number[] = [];
    for (let k = 0; k < 300; k++) if (b.next() < p) want.push(k);
    assert.deepEqual(Array.from(out.subarray(0, n)), want, `p = ${p}`);
  }
});
