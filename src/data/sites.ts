import { DpauditError } from '../errors.js';
import { Rng } from '../random/rng.js';
import type { SiteAssignment, SiteSource } from './site-types.js';
import { isSuppressed } from './groups.js';
import { complementarySuppression } from './suppression.js';
import type { PreparedDataset } from './types.js';

/**
 * Sites of a federated audit (docs/methods.md#federated): which site (hospital, region) holds every prepared row.
 * `--sites COLUMN`: each value of the column is a site; `--sites k --site-split iid|dirichlet:α`: a seeded
 * partition of the privacy units into k sites — `iid` deals each label class's shuffled units round-robin
 * (equal sizes and label rates), `dirichlet:α` draws, for every label class, proportions p ~ Dir(α, …, α) over
 * the sites and deals that class's shuffled units in those proportions (non-IID by label; small α, more skew).
 * All rows of one privacy unit (patient, with --id) go to one site.
 */

/** Largest number of sites: every site is one member of the stacked program of a round. */
export const MAX_SITES = 64;

/** The site source from `--sites` (a column name, or a number k of sites) and `--site-split` (k only). */
export function parseSiteSource(sites: string | number, siteSplit?: string): SiteSource {
  const text = String(sites).trim();
  if (text === '') throw new DpauditError('expected a column name or a number of sites', { location: { option: 'sites' } });
  if (/^[0-9]+$/.test(text)) {
    const k = Number(text);
    if (k < 2 || k > MAX_SITES)
      throw new DpauditError(`${text} sites: a number of sites must be between 2 and ${MAX_SITES}`, { location: { option: 'sites' } });
    return { kind: 'split', k, split: parseSiteSplit(siteSplit ?? 'iid') };
  }
  if (siteSplit !== undefined)
    throw new DpauditError(`applies to --sites k (a number of sites), not to the column ${JSON.stringify(text)}`, {
      location: { option: 'site-split' },
    });
  return { kind: 'column', column: text };
}

function parseSiteSplit(v: string): { kind: 'iid' } | { kind: 'dirichlet'; alpha: number } {
  const t = v.trim();
  if (t === 'iid') return { kind: 'iid' };
  const m = /^dirichlet:(.+)$/.exec(t);
  const alpha = m ? Number(m[1]) : Number.NaN;
  if (m && Number.isFinite(alpha) && alpha > 0) return { kind: 'dirichlet', alpha };
  throw new DpauditError(`expected iid or dirichlet:α with α > 0 (e.g. dirichlet:0.5), got ${JSON.stringify(v)}`, {
    location: { option: 'site-split' },
  });
}

/** The canonical text of a source (messages, results). */
export function describeSiteSource(s: SiteSource): string {
  if (s.kind === 'column') return `column ${JSON.stringify(s.column)}`;
  return `${s.k} sites, ${s.split.kind === 'iid' ? 'iid' : `dirichlet:${s.split.alpha}`} split`;
}

type SiteData = Pick<PreparedDataset, 'table' | 'rowIndex' | 'y' | 'units' | 'options'>;

/** The site of every prepared row; seeded (`seed`: the run's root seed) for a split. */
export function assignSites(ds: SiteData, source: SiteSource, seed: number): SiteAssignment {
  return source.kind === 'column' ? sitesFromColumn(ds, source) : sitesFromSplit(ds, source, seed);
}

