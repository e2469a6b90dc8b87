import { buildGroupings, isSuppressed } from './groups.js';
import { MISSING_TOKENS } from './missing.js';
import { resolveRoles } from './roles.js';
import type { PreparedDataset } from './types.js';
import type { SiteAssignment } from './site-types.js';
import { describeSiteSource, summariseSites, type SiteSummary } from './sites.js';

/** Categorical columns with at most this many levels list their levels in `inspect`. */
export const MAX_LISTED_LEVELS = 20;

export type ColumnRole = 'label' | 'id' | 'sensitive' | 'feature' | 'unused';

/** A count that is either shown or suppressed (docs/methods.md#suppression: 0 < n < k). */
export type LevelCount = { value: string; n: number } | { value: string; suppressed: true };
export type CellCount =
  | { values: Record<string, string>; n: number; belowMinGroupSize: boolean }
  | { values: Record<string, string>; suppressed: true };

export interface InspectColumn {
  name: string;
  type: 'numeric' | 'categorical';
  roles: ColumnRole[];
  /** Missing values over all rows of the file (for numeric columns including stray tokens made missing). */
  missing: number;
  /** Numeric columns: stray tokens counted as missing (with --lenient, or in unused columns), with up to 3 examples. */
  strayTokens?: number;
  strayExamples?: string[];
  /** Categorical columns: number of distinct non-missing values. */
  nLevels?: number;
  /** Categorical columns with at most 20 levels: each level with its row count (over all rows of the file). */
  levels?: LevelCount[];
}

export interface SplitSummary {
  n: number;
  nPositive: number | null;
  positiveRate: number | null;
}

/** The `dpaudit inspect --json` object; its shape is published in schemas/inspect.schema.json. */
export interface InspectReport {
  command: 'inspect';
  dataset: { file: string; sha256: string; embeddedDefault: boolean };
  rows: { inFile: number; kept: number; droppedMissingLabel: number; duplicates: number };
  /** Class counts and rate are null when a class count is suppressed (0 < n < k): one hidden class would be total − the other. */
  label: {
    column: string;
    positive: string;
    negative: string;
    nPositive: number | null;
    nNegative: number | null;
    positiveRate: number | null;
  };
  columns: InspectColumn[];
  /** Model feature columns in file order (before encoding). */
  features: string[];
  /** Subgroup sizes over the kept rows: each sensitive attribute, then their intersection. */
  groups: { attributes: string[]; cells: CellCount[] }[];
  splits: {
    seed: number;
    testFraction: number;
    validationFraction: number;
    groupedBy: string | null;
    train: SplitSummary;
    validation: SplitSummary;
    test: SplitSummary;
  };
  ids: { column: string; distinct: number; repeated: boolean } | null;
  /** With --sites: site sizes and label rates (docs/methods.md#federated), small sites suppressed. */
  sites?: { source: string; sites: SiteSummary[] };
  suppressBelow: number;
  minGroupSize: number;
  missingTokens: string[];
  warnings: string[];
}

export interface InspectOptions {
  /** Suppression threshold k (0 = off; docs/methods.md#suppression). */
  suppressBelow: number;
  /** The embedded example was used because --data was absent. */
  embeddedDefault: boolean;
  /** The sites of a federated audit (--sites). */
  sites?: SiteAssignment;
}

/** Summarise a prepared dataset (pure; no row-level values, small cells suppressed). */
export function inspectDataset(ds: PreparedDataset, opts: InspectOptions): InspectReport {
  const o = ds.options;
  const k = opts.suppressBelow;
  const header = ds.table.columns.map((c) => c.name);
  const roles = resolveRoles(header, o, ds.table.file);
  const columns: InspectColumn[] = ds.table.columns.map((c) => {
    const r: ColumnRole[] = [];
    if (c.name === roles.label) r.push('label');
    if (c.name === roles.id) r.push('id');
    if (roles.sensitive.includes(c.name)) r.push('sensitive');
    if (roles.features.includes(c.name)) r.push('feature');
    if (r.length === 0) r.push('unused');
    if (c.kind === 'numeric') {
      return { name: c.name, type: c.kind, roles: r, missing: c.missing, strayTokens: c.strayTokens, strayExamples: c.strayExamples ?? [] };
    }
    const col: InspectColumn = { name: c.name, type: c.kind, roles: r, missing: c.missing, nLevels: c.levels.length };
    if (c.levels.length <= MAX_LISTED_LEVELS && !r.includes('id')) {
      const n = new Int32Array(c.levels.length);
      for (const code of c.codes) if (code >= 0) n[code]++;
      col.levels = c.levels.map((value, i): LevelCount => (isSuppressed(n[i], k) ? { value, suppressed: true } : { value, n: n[i] }));
    }
    return col;
  });
  let nPositive = 0;
  for (const v of ds.y) nPositive += v;
  const groups = buildGroupings(ds.groups, ds.y.length).map((g) => {
    const n = new Int32Array(g.cells.length);
    for (const c of g.cellOfRow) n[c]++;
    return {
      attributes: g.attributes,
      cells: g.cells.map(
        (c, i): CellCount =>
          isSuppressed(n[i], k)
            ? { values: c.values, suppressed: true }
            : { values: c.values, n: n[i], belowMinGroupSize: n[i] < o.minGroupSize },
      ),
    };
  });
  const summary = (rows: Int32Array): SplitSummary => {
    let p = 0;
    for (const i of rows) p += ds.y[i];
    if (isSuppressed(p, k) || isSuppressed(rows.length - p, k)) return { n: rows.length, nPositive: null, positiveRate: null };
    return { n: rows.length, nPositive: p, positiveRate: rows.length === 0 ? null : p / rows.length };
  };
  return {
    command: 'inspect',
    dataset: { file: o.data, sha256: ds.sha256, embeddedDefault: opts.embeddedDefault },
    rows: { inFile: ds.table.nRows, kept: ds.y.length, droppedMissingLabel: ds.droppedMissingLabel, duplicates: ds.duplicateRows },
    label: {
      column: o.label,
      positive: ds.positiveLabel,
      negative: ds.negativeLabel,
      ...(isSuppressed(nPositive, k) || isSuppressed(ds.y.length - nPositive, k)
        ? { nPositive: null, nNegative: null, positiveRate: null }
        : { nPositive, nNegative: ds.y.length - nPositive, positiveRate: nPositive / ds.y.length }),
    },
    columns,
    features: ds.featureColumns,
    groups,
    splits: {
      seed: o.seed,
      testFraction: o.testFraction,
      validationFraction: o.validationFraction,
      groupedBy: o.id ?? null,
      train: summary(ds.splits.train),
      validation: summary(ds.splits.validation),
      test: summary(ds.splits.test),
    },
    ids: o.id !== undefined && ds.ids ? { column: o.id, distinct: ds.ids.distinct, repeated: ds.ids.repeated } : null,
    ...(opts.sites ? { sites: { source: describeSiteSource(opts.sites.source), sites: summariseSites(opts.sites, ds, k) } } : {}),
    suppressBelow: k,
    minGroupSize: o.minGroupSize,
    missingTokens: [...MISSING_TOKENS],
    warnings: [...ds.warnings, ...(opts.sites?.warnings ?? [])],
  };
}
