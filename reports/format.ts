/** Number formatting for tables and sentences. Undefined metrics are shown as "—" (never 0). */
import type { Estimate, Interval } from '../src/results/types.js';

export const MISSING = '—';

export function fmt(v: number | null | undefined, digits = 3): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  if (v !== 0 && Math.abs(v) < 10 ** -digits) return v.toExponential(1);
  return v.toFixed(digits);
}

export function fmtCi(ci: Interval | null | undefined, digits = 3): string {
  if (!ci || ci.lo === null || ci.hi === null) return '';
  return `[${fmt(ci.lo, digits)}, ${fmt(ci.hi, digits)}]`;
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