function sitesFromColumn(ds: SiteData, source: Extract<SiteSource, { kind: 'column' }>): SiteAssignment {
  const col = ds.table.columns.find((c) => c.name === source.column);
  if (!col)
    throw new DpauditError(
      `no column ${JSON.stringify(source.column)} in ${ds.table.file} (columns: ${ds.table.columns.map((c) => c.name).join(', ')})`,
      { location: { option: 'sites' } },
    );
  if (source.column === ds.options.label || source.column === ds.options.id)
    throw new DpauditError(
      `${JSON.stringify(source.column)} is the ${source.column === ds.options.label ? 'label' : 'id'} column; it cannot define sites`,
      {
        location: { option: 'sites' },
      },
    );
  const n = ds.y.length;
  // Raw value of every kept row as a text key, missing as "(missing)".
  const raw: string[] = new Array(n);
  if (col.kind === 'categorical') {
    for (let i = 0; i < n; i++) {
      const c = col.codes[ds.rowIndex[i]];
      raw[i] = c < 0 ? '(missing)' : col.levels[c];
    }
  } else {
    for (let i = 0; i < n; i++) {
      const v = col.values[ds.rowIndex[i]];
      raw[i] = Number.isNaN(v) ? '(missing)' : String(v);
    }
  }
  // Site order: the column's level order (numeric order for numbers), "(missing)" last; only values present.
  const present = new Set(raw);
  const ordered =
    col.kind === 'categorical'
      ? col.levels.filter((l) => present.has(l))
      : [...present].filter((v) => v !== '(missing)').sort((a, b) => Number(a) - Number(b));
  if (present.has('(missing)')) ordered.push('(missing)');
  if (ordered.length < 2)
    throw new DpauditError(
      `the column ${JSON.stringify(source.column)} has ${ordered.length} value(s) among the kept rows; federation needs at least 2 sites`,
      {
        location: { option: 'sites' },
      },
    );
  if (ordered.length > MAX_SITES)
    throw new DpauditError(
      `the column ${JSON.stringify(source.column)} has ${ordered.length} distinct values; at most ${MAX_SITES} sites`,
      {
        location: { option: 'sites' },
      },
    );
  const index = new Map(ordered.map((v, k) => [v, k]));
  const siteOfRow = Int32Array.from(raw, (v) => index.get(v) as number);
  const warnings: string[] = [];
  // All rows of a patient go to one site: the site of most of the patient's rows (ties: the first in site order).
  if (ds.units.kind === 'patient') {
    const k = ordered.length;
    const counts = new Int32Array(ds.units.count * k);
    for (let i = 0; i < n; i++) counts[ds.units.unitOfRow[i] * k + siteOfRow[i]]++;
    const siteOfUnit = new Int32Array(ds.units.count);
    let split = 0;
    for (let u = 0; u < ds.units.count; u++) {
      let best = 0;
      let nonzero = 0;
      for (let s = 0; s < k; s++) {
        if (counts[u * k + s] > 0) nonzero++;
        if (counts[u * k + s] > counts[u * k + best]) best = s;
      }
      siteOfUnit[u] = best;
      if (nonzero > 1) split++;
    }
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const s = siteOfUnit[ds.units.unitOfRow[i]];
      if (s !== siteOfRow[i]) moved++;
      siteOfRow[i] = s;
    }
    if (split > 0)
      warnings.push(
        `--sites ${source.column}: ${split} patient(s) have rows at several sites; each patient is placed at the site of most of their rows (${moved} row(s) moved)`,
      );
  }
  return { source, names: ordered, siteOfRow, ...(warnings.length > 0 ? { warnings } : {}) };
}

