/**
 * Compact form of a chart's inline data for the page: rows of objects become columns, a field with the
 * same value on every row is stored once (hoisted constants such as a method label or a metric name), and
 * a text column with repeated values is stored as a dictionary plus indices. The page script
 * (templates/boot.js, `unpackRows`) rebuilds the rows before Vega sees them; `unpackRows` here is the same
 * algorithm, used by the tests.
 *
 * Format: `{ n, k: {field: constant}, c: {field: values[] | {d: dictionary[], i: indices[]}}, m: {field: absentRows[]} }`.
 * A field absent from some rows is listed in `m` with the rows that lack it (so `datum.x === undefined` still holds).
 */
type Row = Record<string, unknown>;

export interface PackedColumnDict {
  d: unknown[];
  i: number[];
}

export interface PackedRows {
  n: number;
  k?: Record<string, unknown>;
  c?: Record<string, unknown[] | PackedColumnDict>;
  m?: Record<string, number[]>;
}

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const key = (v: unknown) => JSON.stringify(v ?? null);

/** Pack `rows` (plain objects with JSON values). Returns null when the rows are not all plain objects. */
export function packRows(rows: readonly unknown[]): PackedRows | null {
  if (!rows.every(isRow)) return null;
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const r of rows)
    for (const f of Object.keys(r))
      if (!seen.has(f)) {
        seen.add(f);
        fields.push(f);
      }
  const out: PackedRows = { n: rows.length };
  for (const f of fields) {
    const absent: number[] = [];
    const values: unknown[] = [];
    rows.forEach((r, i) => {
      if (Object.hasOwn(r, f)) values.push(r[f]);
      else absent.push(i);
    });
    if (absent.length) (out.m ??= {})[f] = absent;
    // Present values only, in row order (the absent rows are skipped on unpacking).
    const distinct = new Map<string, number>();
    for (const v of values) if (!distinct.has(key(v))) distinct.set(key(v), distinct.size);
    if (distinct.size === 1 && values.length > 0) {
      (out.k ??= {})[f] = values[0];
      continue;
    }
    const text = values.some((v) => typeof v === 'string' || isRow(v) || Array.isArray(v));
    if (text && distinct.size * 2 <= values.length) {
      const d = [...distinct.keys()].map((s) => JSON.parse(s) as unknown);
      (out.c ??= {})[f] = { d, i: values.map((v) => distinct.get(key(v)) as number) };
    } else (out.c ??= {})[f] = values.map((v) => (v === undefined ? null : v));
  }
  return out;
}

/** Rebuild the rows of `packRows` (field order: the order in which the fields first appear). */
export function unpackRows(p: PackedRows): Row[] {
  const rows: Row[] = Array.from({ length: p.n }, () => ({}));
  const fields = new Set([...Object.keys(p.k ?? {}), ...Object.keys(p.c ?? {})]);
  for (const f of fields) {
    const absent = new Set(p.m?.[f] ?? []);
    const col = p.c?.[f];
    let j = 0;
    for (let i = 0; i < p.n; i++) {
      if (absent.has(i)) continue;
      if (col === undefined) rows[i][f] = p.k?.[f];
      else if (Array.isArray(col)) rows[i][f] = col[j];
      else rows[i][f] = col.d[col.i[j]];
      j++;
    }
  }
  return rows;
}

/**
 * Pack the inline data sets of a compiled Vega spec (top-level `data[].values`) in place, into a store
 * shared by all specs of the page: each data set with at least `minRows` rows gets `ref` (its key in the
 * store) and an empty `values` (so the spec stays valid Vega). Identical data sets (a chart's wide and
 * narrow variants) are stored once.
 */
export function packSpecData(spec: unknown, store: Record<string, PackedRows>, minRows = 8): void {
  const data = (spec as { data?: unknown }).data;
  if (!Array.isArray(data)) return;
  for (const d of data) {
    if (!isRow(d) || !Array.isArray(d.values) || d.values.length < minRows) continue;
    const p = packRows(d.values);
    if (!p) continue;
    const text = JSON.stringify(p);
    let ref = Object.keys(store).find((k) => JSON.stringify(store[k]) === text);
    if (!ref) {
      ref = `d${Object.keys(store).length}`;
      store[ref] = p;
    }
    d.values = [];
    d.ref = ref;
  }
}
