import { parse } from 'csv-parse/sync';
import { DpauditError } from '../errors.js';
import { checkHeader, readCsvText } from './csv.js';

/**
 * A CSV read straight into dictionary-encoded columns: for every column the distinct (trimmed) cell texts
 * and one Int32 code per row. No per-row arrays or strings are kept, so a 1 M-row file costs about
 * 4 bytes per cell plus its distinct values (the string-per-cell form costs ~25× the file).
 */
export interface DictColumn {
  /** Distinct trimmed cell texts, in order of first appearance. */
  dict: string[];
  /** codes[r] = index into dict of row r's cell. */
  codes: Int32Array;
}

export interface ColumnarCsv {
  file: string;
  header: string[];
  nRows: number;
  columns: DictColumn[];
  /** 1-based file line of each row (where the record ends, as csv-parse counts). */
  lines: Int32Array;
  sha256: string;
}

export type ReadProgress = (fraction: number, rows: number) => void;

class Growable {
  a: Int32Array;
  n = 0;
  constructor(cap = 1024) {
    this.a = new Int32Array(cap);
  }
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.n);
  }
}

/** Read and parse a CSV file into dictionary-encoded columns (same rules and errors as readCsvFile). */
export function readCsvColumns(file: string, progress?: ReadProgress): ColumnarCsv {
  const { text, sha256 } = readCsvText(file);
  return { ...parseCsvColumns(text, file, progress), sha256 };
}

export function parseCsvColumns(text: string, file: string, progress?: ReadProgress): Omit<ColumnarCsv, 'sha256'> {
  if (text.replace(/^\uFEFF/, '').trim().length === 0) throw new DpauditError('file is empty', { location: { file } });
  // Fast path for the common large file: no quotes and LF / CRLF line ends (every field is then plain text).
  if (!text.includes('"') && !/\r(?!\n)/.test(text)) return parseUnquoted(text, file, progress);
  let header: string[] | null = null;
  let maps: Map<string, number>[] = [];
  let dicts: string[][] = [];
  let codes: Growable[] = [];
  const lines = new Growable();
  let nextReport = 0;
  const total = text.length;
  try {
    parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], ctx: { lines: number; bytes: number }) => {
        if (header === null) {
          header = checkHeader(record, ctx.lines, file);
          maps = header.map(() => new Map());
          dicts = header.map(() => []);
          codes = header.map(() => new Growable());
          return null;
        }
        if (record.length !== header.length) {
          if (header.length > 1 && record.length === 1 && record[0].trim() === '') return null; // a whitespace-only line
          throw new DpauditError(`ragged row: ${record.length} fields, the header has ${header.length}`, {
            location: { file, line: ctx.lines },
          });
        }
        for (let j = 0; j < record.length; j++) {
          const t = record[j].trim();
          const m = maps[j];
          let c = m.get(t);
          if (c === undefined) {
            c = dicts[j].length;
            m.set(t, c);
            dicts[j].push(t);
          }
          codes[j].push(c);
        }
        lines.push(ctx.lines);
        if (progress && lines.n >= nextReport) {
          nextReport = lines.n + 100_000;
          progress(Math.min(1, ctx.bytes / total), lines.n);
        }
        return null;
      },
    });
  } catch (e) {
    if (e instanceof DpauditError) throw e;
    const err = e as { message?: string; lines?: number };
    const msg = (err.message ?? 'parse error').replace(/^Invalid Record Length:.*/, 'ragged row').split('\n')[0];
    throw new DpauditError(`invalid CSV: ${msg.replace(/ at line \d+.*$/, '')}`, { location: { file, line: err.lines } });
  }
  if (header === null) throw new DpauditError('file is empty', { location: { file } });
  const h: string[] = header;
  if (lines.n === 0) throw new DpauditError('no data rows after the header', { location: { file } });
  return { file, header: h, nRows: lines.n, columns: dicts.map((dict, j) => ({ dict, codes: codes[j].done() })), lines: lines.done() };
}

/** The code of a (trimmed) cell text in its column's dictionary, adding it when new. */
function codeOf(map: Map<string, number>, dict: string[], t: string): number {
  let c = map.get(t);
  if (c === undefined) {
    c = dict.length;
    map.set(t, c);
    dict.push(t);
  }
  return c;
}

/** The same result as csv-parse for text without quotes or lone CR: lines split on LF, fields on commas. */
function parseUnquoted(text: string, file: string, progress?: ReadProgress): Omit<ColumnarCsv, 'sha256'> {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNo = 0;
  let header: string[] | null = null;
  let maps: Map<string, number>[] = [];
  let dicts: string[][] = [];
  let codes: Growable[] = [];
  let rowCodes = new Int32Array(0);
  const lines = new Growable();
  let nextReport = 100_000;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    lineNo++;
    let stop = end;
    if (stop > pos && text.charCodeAt(stop - 1) === 13) stop--;
    const start = pos;
    pos = end + 1;
    if (stop === start) continue; // empty line
    if (header === null) {
      header = checkHeader(text.slice(start, stop).split(','), lineNo, file);
      maps = header.map(() => new Map());
      dicts = header.map(() => []);
      codes = header.map(() => new Growable());
      rowCodes = new Int32Array(header.length);
      continue;
    }
    // Fields by scanning for commas (no per-row array of strings); codes are committed once the row's field
    // count is known to match the header.
    const H = header.length;
    let nf = 0;
    let f = start;
    for (;;) {
      let comma = text.indexOf(',', f);
      if (comma < 0 || comma > stop) comma = stop;
      if (nf < H) {
        // Trim only when an end is whitespace (the common cell needs no new string).
        const a = text.charCodeAt(f);
        const b = text.charCodeAt(comma - 1);
        const cell = text.slice(f, comma);
        // String.prototype.trim also removes non-ASCII spaces: any non-ASCII end goes through it.
        const ws = f < comma && (a <= 32 || b <= 32 || a >= 0x80 || b >= 0x80);
        rowCodes[nf] = codeOf(maps[nf], dicts[nf], ws ? cell.trim() : cell);
      }
      nf++;
      if (comma >= stop) break;
      f = comma + 1;
    }
    if (nf !== H) {
      if (H > 1 && nf === 1 && text.slice(start, stop).trim() === '') continue; // a whitespace-only line
      throw new DpauditError(`ragged row: ${nf} fields, the header has ${H}`, { location: { file, line: lineNo } });
    }
    for (let j = 0; j < H; j++) codes[j].push(rowCodes[j]);
    lines.push(lineNo);
    if (progress && lines.n >= nextReport) {
      nextReport = lines.n + 100_000;
      progress(pos / text.length, lines.n);
    }
  }
  if (header === null) throw new DpauditError('file is empty', { location: { file } });
  const h: string[] = header;
  if (lines.n === 0) throw new DpauditError('no data rows after the header', { location: { file } });
  return { file, header: h, nRows: lines.n, columns: dicts.map((dict, j) => ({ dict, codes: codes[j].done() })), lines: lines.done() };
}
