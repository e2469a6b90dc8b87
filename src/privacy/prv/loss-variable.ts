import { erfc } from '../../math/erfc.js';

/**
 * Privacy loss random variables (PRVs) of one step of the Poisson-subsampled Gaussian mechanism with
 * sampling rate q and noise multiplier σ (sensitivity 1). With Q = N(0, σ²), P = N(1, σ²) and the
 * mixture M = (1 − q)Q + qP, the privacy loss at output x is g(x) = log(M(x)/Q(x)) =
 * log(1 − q + q·e^{(2x − 1)/(2σ²)}), increasing in x. Two directions of add/remove adjacency:
 * - `remove`: Y = g(x), x ~ M (the pair Opacus and Gopi et al. use); support (log(1 − q), ∞).
 * - `add`:    Y = −g(x), x ~ Q (the pair (Q, M)); support (−∞, −log(1 − q)).
 * δ(ε) of a pair is E[(1 − e^{ε − Y})₊]; the accountant takes the larger of the two directions.
 * The CDF formulas are Propositions B1/B4 of Gopi, Lee, Wutschitz (2021) for `remove`, derived the same
 * way for `add`.
 */
export interface PrivacyLossVariable {
  /** P[Y ≤ t]. */
  cdf(t: number): number;
  /** P[Y > t], computed without cancellation in the upper tail. */
  sf(t: number): number;
  /** E[Y | a < Y ≤ b] by quadrature in the output space (relative accuracy ~1e-12). */
  truncatedMean(a: number, b: number): number;
}

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Φ(u) and 1 − Φ(u) via erfc (accurate in both tails). */
function Phi(u: number): number {
  return 0.5 * erfc(-u * INV_SQRT2);
}
function PhiC(u: number): number {
  return 0.5 * erfc(u * INV_SQRT2);
}

export function subsampledGaussianLoss(
  sampleRate: number,
  noiseMultiplier: number,
): { remove: PrivacyLossVariable; add: PrivacyLossVariable } {
  const q = sampleRate;
  const sigma = noiseMultiplier;
  if (!(q > 0 && q <= 1)) throw new RangeError(`sample rate must be in (0, 1], got ${q}`);
  if (!(sigma > 0 && Number.isFinite(sigma))) throw new RangeError(`noise multiplier must be positive and finite, got ${sigma}`);
  const s2 = sigma * sigma;
  const logQ = Math.log(q);
  const lower = Math.log1p(-q); // inf of the support of g (−∞ when q = 1)

  /** The output x at which g(x) = t (t > log(1 − q)): σ²·log((e^t − 1 + q)/q) + ½. */
  const xAt = (t: number): number => {
    if (!(t > lower)) return -Infinity;
    const u = t > 30 ? t + Math.log1p((q - 1) * Math.exp(-t)) : Math.log(Math.expm1(t) + q);
    return s2 * (u - logQ) + 0.5;
  };
  /** g(x), the privacy loss of the pair (M, Q) at x. */
  const g = (x: number): number => {
    const w = (2 * x - 1) / (2 * s2);
    return w > 30 ? w + Math.log(q + (1 - q) * Math.exp(-w)) : Math.log1p(q * Math.expm1(w));
  };
  const densQ = (x: number): number => (INV_SQRT_2PI / sigma) * Math.exp(-0.5 * (x / sigma) ** 2);
  const densM = (x: number): number => (1 - q) * densQ(x) + q * densQ(x - 1);
  // Quadrature window in x: beyond 14σ the Gaussian densities are below e^{−98}.
  const xMin = -14 * sigma;
  const xMax = 1 + 14 * sigma;

  const remove: PrivacyLossVariable = {
    cdf(t) {
      const x = xAt(t);
      if (x === -Infinity) return 0;
      return (1 - q) * Phi(x / sigma) + q * Phi((x - 1) / sigma);
    },
    sf(t) {
      const x = xAt(t);
      if (x === -Infinity) return 1;
      return (1 - q) * PhiC(x / sigma) + q * PhiC((x - 1) / sigma);
    },
    truncatedMean(a, b) {
      return ratioIntegral(Math.max(xAt(a), xMin), Math.min(xAt(b), xMax), (x) => g(x), densM);
    },
  };
  const add: PrivacyLossVariable = {
    cdf(t) {
      const x = xAt(-t);
      if (x === -Infinity) return 1;
      return PhiC(x / sigma);
    },
    sf(t) {
      const x = xAt(-t);
      if (x === -Infinity) return 0;
      return Phi(x / sigma);
    },
    truncatedMean(a, b) {
      // a < −g(x) ≤ b  ⇔  x*(−b) ≤ x < x*(−a)
      const hi = xAt(-a);
      return ratioIntegral(Math.max(xAt(-b), xMin), Math.min(hi === -Infinity ? -Infinity : hi, xMax), (x) => -g(x), densQ);
    },
  };
  return { remove, add };
}

/** ∫ f·w / ∫ w over [lo, hi] by composite Simpson with 8192 intervals (NaN when the interval is empty). */
function ratioIntegral(lo: number, hi: number, f: (x: number) => number, w: (x: number) => number): number {
  if (!(hi > lo)) return NaN;
  const m = 8192;
  const h = (hi - lo) / m;
  let num = 0;
  let den = 0;
  for (let i = 0; i <= m; i++) {
    const x = lo + i * h;
    const c = i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2;
    const wx = w(x);
    den += c * wx;
    if (wx > 0) num += c * wx * f(x);
  }
  return num / den;
}
