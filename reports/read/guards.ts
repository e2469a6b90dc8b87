/**
 * Narrow, total readers for `unknown` values from results.json. Nested objects owned by other
 * modules (fairness, attack summaries, gate) reach the report as `unknown`; these helpers return
 * null instead of throwing so that a missing or partial object degrades to "not measured".
 */
import type { Estimate, Interval } from '../../src/results/types.js';

export type Rec = Record<string, unknown>;

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function rec(v: unknown): Rec | null {
  return isRecord(v) ? v : null;
}

/** The first of several alternative keys that is present. */
export function pick(o: Rec, ...keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined) return o[k];
  return undefined;
}

export function interval(v: unknown): Interval | null {
  if (Array.isArray(v) && v.length === 2) return { lo: num(v[0]), hi: num(v[1]) };
  const o = rec(v);
  if (!o) return null;
  const lo = num(pick(o, 'lo', 'lower', 'low'));
  const hi = num(pick(o, 'hi', 'upper', 'high'));
  return lo === null && hi === null ? null : { lo, hi };
}

/** A number, or an Estimate-like `{ value, ci }` / `{ value, lo, hi }`. */
export function estimate(v: unknown): Estimate {
  const n = num(v);
  if (n !== null) return { value: n };
  const o = rec(v);
  if (!o) return { value: null };
  const value = num(pick(o, 'value', 'estimate', 'point'));
  const ci = interval(o.ci) ?? interval(o);
  const seedSd = num(o.seedSd);
  const out: Estimate = { value };
  if (ci) out.ci = ci;
  if (seedSd !== null) out.seedSd = seedSd;
  return out;
}

/** Group values as a string map ({ sex: "F" }), or null. */
export function groupValues(v: unknown): Record<string, string> | null {
  const o = rec(v);
  if (!o) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
    else return null;
  }
  return out;
}

/** "sex = F, age = 80+" */
export function groupLabel(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, x]) => `${k} = ${x}`)
    .join(', ');
}
