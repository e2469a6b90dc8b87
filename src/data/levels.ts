/**
 * Order of category levels: numeric-aware (`2` < `10`, `(0,19]` < `(19,39]` < `(39,59]`), then by code
 * point, so the order (and therefore one-hot feature order and group order) never depends on locale.
 */
export function compareLevels(a: string, b: string): number {
  const na = leadingNumber(a);
  const nb = leadingNumber(b);
  if (na !== null && nb !== null && na !== nb) return na - nb;
  if (na !== null && nb === null) return -1;
  if (na === null && nb !== null) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The first number in the text (after an optional opening bracket), e.g. `(19,39]` → 19, `80+` → 80. */
function leadingNumber(s: string): number | null {
  const m = /^[([]?\s*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(s.trim());
  return m ? Number(m[1]) : null;
}

export function sortLevels(levels: Iterable<string>): string[] {
  return [...levels].sort(compareLevels);
}
