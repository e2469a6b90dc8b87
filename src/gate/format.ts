/** Number and value formatting shared by the gate's sentences, console table, JUnit and Markdown. */
import type { Comparator } from './policy-schema.js';
import type { GateInterval } from './types.js';

export const COMPARATOR_SYMBOL: Record<Comparator, string> = { '<=': '≤', '<': '<', '>=': '≥', '>': '>' };

/** Four significant digits, no trailing zeros. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

/** "0.542 [0.534, 0.55]" */
export function fmtWithCi(value: number | null, ci: GateInterval | null | undefined): string {
  const v = fmt(value);
  if (!ci || (ci.lo === null && ci.hi === null)) return v;
  return `${v} [${fmt(ci.lo)}, ${fmt(ci.hi)}]`;
}
