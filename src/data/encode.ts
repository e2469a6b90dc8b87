import { getColumn } from './table.js';
import type { CategoricalColumn, EncodedMatrix, EncoderState, NumericColumn, PreparedDataset } from './types.js';

/** Name of the missing-indicator feature of a numeric column and of the missing level of a categorical one. */
export const MISSING_LEVEL = '(missing)';

/**
 * Fit the encoder on the given rows (the training pool; indices into the prepared rows, i.e. into `ds.y`).
 * Feature order: every numeric feature column in file order (its standardised value, then its missing
 * indicator when the training rows have missing values), then every categorical one in file order (one
 * column per level seen in the training rows, in level order, then the missing level when the training rows
 * have missing values). Numerics: missing values imputed with the training median, then standardised with
 * the mean and population standard deviation of the imputed training values (std 0 → 1), as scikit-learn's
 * SimpleImputer(median) → StandardScaler does. Data-dependent preprocessing: not covered by ε.
 */
export function fitEncoder(ds: PreparedDataset, rows: Int32Array): EncoderState {
  const numeric: EncoderState['numeric'] = [];
  const categorical: EncoderState['categorical'] = [];
  for (const name of ds.featureColumns) {
    const col = getColumn(ds.table, name);
    if (col.kind === 'numeric') numeric.push(fitNumeric(col, ds.rowIndex, rows));
    else categorical.push(fitCategorical(col, ds.rowIndex, rows));
  }
  const featureNames: string[] = [];
  for (const s of numeric) {
    featureNames.push(s.name);
    if (s.missingIndicator) featureNames.push(`${s.name}=${MISSING_LEVEL}`);
  }
  for (const s of categorical) {
    for (const l of s.levels) featureNames.push(`${s.name}=${l}`);
    if (s.missingLevel) featureNames.push(`${s.name}=${MISSING_LEVEL}`);
  }
  return { numeric, categorical, featureNames };
}

function fitNumeric(col: NumericColumn, rowIndex: Int32Array, rows: Int32Array): EncoderState['numeric'][number] {
  const observed: number[] = [];
  for (const i of rows) {
    const v = col.values[rowIndex[i]];
    if (!Number.isNaN(v)) observed.push(v);
  }
  const missing = rows.length - observed.length;
  const median = observed.length === 0 ? 0 : medianOf(Float64Array.from(observed));
  let sum = 0;
  for (const v of observed) sum += v;
  sum += missing * median;
  const n = rows.length;
  const mean = n === 0 ? 0 : sum / n;
  let ss = 0;
  for (const v of observed) ss += (v - mean) * (v - mean);
  ss += missing * (median - mean) * (median - mean);
  const sd = n === 0 ? 0 : Math.sqrt(ss / n);
  return { name: col.name, mean, std: sd > 0 ? sd : 1, median, missingIndicator: missing > 0 };
}

function medianOf(v: Float64Array): number {
  v.sort();
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function fitCategorical(col: CategoricalColumn, rowIndex: Int32Array, rows: Int32Array): EncoderState['categorical'][number] {
  const seen = new Uint8Array(col.levels.length);
  let missing = false;
  for (const i of rows) {
    const c = col.codes[rowIndex[i]];
    if (c < 0) missing = true;
    else seen[c] = 1;
  }
  return { name: col.name, levels: col.levels.filter((_, k) => seen[k] === 1), missingLevel: missing };
}

/**
 * Encode the given rows (indices into the prepared rows) with a fitted state: row-major n × d float32.
 * A missing numeric value gets the training median (standardised) and indicator 1; a categorical level
 * not seen in the training rows (or a missing value when the training rows had none) is all zeros.
 */
export function encode(ds: PreparedDataset, state: EncoderState, rows: Int32Array): EncodedMatrix {
  const n = rows.length;
  const d = state.featureNames.length;
  const X = new Float32Array(n * d);
  let j = 0;
  for (const s of state.numeric) {
    const col = getColumn(ds.table, s.name) as NumericColumn;
    const imputed = (s.median - s.mean) / s.std;
    for (let r = 0; r < n; r++) {
      const v = col.values[ds.rowIndex[rows[r]]];
      const miss = Number.isNaN(v);
      X[r * d + j] = miss ? imputed : (v - s.mean) / s.std;
      if (s.missingIndicator && miss) X[r * d + j + 1] = 1;
    }
    j += s.missingIndicator ? 2 : 1;
  }
  for (const s of state.categorical) {
    const col = getColumn(ds.table, s.name) as CategoricalColumn;
    // Map the column's codes to output offsets (−1 = no column).
    const offset = new Int32Array(col.levels.length).fill(-1);
    const pos = new Map(s.levels.map((l, k) => [l, k]));
    col.levels.forEach((l, c) => {
      const k = pos.get(l);
      if (k !== undefined) offset[c] = k;
    });
    const missingAt = s.missingLevel ? s.levels.length : -1;
    for (let r = 0; r < n; r++) {
      const c = col.codes[ds.rowIndex[rows[r]]];
      const k = c < 0 ? missingAt : offset[c];
      if (k >= 0) X[r * d + j + k] = 1;
    }
    j += s.levels.length + (s.missingLevel ? 1 : 0);
  }
  return { X, n, d };
}