function sitesFromSplit(ds: SiteData, source: Extract<SiteSource, { kind: 'split' }>, seed: number): SiteAssignment {
  const { k, split } = source;
  const n = ds.y.length;
  const units = ds.units;
  // Majority label of every unit (ties count as positive, as the train/test split does).
  const size = new Int32Array(units.count);
  const pos = new Int32Array(units.count);
  for (let i = 0; i < n; i++) {
    size[units.unitOfRow[i]]++;
    pos[units.unitOfRow[i]] += ds.y[i];
  }
  const rng = Rng.from(seed, 'sites', k, split.kind, split.kind === 'dirichlet' ? split.alpha : null);
  const siteOfUnit = new Int32Array(units.count);
  let offset = 0;
  for (const label of [0, 1]) {
    const cls: number[] = [];
    for (let u = 0; u < units.count; u++) if (size[u] > 0 && (2 * pos[u] >= size[u] ? 1 : 0) === label) cls.push(u);
    rng.shuffle(cls);
    if (split.kind === 'iid') {
      // Round-robin, continuing across classes so that site sizes differ by at most one unit.
      for (let j = 0; j < cls.length; j++) siteOfUnit[cls[j]] = (offset + j) % k;
      offset = (offset + cls.length) % k;
    } else {
      const p = dirichlet(rng, split.alpha, k);
      // Cut points round(cumsum(p) · n_class): site s gets the units between its cuts.
      let start = 0;
      let cum = 0;
      for (let s = 0; s < k; s++) {
        cum += p[s];
        const end = s === k - 1 ? cls.length : Math.min(cls.length, Math.round(cum * cls.length));
        for (let j = start; j < end; j++) siteOfUnit[cls[j]] = s;
        start = Math.max(start, end);
      }
    }
  }
  const siteOfRow = Int32Array.from(units.unitOfRow, (u) => siteOfUnit[u]);
  return { source, names: Array.from({ length: k }, (_, s) => `site-${s + 1}`), siteOfRow };
}

/**
 * One draw of Dir(α, …, α) over k categories: normalised Gamma(α, 1) draws, computed in log space so that a
 * small α (whose draws underflow) still gives a proper distribution.
 */
export function dirichlet(rng: Rng, alpha: number, k: number): Float64Array {
  const logG = new Float64Array(k);
  for (let s = 0; s < k; s++) logG[s] = logGamma(rng, alpha);
  let max = -Infinity;
  for (const v of logG) if (v > max) max = v;
  const p = new Float64Array(k);
  let sum = 0;
  for (let s = 0; s < k; s++) {
    p[s] = Math.exp(logG[s] - max);
    sum += p[s];
  }
  for (let s = 0; s < k; s++) p[s] /= sum;
  return p;
}

/** log of a Gamma(a, 1) draw: Marsaglia–Tsang for a ≥ 1; for a < 1, Gamma(a + 1)·U^{1/a}. */
function logGamma(rng: Rng, a: number): number {
  if (a < 1) {
    const u = 1 - rng.next(); // (0, 1]
    return logGamma(rng, a + 1) + Math.log(u) / a;
  }
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return Math.log(d * v);
  }
}

/** Rows (or privacy units) of every site among `rows`. */
export function siteCounts(a: Pick<SiteAssignment, 'names' | 'siteOfRow'>, rows: Int32Array, unitOfRow?: Int32Array): number[] {
  const k = a.names.length;
  if (!unitOfRow) {
    const c = new Array<number>(k).fill(0);
    for (const r of rows) c[a.siteOfRow[r]]++;
    return c;
  }
  const seen = new Set<number>();
  const c = new Array<number>(k).fill(0);
  for (const r of rows) {
    const u = unitOfRow[r];
    if (seen.has(u)) continue;
    seen.add(u);
    c[a.siteOfRow[r]]++;
  }
  return c;
}

/**
 * The unit that suppression counts at the sites (docs/methods.md#suppression): the patient when the data has
 * patient ids (a site of 30 rows from 4 patients holds 4), else the row (undefined: count rows).
 */
export function suppressionUnits(ds: Pick<PreparedDataset, 'units'>): Int32Array | undefined {
  return ds.units.kind === 'patient' ? ds.units.unitOfRow : undefined;
}

/**
 * Positive rate of every site among `rows` (positive rows / rows), hidden (null) when the site is empty or
 * either class is a suppressed cell: its rows, or with `unitOfRow` its patients (those with any positive row,
 * and those with any negative row, at that site).
 */
