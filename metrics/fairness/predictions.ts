import type { RawCsv } from '../../src/data/csv.js';
import type { GroupAttribute } from '../../src/data/types.js';
import { DpauditError } from '../../src/errors.js';

/**
 * A predictions table (one row per example: y_true, y_pred and/or y_score, sensitive columns) turned into
 * typed arrays. Bad input is a one-line DpauditError naming file, line and column: a missing column,
 * y_true / y_pred not 0 or 1, a score that is not a number in [0, 1], a sensitive column with one value.
 * When the y_pred column is absent, y_pred = y_score ≥ threshold.
 */
export interface PredictionColumns {
  yTrue: string;
  /** Column name; `explicit` = named by the user (then it must exist). */
  yPred: { name: string; explicit: boolean };
  yScore: { name: string; explicit: boolean };
  sensitive: string[];
  threshold: number;
}

export interface ParsedPredictions {
  yTrue: Uint8Array;
  yPred: Uint8Array;
  yScore?: Float64Array;
  groups: GroupAttribute[];
  /** Names of the columns actually used (null = absent). */
  used: { yTrue: string; yPred: string | null; yScore: string | null };
}

function columnIndex(raw: RawCsv, name: string, what: string): number {
  const i = raw.header.indexOf(name);
  if (i < 0)
    throw new DpauditError(`no ${what} column ${JSON.stringify(name)} (columns: ${raw.header.join(', ')})`, {
      location: { file: raw.file, line: 1, column: name },
    });
  return i;
}

function binaryColumn(raw: RawCsv, c: number): Uint8Array {
  const out = new Uint8Array(raw.rows.length);
  const name = raw.header[c];
  for (let r = 0; r < raw.rows.length; r++) {
    const s = raw.rows[r][c].trim();
    const v = s === '' ? NaN : Number(s);
    if (v !== 0 && v !== 1) {
      throw new DpauditError(`expected 0 or 1, got ${s === '' ? 'an empty value' : JSON.stringify(s)}`, {
        location: { file: raw.file, line: raw.lines[r], column: name },
      });
    }
    out[r] = v;
  }
  return out;
}

function scoreColumn(raw: RawCsv, c: number): Float64Array {
  const out = new Float64Array(raw.rows.length);
  const name = raw.header[c];
  for (let r = 0; r < raw.rows.length; r++) {
    const s = raw.rows[r][c].trim();
    const v = s === '' ? NaN : Number(s);
    if (!(v >= 0 && v <= 1)) {
      const why = s === '' ? 'an empty value' : Number.isNaN(v) ? `non-numeric ${JSON.stringify(s)}` : `${s}, outside [0, 1]`;
      throw new DpauditError(`expected a probability in [0, 1], got ${why}`, {
        location: { file: raw.file, line: raw.lines[r], column: name },
      });
    }
    out[r] = v;
  }
  return out;
}

const collator = new Intl.Collator('en', { numeric: true });

/** A sensitive column as a categorical attribute (levels sorted numeric-aware; an empty cell is missing, code −1). */
export function sensitiveColumn(raw: RawCsv, name: string): GroupAttribute {
  const c = columnIndex(raw, name, 'sensitive');
  const seen = new Set<string>();
  let missing = 0;
  for (const row of raw.rows) {
    const v = row[c].trim();
    if (v === '') missing++;
    else seen.add(v);
  }
  const levels = [...seen].sort(collator.compare);
  if (levels.length + (missing > 0 ? 1 : 0) < 2) {
    throw new DpauditError(
      `sensitive column has a single value (${levels.length > 0 ? JSON.stringify(levels[0]) : 'all missing'}): no groups to compare`,
      {
        location: { file: raw.file, column: name },
      },
    );
  }
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(raw.rows.length);
  raw.rows.forEach((row, r) => {
    const v = row[c].trim();
    codes[r] = v === '' ? -1 : (index.get(v) as number);
  });
  return { name, codes, levels };
}

