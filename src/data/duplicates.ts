/**
 * Number of rows that repeat an earlier row exactly (every field, after trimming spaces).
 * Only a count is kept: duplicate rows are never printed (reports must not show row-level records).
 */
export function countDuplicateRows(rows: readonly (readonly string[])[]): number {
  const seen = new Set<string>();
  let dup = 0;
  for (const r of rows) {
    const key = r.map((c) => c.trim()).join('\u0000');
    if (seen.has(key)) dup++;
    else seen.add(key);
  }
  return dup;
}