export function siteRates(
  a: Pick<SiteAssignment, 'names' | 'siteOfRow'>,
  rows: Int32Array,
  y: ArrayLike<number>,
  k: number,
  unitOfRow?: Int32Array,
): (number | null)[] {
  const n = siteCounts(a, rows);
  const pos = sitePositives(a, rows, y);
  if (!unitOfRow) return n.map((x, s) => siteRate(x, pos[s], k));
  const posUnits = siteCounts(
    a,
    rows.filter((r) => y[r] === 1),
    unitOfRow,
  );
  const negUnits = siteCounts(
    a,
    rows.filter((r) => y[r] !== 1),
    unitOfRow,
  );
  return n.map((x, s) => (x === 0 || isSuppressed(posUnits[s], k) || isSuppressed(negUnits[s], k) ? null : pos[s] / x));
}

/** Positive labels of every site among `rows`. */
export function sitePositives(a: Pick<SiteAssignment, 'names' | 'siteOfRow'>, rows: Int32Array, y: ArrayLike<number>): number[] {
  const c = new Array<number>(a.names.length).fill(0);
  for (const r of rows) c[a.siteOfRow[r]] += y[r];
  return c;
}

/** A site's positive rate, hidden (null) when the site is empty or either class count is suppressed (docs/methods.md#suppression). */
export function siteRate(n: number, positives: number, k: number): number | null {
  return n === 0 || isSuppressed(positives, k) || isSuppressed(n - positives, k) ? null : positives / n;
}

/**
 * Hidden sites of a table of per-site counts (docs/methods.md#suppression): a site with a count in (0, k) is
 * hidden, or already hidden in `hidden`; the totals of each count are published elsewhere (kept rows, split
 * sizes), so while the hidden non-empty sites of a count are fewer than two or hold fewer than k together, the
 * smallest visible site is hidden too (`complementarySuppression` with one sum per count).
 */
export function hiddenSites(counts: readonly (readonly number[])[], k: number, hidden?: readonly boolean[]): boolean[] {
  const S = counts.length;
  const h = Uint8Array.from(counts, (c, s) => (hidden?.[s] || c.some((n) => isSuppressed(n, k)) ? 1 : 0));
  if (S > 0) {
    const sites = counts.map((_, s) => s);
    complementarySuppression(
      (s, j) => counts[s][j],
      h,
      counts[0].map(() => [-1, sites] as const),
      k,
    );
  }
  return Array.from(h, (x) => x === 1);
}

/** What `inspect` (and the report) shows of one site: sizes and label rates, small cells suppressed. */
export type SiteSummary =
  | { site: string; rows: number; trainRows: number | null; positiveRate: number | null }
  | { site: string; suppressed: true };

/**
 * Sizes and label rates of every site (kept rows; the training pool beside), suppressed as any cell
 * (docs/methods.md#suppression): the kept rows and the training pool's size are published, so a site is hidden
 * when it holds 0 < n < k rows (patients, when ids repeat) or by complementary suppression over the sites, and
 * its training count likewise over the training pool (a hidden site's included); its rate is hidden when either
 * class count of the site is suppressed.
 */
export function summariseSites(
  a: Pick<SiteAssignment, 'names' | 'siteOfRow'>,
  ds: Pick<PreparedDataset, 'y' | 'splits' | 'units' | 'ids'>,
  suppressBelow: number,
): SiteSummary[] {
  const all = Int32Array.from(ds.y, (_, i) => i);
  const unitOfRow = suppressionUnits(ds);
  const n = siteCounts(a, all);
  const t = siteCounts(a, ds.splits.train);
  const rate = siteRates(a, all, ds.y, suppressBelow, unitOfRow);
  const hidden = hiddenSites(
    (unitOfRow ? siteCounts(a, all, unitOfRow) : n).map((x) => [x]),
    suppressBelow,
  );
  const trainHidden = hiddenSites(
    (unitOfRow ? siteCounts(a, ds.splits.train, unitOfRow) : t).map((x) => [x]),
    suppressBelow,
    hidden,
  );
  return a.names.map(
    (site, s): SiteSummary =>
      hidden[s] ? { site, suppressed: true } : { site, rows: n[s], trainRows: trainHidden[s] ? null : t[s], positiveRate: rate[s] },
  );
}