/** y_pred and y_score of a predictions table (y_pred derived from y_score when its column is absent). */
function predictionSet(
  raw: RawCsv,
  cols: PredictionColumns,
): { yPred: Uint8Array; yScore?: Float64Array; yPredName: string | null; yScoreName: string | null } {
  const hasPred = cols.yPred.explicit || raw.header.includes(cols.yPred.name);
  const hasScore = cols.yScore.explicit || raw.header.includes(cols.yScore.name);
  const yScore = hasScore ? scoreColumn(raw, columnIndex(raw, cols.yScore.name, 'y_score')) : undefined;
  let yPred: Uint8Array;
  if (hasPred) yPred = binaryColumn(raw, columnIndex(raw, cols.yPred.name, 'y_pred'));
  else if (yScore !== undefined) yPred = Uint8Array.from(yScore, (s) => (s >= cols.threshold ? 1 : 0));
  else {
    throw new DpauditError(
      `needs a y_pred column (${JSON.stringify(cols.yPred.name)}) or a y_score column (${JSON.stringify(cols.yScore.name)})`,
      {
        location: { file: raw.file, line: 1 },
      },
    );
  }
  return { yPred, yScore, yPredName: hasPred ? cols.yPred.name : null, yScoreName: hasScore ? cols.yScore.name : null };
}

export function parsePredictions(raw: RawCsv, cols: PredictionColumns): ParsedPredictions {
  const yTrue = binaryColumn(raw, columnIndex(raw, cols.yTrue, 'y_true'));
  const p = predictionSet(raw, cols);
  const groups = cols.sensitive.map((s) => sensitiveColumn(raw, s));
  return { yTrue, yPred: p.yPred, yScore: p.yScore, groups, used: { yTrue: cols.yTrue, yPred: p.yPredName, yScore: p.yScoreName } };
}

/** The baseline (non-DP) predictions on the same rows: y_pred / y_score, and y_true when present (null otherwise). */
export function parseBaseline(
  raw: RawCsv,
  cols: PredictionColumns,
): { yTrue: Uint8Array | null; yPred: Uint8Array; yScore?: Float64Array } {
  const yTrue = raw.header.includes(cols.yTrue) ? binaryColumn(raw, columnIndex(raw, cols.yTrue, 'y_true')) : null;
  const p = predictionSet(raw, cols);
  return { yTrue, yPred: p.yPred, yScore: p.yScore };
}

/**
 * Check that a baseline table covers the same rows: the same number of data rows and, when it has the
 * y_true column, the same labels.
 */
export function checkSameRows(
  main: RawCsv,
  baseline: RawCsv,
  yTrueMain: Uint8Array,
  yTrueBaseline: Uint8Array | null,
  yTrueName: string,
): void {
  if (baseline.rows.length !== main.rows.length) {
    throw new DpauditError(
      `has ${baseline.rows.length} data rows, the predictions file ${main.file} has ${main.rows.length}: the baseline must be on the same rows`,
      {
        location: { file: baseline.file },
      },
    );
  }
  if (yTrueBaseline === null) return;
  for (let r = 0; r < yTrueMain.length; r++) {
    if (yTrueBaseline[r] !== yTrueMain[r]) {
      throw new DpauditError(
        `label differs from the predictions file (${main.file}:${main.lines[r]}): the baseline must be on the same rows in the same order`,
        {
          location: { file: baseline.file, line: baseline.lines[r], column: yTrueName },
        },
      );
    }
  }
}

/**
 * Patient codes (0 … P − 1, in order of first appearance) of the id column `name`, for the patient bootstrap
 * (docs/methods.md#bootstrap): rows with the same id are resampled together. An empty id is an input error.
 */
export function patientCodes(raw: RawCsv, name: string): { codes: Int32Array; patients: number } {
  const c = columnIndex(raw, name, 'id');
  const codes = new Int32Array(raw.rows.length);
  const seen = new Map<string, number>();
  for (let r = 0; r < raw.rows.length; r++) {
    const s = raw.rows[r][c].trim();
    if (s === '')
      throw new DpauditError('empty id: every row needs the id of its patient', {
        location: { file: raw.file, line: raw.lines[r], column: name },
      });
    let k = seen.get(s);
    if (k === undefined) seen.set(s, (k = seen.size));
    codes[r] = k;
  }
  return { codes, patients: seen.size };
}
