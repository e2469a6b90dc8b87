import { DpauditError } from '../errors.js';
import type { DictColumn } from './csv-columns.js';
import { STRAY_THRESHOLD, type InferOptions } from './infer.js';
import { sortLevels } from './levels.js';
import { isMissing } from './missing.js';
import { parseNumber } from './number.js';
import type { CategoricalColumn, Column, NumericColumn } from './types.js';
import { gatherF64 } from './typed.js';

/** A stray token found while typing a column: where it is, for one error listing several. */
export interface StrayToken {
  line: number;
  column: string;
  token: string;
}

/** At most this many stray tokens are listed in one error (first lines first). */
export const MAX_LISTED_TOKENS = 20;

/**
 * Type one dictionary-encoded column with the rules of `inferColumn` (each distinct text parsed once).
 * A numeric column with stray tokens (and not lenient) returns them in `stray` (up to MAX_LISTED_TOKENS,
 * in row order) instead of throwing, so that the caller can report the tokens of every column at once.
 */
export function inferDictColumn(
  name: string,
  col: DictColumn,
  lines: Int32Array,
  opts: InferOptions,
): { column: Column; stray: StrayToken[]; strayCount: number; present: number } {
  const { dict, codes } = col;
  const n = codes.length;
  const count = new Int32Array(dict.length);
  for (let r = 0; r < n; r++) count[codes[r]]++;
  const missingD = dict.map((t) => isMissing(t));
  if (opts.forceCategorical) return { column: categorical(name, col, missingD), stray: [], strayCount: 0, present: 0 };
  const valueD = new Float64Array(dict.length);
  let present = 0;
  let parsed = 0;
  for (let d = 0; d < dict.length; d++) {
    if (missingD[d]) {
      valueD[d] = NaN;
      continue;
    }
    valueD[d] = parseNumber(dict[d]);
    present += count[d];
    if (!Number.isNaN(valueD[d])) parsed += count[d];
  }
  const isStray = (d: number) => !missingD[d] && Number.isNaN(valueD[d]);
  const values = () => gatherF64(codes, valueD);
  let missing = 0;
  for (let d = 0; d < dict.length; d++) if (missingD[d]) missing += count[d];
  if (parsed === present) return { column: numeric(name, values(), missing, 0, []), stray: [], strayCount: 0, present };
  if (parsed >= STRAY_THRESHOLD * present) {
    const strayCount = present - parsed;
    if (!opts.lenient) {
      const stray: StrayToken[] = [];
      for (let r = 0; r < n && stray.length < MAX_LISTED_TOKENS; r++)
        if (isStray(codes[r])) stray.push({ line: lines[r], column: name, token: dict[codes[r]] });
      return { column: numeric(name, values(), missing + strayCount, strayCount, []), stray, strayCount, present };
    }
    const examples: string[] = [];
    for (let r = 0; r < n && examples.length < 3; r++) {
      const c = codes[r];
      if (isStray(c) && !examples.includes(dict[c])) examples.push(dict[c]);
    }
    return { column: numeric(name, values(), missing + strayCount, strayCount, examples), stray: [], strayCount, present };
  }
  return { column: categorical(name, col, missingD), stray: [], strayCount: 0, present };
}

/** One error for the stray tokens of every column: the first (by line) named in the location, up to 20 listed. */
export function strayTokensError(file: string, found: { stray: StrayToken[]; strayCount: number; present: number }[]): DpauditError {
  const all = found.flatMap((f) => f.stray).sort((a, b) => a.line - b.line || (a.column < b.column ? -1 : 1));
  const first = all[0];
  const firstCol = found.find((f) => f.stray.includes(first)) as { strayCount: number; present: number };
  const total = found.reduce((a, f) => a + f.strayCount, 0);
  const listed = all.slice(0, MAX_LISTED_TOKENS);
  const more = listed.slice(1).map((t) => `line ${t.line} column ${JSON.stringify(t.column)} ${JSON.stringify(t.token)}`);
  return new DpauditError(
    `numeric column has a stray token ${JSON.stringify(first.token)} (${firstCol.strayCount} of ${firstCol.present} values are not numbers; fix the file, or --lenient counts them as missing)${more.length ? `; also ${more.join(', ')}${total > listed.length ? ` and ${total - listed.length} more` : ''}` : ''}`,
    { location: { file, line: first.line, column: first.column } },
  );
}

function numeric(name: string, values: Float64Array, missing: number, strayTokens: number, strayExamples: string[]): NumericColumn {
  return { name, kind: 'numeric', values, missing, strayTokens, strayExamples };
}

function categorical(name: string, col: DictColumn, missingD: boolean[]): CategoricalColumn {
  const { dict, codes } = col;
  const used = new Uint8Array(dict.length);
  let missing = 0;
  for (let r = 0; r < codes.length; r++) used[codes[r]] = 1;
  const distinct = new Set<string>();
  for (let d = 0; d < dict.length; d++) if (used[d] && !missingD[d]) distinct.add(dict[d]);
  const levels = sortLevels(distinct);
  const index = new Map<string, number>(levels.map((l, i) => [l, i]));
  const map = Int32Array.from(dict, (t, d) => (missingD[d] ? -1 : (index.get(t) ?? -1)));
  const out = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    out[r] = map[codes[r]];
    if (out[r] < 0) missing++;
  }
  return { name, kind: 'categorical', codes: out, levels, missing };
}
