import type { PrivacyUnits } from './units.js';
import type { SiteAssignment } from './site-types.js';

/**
 * Typed values of the data layer. The pipeline: RawCsv → Table (typed columns) → PreparedDataset
 * (label, group labels, splits) → EncodedMatrix (features fitted on the training pool).
 */
export type ColumnKind = 'numeric' | 'categorical';

export interface NumericColumn {
  name: string;
  kind: 'numeric';
  /** NaN = missing. */
  values: Float64Array;
  missing: number;
  /** Stray tokens turned into missing values by --lenient (included in `missing`). */
  strayTokens: number;
  /** Up to 3 distinct stray tokens, for messages and `inspect`. */
  strayExamples?: string[];
}

export interface CategoricalColumn {
  name: string;
  kind: 'categorical';
  /** Code per row into `levels`; -1 = missing. */
  codes: Int32Array;
  /** Distinct non-missing values, sorted (numeric-aware). */
  levels: string[];
  missing: number;
}

export type Column = NumericColumn | CategoricalColumn;

export interface Table {
  file: string;
  nRows: number;
  columns: Column[];
  /** 1-based file line of each row (for messages). */
  lines: Int32Array;
}

export interface DatasetOptions {
  data: string;
  label: string;
  positiveLabel?: string;
  sensitive: string[];
  features?: string[];
  drop: string[];
  categorical: string[];
  id?: string;
  lenient: boolean;
  strict: boolean;
  minGroupSize: number;
  testFraction: number;
  validationFraction: number;
  seed: number;
  /** Rows identical in every column of the file: one record on one side of every split and fleet mask (group, default), kept as separate rows (keep), or only the first copy kept (drop). */
  duplicates?: 'group' | 'keep' | 'drop';
  /** Manifest mode (--features none): no feature columns; an external trainer loads its own inputs per row. */
  manifest?: true;
}

export interface SplitIndices {
  /** Row indices into the prepared dataset (after dropping missing labels), sorted ascending. */
  train: Int32Array;
  validation: Int32Array;
  test: Int32Array;
}

export interface GroupAttribute {
  name: string;
  /** Level per row; -1 = missing (metrics/groups.ts turns it into the level "(missing)"). */
  codes: Int32Array;
  levels: string[];
}

export interface PreparedDataset {
  options: DatasetOptions;
  table: Table;
  /** Rows kept (label present), as indices into `table`. */
  rowIndex: Int32Array;
  /** Binary label per kept row (1 = positive class). */
  y: Uint8Array;
  positiveLabel: string;
  negativeLabel: string;
  /** Sensitive attributes per kept row. */
  groups: GroupAttribute[];
  /** Feature column names (after features/drop/id/label removal). */
  featureColumns: string[];
  splits: SplitIndices;
  droppedMissingLabel: number;
  /** Rows (among the kept ones, before any drop) that repeat an earlier row in every column of the file. */
  duplicateRows: number;
  /** How duplicates were handled (docs/methods.md#duplicates). */
  duplicateHandling: 'group' | 'keep' | 'drop';
  /** With duplicates 'group': record index per kept row (copies share one); the fleet's masks keep a record's copies together. */
  recordOfRow?: Int32Array;
  /** Number of distinct ids and whether any repeats (only with --id). */
  ids?: { distinct: number; repeated: boolean };
  /** The privacy unit of every kept row (record, or patient with --id). */
  units: PrivacyUnits;
  warnings: string[];
  /** Federated sweeps (--sites): the site of every kept row (docs/methods.md#federated). */
  sites?: SiteAssignment;
  /** SHA-256 of the input file bytes. */
  sha256: string;
}

/** Fitted encoder state (fitted on the training pool only), recorded in results and model sidecars. */
export interface EncoderState {
  numeric: { name: string; mean: number; std: number; median: number; missingIndicator: boolean }[];
  categorical: { name: string; levels: string[]; missingLevel: boolean }[];
  featureNames: string[];
}

export interface EncodedMatrix {
  /** Row-major n × d float32 features of the given rows. */
  X: Float32Array;
  n: number;
  d: number;
}
