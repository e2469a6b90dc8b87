/**
 * Compact results.json: numbers rounded to 4 significant digits (bootstrap CIs of a few thousand test rows
 * justify at most 3; the fourth keeps differences between arms readable), integers untouched, written
 * without indentation. The report and the CSV tables are rendered from the same rounded object, so every
 * output shows the same numbers as results.json.
 */
export const SIGNIFICANT_DIGITS = 4;

/** A number rounded to `digits` significant digits; integers, non-finite values and -0 → 0 handled. */
export function roundSignificant(v: number, digits = SIGNIFICANT_DIGITS): number {
  if (!Number.isFinite(v) || Number.isInteger(v)) return v;
  const r = Number(v.toPrecision(digits));
  return r === 0 ? 0 : r;
}

/** A deep copy of a JSON value with every non-integer number rounded. */
export function roundDeep<T>(value: T, digits = SIGNIFICANT_DIGITS): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'number') return roundSignificant(x, digits);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) if (v !== undefined) out[k] = walk(v);
      return out;
    }
    return x;
  };
  return walk(value) as T;
}

/** results.json text: rounded, one line, newline-terminated. */
export function compactJson(value: unknown): string {
  return `${JSON.stringify(roundDeep(value))}\n`;
}
