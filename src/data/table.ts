import type { RawCsv } from './csv.js';
import type { Column, Table } from './types.js';
import { inferColumn } from './infer.js';

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

/** The column with this name; throws a plain Error when absent (callers validate names first). */
export function getColumn(table: Table, name: string): Column {
  const c = table.columns.find((col) => col.name === name);
  if (!c) throw new Error(`no column ${JSON.stringify(name)} in ${table.file}`);
  return c;
}
