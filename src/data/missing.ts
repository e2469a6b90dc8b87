/**
 * Missing-value tokens (docs/methods.md#data). A cell is missing when, after trimming surrounding spaces, it is
 * empty or one of `NA`, `na`, `N/A`, `n/a`, `NaN`, `nan`. `NaN`/`nan` are included because numeric
 * exports from Python (pandas `na_rep`, numpy) write them; they are never a legitimate category value.
 */
export const MISSING_TOKENS: readonly string[] = ['', 'NA', 'na', 'N/A', 'n/a', 'NaN', 'nan'];

const missingSet = new Set(MISSING_TOKENS);

/** True when the (untrimmed) cell text is a missing value. */
export function isMissing(cell: string): boolean {
  return missingSet.has(cell.trim());
}
