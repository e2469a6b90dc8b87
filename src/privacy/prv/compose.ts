import { fft } from '../fft.js';
import type { Grid } from './grid.js';

/** One mechanism on the common grid: its discretised remove- and add-direction PRVs, and how often it runs. */
export interface GridComponent {
  remove: Float64Array;
  add: Float64Array;
  steps: number;
}

/**
 * Compose mechanisms by FFT: the PMF of a sum of independent PRVs is the convolution of their PMFs;
 * in the frequency domain T-fold self-composition is the T-th power (binary exponentiation) and
 * different mechanisms multiply. The two directions travel together as the real and imaginary parts of
 * one complex sequence (two real FFTs for the price of one). The cyclic result is rolled so that it lies
 * on the same lattice as the inputs (see `grid.ts`); mass outside the window wraps around, which the
 * domain size of the accountant makes negligible (Gopi, Lee, Wutschitz 2021, §5).
 */
export function composeOnGrid(components: readonly GridComponent[], grid: Grid): { remove: Float64Array; add: Float64Array } {
  const n = grid.size;
  const half = n >> 1;
  // Accumulated spectra of the two directions for k = 0..n/2 (the rest follow by conjugate symmetry).
  const cr = new Float64Array(half + 1).fill(1);
  const ci = new Float64Array(half + 1);
  const dr = new Float64Array(half + 1).fill(1);
  const di = new Float64Array(half + 1);
  let totalSteps = 0;
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (const comp of components) {
    if (comp.remove.length !== n || comp.add.length !== n) throw new RangeError('composeOnGrid: component size differs from the grid');
    totalSteps += comp.steps;
    re.set(comp.remove);
    im.set(comp.add);
    fft(re, im);
    for (let k = 0; k <= half; k++) {
      const k2 = (n - k) & (n - 1);
      // Z = A + iB with A, B the spectra of two real sequences.
      const ar = 0.5 * (re[k] + re[k2]);
      const ai = 0.5 * (im[k] - im[k2]);
      const br = 0.5 * (im[k] + im[k2]);
      const bi = -0.5 * (re[k] - re[k2]);
      complexPow(ar, ai, comp.steps);
      const pr = powRe;
      const pi = powIm;
      complexPow(br, bi, comp.steps);
      const sr = powRe;
      const si = powIm;
      let x = cr[k] * pr - ci[k] * pi;
      ci[k] = cr[k] * pi + ci[k] * pr;
      cr[k] = x;
      x = dr[k] * sr - di[k] * si;
      di[k] = dr[k] * si + di[k] * sr;
      dr[k] = x;
    }
  }
  // W = C + iD, with C_{n−k} = conj(C_k) and D_{n−k} = conj(D_k).
  for (let k = 0; k <= half; k++) {
    re[k] = cr[k] - di[k];
    im[k] = ci[k] + dr[k];
    if (k > 0 && k < half) {
      re[n - k] = cr[k] + di[k];
      im[n - k] = -ci[k] + dr[k];
    }
  }
  fft(re, im, true);
  // Sum index K ↦ grid index K − (T − 1)·n/2 (mod n).
  const offset = (((totalSteps - 1) % n) * half) % n;
  const remove = new Float64Array(n);
  const add = new Float64Array(n);
  // remove[k] = re[(k + offset) mod n]: two straight runs.
  remove.set(re.subarray(offset));
  remove.set(re.subarray(0, offset), n - offset);
  add.set(im.subarray(offset));
  add.set(im.subarray(0, offset), n - offset);
  return { remove, add };
}

// complexPow's result (module scratch: no array per call in the loop over the spectrum).
let powRe = 1;
let powIm = 0;

/** z^m for a non-negative integer m by binary exponentiation, into (powRe, powIm). */
function complexPow(zr: number, zi: number, m: number): void {
  let rr = 1;
  let ri = 0;
  let br = zr;
  let bi = zi;
  let e = m;
  while (e > 0) {
    if (e % 2 === 1) {
      const x = rr * br - ri * bi;
      ri = rr * bi + ri * br;
      rr = x;
    }
    e = Math.floor(e / 2);
    if (e > 0) {
      const x = br * br - bi * bi;
      bi = 2 * br * bi;
      br = x;
    }
  }
  powRe = rr;
  powIm = ri;
}
