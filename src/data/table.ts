import type { RawCsv } from './csv.js';
import type { Column, Table } from './types.js';
import { inferColumn } from './infer.js';
import type { ColumnarCsv } from './csv-columns.js';
import { inferDictColumn, strayTokensError } from './infer-dict.js';

export interface TableOptions {
  /** Columns that are always categorical (sensitive, label, id, --categorical). */
  categorical: ReadonlySet<string>;
  /** --lenient: stray tokens in numeric columns become counted missing values. */
  lenient: boolean;
  /** Columns that are not used by the model (dropped): stray tokens there are counted, never an error. */
  unused?: ReadonlySet<string>;
}

/** Typed table from a parsed CSV: one inferred column per header name, in file order (docs/methods.md#data). */
export function buildTable(raw: RawCsv, opts: TableOptions): Table {
  const columns: Column[] = raw.header.map((name, j) =>
    inferColumn(raw, j, { forceCategorical: opts.categorical.has(name), lenient: opts.lenient || (opts.unused?.has(name) ?? false) }),
  );
  return { file: raw.file, nRows: raw.rows.length, columns, lines: Int32Array.from(raw.lines) };
}

/**
 * Typed table from a dictionary-encoded CSV (the large-file path): the same typing rules; stray tokens of
 * every column are reported in one error (up to 20, first line first).
 */
export function buildTableFromColumns(raw: ColumnarCsv, opts: TableOptions): Table {
  const typed = raw.header.map((name, j) =>
    inferDictColumn(name, raw.columns[j], raw.lines, {
      forceCategorical: opts.categorical.has(name),
      lenient: opts.lenient || (opts.unused?.has(name) ?? false),
    }),
  );
  const bad = typed.filter((t) => t.stray.length > 0);
  if (bad.length > 0) throw strayTokensError(raw.file, bad);
  return { file: raw.file, nRows: raw.nRows, columns: typed.map((t) => t.column), lines: raw.lines };
}

/** The column with this name; throws a plain Error when absent (callers validate names first). */
export function getColumn(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw new Error(`no column ${JSON.stringify(name)} in ${table.file}`);
  return c;
}
