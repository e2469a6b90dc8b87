/** Small helpers shared by the report's readers of the results contract (src/results). */
import type { Estimate, Interval } from '../../src/results/types.js';

/** An interval as the report shows it, from a bootstrap / Clopper–Pearson CI {lower, upper}; null when absent. */
export function interval(v: { lower: number; upper: number } | null | undefined): Interval | null {
  return v ? { lo: v.lower, hi: v.upper } : null;
}

/** A point value with an optional CI as an Estimate (no `ci` key when there is none). */
export function estimate(value: number | null, ci?: Interval | null): Estimate {
  return ci ? { value, ci } : { value };
}

/** "sex = F, age = 80+" */
export function groupLabel(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, x]) => `${k} = ${x}`)
    .join(', ');
}
