import { erfc } from '../math/erfc.js';

/**
 * Log-space arithmetic used by the accountants: log(e^a + e^b), log(e^a − e^b), logsumexp and a
 * log erfc that stays finite far into the tail (where erfc underflows).
 */
export function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log(e^a − e^b) for a ≥ b; −∞ when a = b. Throws when a < b (a negative number has no logarithm). */
export function logSub(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (a < b) throw new RangeError(`logSub: ${a} < ${b}`);
  if (a === b) return -Infinity;
  return a + Math.log(-Math.expm1(b - a));
}

export function logSumExp(xs: ArrayLike<number>): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (xs[i] > m) m = xs[i];
  if (m === -Infinity || m === Infinity) return m;
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i] - m);
  return m + Math.log(s);
}

const LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

/** log erfc(x), accurate for all x: direct below x = 25, the asymptotic series above (relative error < 1e-15 there). */
export function logErfc(x: number): number {
  if (x < 25) return Math.log(erfc(x));
  const r = 1 / (2 * x * x);
  // erfc(x) = e^{−x²}/(x√π) · (1 − r + 3r² − 15r³ + 105r⁴ − …), r = 1/(2x²)
  const series = 1 - r * (1 - 3 * r * (1 - 5 * r * (1 - 7 * r)));
  return -x * x - Math.log(x) - LOG_SQRT_PI + Math.log(series);
}
