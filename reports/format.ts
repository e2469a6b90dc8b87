/** Number formatting for tables and sentences. Undefined metrics are shown as "—" (never 0). */
import type { Estimate, Interval } from '../src/results/types.js';

export const MISSING = '—';

/** Below this a number is shown as "< 0.000001" (or "> -0.000001"): no reader needs the seventh decimal. */
export const SMALLEST_SHOWN = 1e-6;

/**
 * A number with `digits` decimals, never in scientific notation. A non-zero value that would round to zero
 * keeps one significant digit ("0.0004", "-0.00079") down to 0.000001, and is "< 0.000001" (or
 * "> -0.000001") below that, so that a small value is neither shown as 0 nor as 4.0e-4.
 */
export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  const a = Math.abs(v);
  if (v !== 0 && a < 0.5 * 10 ** -digits) {
    if (a < SMALLEST_SHOWN) return v > 0 ? `< ${SMALLEST_SHOWN.toFixed(6)}` : `> -${SMALLEST_SHOWN.toFixed(6)}`;
    // One significant digit: as many decimals as the first non-zero digit needs (after rounding to it).
    const d = Math.max(digits, -Math.floor(Math.log10(Number(a.toPrecision(1)))));
    return v.toFixed(d);
  }
  const out = v.toFixed(digits);
  // toFixed never uses exponents below 1e21; "-0.000" for a value that rounds to zero from below is shown as 0.
  return /^-0\.?0*$/.test(out) ? out.slice(1) : out;
}

export function fmtCi(ci: Interval | null | undefined, digits = 3): string {
  if (!ci || ci.lo === null || ci.hi === null) return '';
  return `[${fmt(ci.lo, digits)}, ${fmt(ci.hi, digits)}]`;
}

/**
 * fmtCi, except that a zero-width interval [v, v] (every bootstrap resample gave the same value, e.g. a
 * sensitivity of 1 in a group with no or few positives) is labelled as degenerate instead of looking like certainty.
 */
export function fmtCiOrDegenerate(ci: Interval | null | undefined, digits = 3): string {
  if (ci && ci.lo !== null && ci.hi !== null && ci.lo === ci.hi) return `[degenerate: every resample ${fmt(ci.lo, digits)}]`;
  return fmtCi(ci, digits);
}

export function fmtEstimate(e: Estimate | null | undefined, digits = 3): string {
  if (!e || e.value === null) return MISSING;
  const ci = fmtCi(e.ci, digits);
  return ci ? `${fmt(e.value, digits)} ${ci}` : fmt(e.value, digits);
}

export function fmtPercent(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  return `${(v * 100).toFixed(digits)} %`;
}

/** ε for display: "ε = 4", or "no guarantee" for arms without one. */
export function fmtEpsilon(eps: number | null): string {
  return eps === null ? 'no guarantee' : `ε = ${Number(eps.toPrecision(4))}`;
}

/** "0.1 %" for an FPR of 0.001. */
export function fmtRate(r: number): string {
  return `${Number((r * 100).toPrecision(3))} %`;
}
