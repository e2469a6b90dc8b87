/**
 * Exact duplicates: rows identical in every column of the file (dropped and unused columns included, after
 * trimming spaces) are one record. Only counts and record indices are kept: duplicate rows are never printed
 * (reports must not show row-level records).
 */
export type DuplicateHandling = 'group' | 'keep' | 'drop';
export const DUPLICATE_HANDLING: readonly DuplicateHandling[] = ['group', 'keep', 'drop'];

export interface DuplicateRecords {
  /** recordOfRow[i] = index of the distinct record of row i, numbered in order of first appearance. */
  recordOfRow: Int32Array;
  /** Number of distinct records. */
  records: number;
  /** Rows that repeat an earlier row exactly (rows − records). */
  duplicateRows: number;
}

export function duplicateRecords(rows: readonly (readonly string[])[]): DuplicateRecords {
  const seen = new Map<string, number>();
  const recordOfRow = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const key = rows[i].map((c) => c.trim()).join('\u0000');
    let r = seen.get(key);
    if (r === undefined) {
      r = seen.size;
      seen.set(key, r);
    }
    recordOfRow[i] = r;
  }
  return { recordOfRow, records: seen.size, duplicateRows: rows.length - seen.size };
}

/**
 * The same over dictionary-encoded columns (codes of trimmed texts: equal codes = equal trimmed cells):
 * an open-addressing hash table of row indices keyed by a hash of the row's codes, collisions resolved by
 * comparing the codes (no per-row strings; records numbered in order of first appearance, as above).
 */
export function duplicateRecordsOfColumns(columns: readonly { codes: Int32Array }[], nRows: number): DuplicateRecords {
  const recordOfRow = new Int32Array(nRows);
  let cap = 1;
  while (cap < 2 * nRows) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const C = columns.length;
  const cols = columns.map((c) => c.codes);
  const equal = (a: number, b: number): boolean => {
    for (let j = 0; j < C; j++) if (cols[j][a] !== cols[j][b]) return false;
    return true;
  };
  let records = 0;
  for (let i = 0; i < nRows; i++) {
    // FNV-1a style mix of the row's codes (32-bit).
    let h = 0x811c9dc5;
    for (let j = 0; j < C; j++) h = Math.imul(h ^ cols[j][i], 0x01000193);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const rep = table[slot];
      if (rep < 0) {
        table[slot] = i;
        recordOfRow[i] = records++;
        break;
      }
      if (equal(rep, i)) {
        recordOfRow[i] = recordOfRow[rep];
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { recordOfRow, records, duplicateRows: nRows - records };
}

/** Number of rows that repeat an earlier row exactly (every field, after trimming spaces). */
export function countDuplicateRows(rows: readonly (readonly string[])[]): number {
  return duplicateRecords(rows).duplicateRows;
}

/**
 * Units per row for the fleet's inclusion masks: copies of one record share a unit, numbered in order of
 * first appearance among `rows` (so without duplicates unit i is row i and the masks equal per-row masks).
 */
export function compactUnits(rows: Int32Array, recordOfRow: Int32Array): { unitOfPos: Int32Array; units: number } {
  const index = new Map<number, number>();
  const unitOfPos = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const rec = recordOfRow[rows[i]];
    let u = index.get(rec);
    if (u === undefined) {
      u = index.size;
      index.set(rec, u);
    }
    unitOfPos[i] = u;
  }
  return { unitOfPos, units: index.size };
}
