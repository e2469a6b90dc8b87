import { DpauditError } from '../errors.js';
import type { CategoricalColumn, Column, NumericColumn } from './types.js';
import type { RawCsv } from './csv.js';
import { isMissing } from './missing.js';
import { parseNumber } from './number.js';
import { sortLevels } from './levels.js';

/** Share of non-missing values that must parse as numbers for the rest to count as stray tokens (docs/methods.md#data). */
export const STRAY_THRESHOLD = 0.95;

export interface InferOptions {
  /** Always categorical (sensitive, label, id and --categorical columns). */
  forceCategorical: boolean;
  /** Stray tokens become counted missing values instead of an error (--lenient). */
  lenient: boolean;
}

/**
 * Infer the type of one raw CSV column and convert it (docs/methods.md#data): numeric when every non-missing
 * value parses as a number; when at least 95 % parse, the rest are stray tokens (`<0.5`, `1,05`) and an
 * input error naming the first offending line and the column, unless `lenient` (then counted missing
 * values); otherwise categorical. Values are trimmed of surrounding spaces.
 */
export function inferColumn(raw: RawCsv, index: number, opts: InferOptions): Column {
  const name = raw.header[index];
  const n = raw.rows.length;
  if (opts.forceCategorical) return categorical(raw, index);
  const values = new Float64Array(n);
  let present = 0;
  let parsed = 0;
  let missing = 0;
  let firstStray = -1;
  for (let r = 0; r < n; r++) {
    const cell = raw.rows[r][index];
    if (isMissing(cell)) {
      values[r] = NaN;
      missing++;
      continue;
    }
    present++;
    const v = parseNumber(cell);
    values[r] = v;
    if (Number.isNaN(v)) {
      if (firstStray < 0) firstStray = r;
    } else parsed++;
  }
  if (parsed === present) return numeric(name, values, missing, 0, []);
  if (parsed >= STRAY_THRESHOLD * present) {
    const stray = present - parsed;
    if (!opts.lenient) {
      const token = raw.rows[firstStray][index].trim();
      throw new DpauditError(
        `numeric column has a stray token ${JSON.stringify(token)} (${stray} of ${present} values are not numbers; fix the file, or --lenient counts them as missing)`,
        { location: { file: raw.file, line: raw.lines[firstStray], column: name } },
      );
    }
    const examples: string[] = [];
    for (let r = 0; r < n && examples.length < 3; r++) {
      if (Number.isNaN(values[r]) && !isMissing(raw.rows[r][index])) {
        const t = raw.rows[r][index].trim();
        if (!examples.includes(t)) examples.push(t);
      }
    }
    return numeric(name, values, missing + stray, stray, examples);
  }
  return categorical(raw, index);
}

function numeric(name: string, values: Float64Array, missing: number, strayTokens: number, strayExamples: string[]): NumericColumn {
  return { name, kind: 'numeric', values, missing, strayTokens, strayExamples };
}

function categorical(raw: RawCsv, index: number): CategoricalColumn {
  const n = raw.rows.length;
  const text: (string | null)[] = new Array(n);
  const distinct = new Set<string>();
  let missing = 0;
  for (let r = 0; r < n; r++) {
    const cell = raw.rows[r][index];
    if (isMissing(cell)) {
      text[r] = null;
      missing++;
    } else {
      const t = cell.trim();
      text[r] = t;
      distinct.add(t);
    }
  }
  const levels = sortLevels(distinct);
  const code = new Map<string, number>(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const t = text[r];
    codes[r] = t === null ? -1 : (code.get(t) as number);
  }
  return { name: raw.header[index], kind: 'categorical', codes, levels, missing };
}
