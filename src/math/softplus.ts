/**
 * softplus(d) = log(1 + e^d), tabulated for hot loops (the gradient-canary likelihood-ratio score evaluates it
 * once per canary per step; docs/methods.md#gradient-canaries).
 *
 * On [−RANGE, RANGE] the function is the cubic Hermite interpolant of softplus and its derivative (the logistic
 * sigmoid) on a grid of spacing h = 1/STEPS_PER_UNIT, stored as one cubic per interval (4 coefficients, Horner in
 * the local coordinate t ∈ [0, 1)). The interpolation error is at most h⁴/384 · max|softplus⁗| ≤ h⁴/384 · 1/8
 * (about 1.9e-11 for h = 1/64), far below anything that can change an ordering of scores built from continuous
 * noise. Outside the range the exact expression is used: e^d·(1 − e^d/2 …) is e^d to machine precision for
 * d < −RANGE, and d + log1p(e^−d) for d > RANGE.
 */
export const RANGE = 32;
export const STEPS_PER_UNIT = 64;
const INTERVALS = 2 * RANGE * STEPS_PER_UNIT;

let table: Float64Array | null = null;

/** log(1 + e^x) without overflow or cancellation (exact; the attacks' signals use it too). */
export function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

function buildTable(): Float64Array {
  const h = 1 / STEPS_PER_UNIT;
  const t = new Float64Array(4 * INTERVALS);
  let x0 = -RANGE;
  let f0 = softplus(x0);
  let g0 = h / (1 + Math.exp(-x0));
  for (let i = 0; i < INTERVALS; i++) {
    const x1 = -RANGE + (i + 1) * h;
    const f1 = softplus(x1);
    const g1 = h / (1 + Math.exp(-x1));
    // p(t) = f0 + g0 t + (3(f1 − f0) − 2g0 − g1) t² + (2(f0 − f1) + g0 + g1) t³, derivatives scaled by h.
    t[4 * i] = f0;
    t[4 * i + 1] = g0;
    t[4 * i + 2] = 3 * (f1 - f0) - 2 * g0 - g1;
    t[4 * i + 3] = 2 * (f0 - f1) + g0 + g1;
    x0 = x1;
    f0 = f1;
    g0 = g1;
  }
  return t;
}

/** The interpolation table (built once, 128 KB): 4 coefficients per interval of [−RANGE, RANGE]. */
export function softplusTable(): Float64Array {
  if (table === null) table = buildTable();
  return table;
}

/**
 * Add base + softplus(c + k·x[j]) to acc[j] for every j < n (the inner loop of the canary score; `base`, `c` and
 * `k` constants). Equal to the exact expression within 2e-11 per term (see above).
 */
export function addSoftplusAffine(acc: Float64Array, x: Float64Array, base: number, c: number, k: number, n = acc.length): void {
  const tab = softplusTable();
  const scale = STEPS_PER_UNIT;
  const off = RANGE * STEPS_PER_UNIT;
  for (let j = 0; j < n; j++) {
    const d = c + k * x[j];
    const u = d * scale + off;
    if (u >= 0 && u < INTERVALS) {
      const i = u | 0;
      const t = u - i;
      const b = i << 2;
      acc[j] += base + (tab[b] + t * (tab[b + 1] + t * (tab[b + 2] + t * tab[b + 3])));
    } else {
      acc[j] += base + softplus(d);
    }
  }
}

/** softplus(d) through the same table, for one value (tests). */
export function softplusTabled(d: number): number {
  const a = new Float64Array(1);
  addSoftplusAffine(a, Float64Array.of(d), 0, 0, 1, 1);
  return a[0];
}
