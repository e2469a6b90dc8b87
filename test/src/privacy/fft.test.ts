import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fft, fftJs, fftKernelLoaded, isPowerOfTwo, nextPowerOfTwo } from '../../../src/privacy/fft.js';
import { Rng } from '../../../src/random/rng.js';

test('FFT equals the naive DFT and inverts', () => {
  for (const n of [1, 2, 8, 64]) {
    const re = Float64Array.from({ length: n }, (_, i) => Math.sin(1.3 * i) + 0.1 * i);
    const im = Float64Array.from({ length: n }, (_, i) => Math.cos(0.7 * i * i));
    const xr = new Float64Array(re);
    const xi = new Float64Array(im);
    fft(xr, xi);
    for (let k = 0; k < n; k++) {
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        const a = (-2 * Math.PI * j * k) / n;
        sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
        si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
      }
      assert.ok(Math.abs(xr[k] - sr) < 1e-10 && Math.abs(xi[k] - si) < 1e-10, `n=${n} k=${k}`);
    }
    fft(xr, xi, true);
    for (let j = 0; j < n; j++) assert.ok(Math.abs(xr[j] - re[j]) < 1e-12 && Math.abs(xi[j] - im[j]) < 1e-12);
  }
});

test('cyclic convolution through the FFT matches the direct sum', () => {
  const n = 32;
  const a = Float64Array.from({ length: n }, (_, i) => (i < 5 ? i + 1 : 0));
  const b = Float64Array.from({ length: n }, (_, i) => (i < 3 ? 2 - i : 0));
  const ar = new Float64Array(a),
    ai = new Float64Array(n),
    br = new Float64Array(b),
    bi = new Float64Array(n);
  fft(ar, ai);
  fft(br, bi);
  const cr = new Float64Array(n),
    ci = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    cr[k] = ar[k] * br[k] - ai[k] * bi[k];
    ci[k] = ar[k] * bi[k] + ai[k] * br[k];
  }
  fft(cr, ci, true);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[j] * b[(k - j + n) % n];
    assert.ok(Math.abs(cr[k] - s) < 1e-12, `k=${k}`);
  }
});

test('sizes: power-of-two checks and errors', () => {
  assert.equal(nextPowerOfTwo(1000), 1024);
  assert.equal(nextPowerOfTwo(1024), 1024);
  assert.ok(isPowerOfTwo(4096) && !isPowerOfTwo(12));
  assert.throws(() => fft(new Float64Array(12), new Float64Array(12)), /power of 2/);
});

test('the WebAssembly transform equals the JavaScript loop bit for bit (forward and inverse, 64 to 2^17 points)', () => {
  // Node 20 has WebAssembly SIMD: without the kernel, fft() would run the very loop it is compared with.
  assert.ok(fftKernelLoaded());
  const rng = new Rng(21);
  for (const n of [64, 128, 1024, 4096, 1 << 17, 256]) {
    for (const inverse of [false, true]) {
      const re = Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? 0 : rng.normal() * 10 ** ((i % 7) - 3)));
      const im = Float64Array.from({ length: n }, (_, i) => (i % 13 === 0 ? -0 : rng.normal()));
      const r2 = re.slice();
      const i2 = im.slice();
      fft(re, im, inverse);
      fftJs(r2, i2, inverse);
      let differ = 0;
      for (let k = 0; k < n; k++) if (!Object.is(re[k], r2[k]) || !Object.is(im[k], i2[k])) differ++;
      assert.equal(differ, 0, `n = ${n}, inverse = ${inverse}`);
    }
  }
});
