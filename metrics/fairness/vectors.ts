import { N_METRICS } from './engine.js';
import { METRIC_KEYS, RATE_KEYS, type Interval, type Metrics, type RateKey, type RateRecord } from './types.js';

/** Conversions from internal metric vectors (NaN = undefined) to the output records (null = undefined). */
export function nullable(v: number): number | null {
  return Number.isNaN(v) ? null : v;
}

export function metricsOf(mv: Float64Array, slot: number): Metrics {
  const out: Record<string, number | null> = {};
  METRIC_KEYS.forEach((k, m) => {
    out[k] = nullable(mv[slot * N_METRICS + m]);
  });
  return out as Metrics;
}

/** The rate metrics of a slot from a rate-major vector v[slot * RATE_KEYS.length + r]. */
export function ratesOf(v: Float64Array, slot: number): RateRecord {
  const out: Record<string, number | null> = {};
  RATE_KEYS.forEach((k, r) => {
    out[k] = nullable(v[slot * RATE_KEYS.length + r]);
  });
  return out as RateRecord;
}

export function rateIntervalsOf(intervals: (Interval | null)[], slot: number): { [K in RateKey]: Interval | null } {
  const out: Record<string, Interval | null> = {};
  RATE_KEYS.forEach((k, r) => {
    out[k] = intervals[slot * RATE_KEYS.length + r];
  });
  return out as { [K in RateKey]: Interval | null };
}

/** Copy the rate metrics of every slot from metric vectors into a rate-major vector at out[o ..]. */
export function copyRates(mv: Float64Array, nSlots: number, out: Float64Array, o: number): void {
  const R = RATE_KEYS.length;
  const first = N_METRICS - R;
  for (let s = 0; s < nSlots; s++) for (let r = 0; r < R; r++) out[o + s * R + r] = mv[s * N_METRICS + first + r];
}
