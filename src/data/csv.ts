import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DpauditError } from '../errors.js';

/** A parsed CSV: header and string cells, with the 1-based file line of each data row. */
export interface RawCsv {
  file: string;
  header: string[];
  rows: string[][];
  /** lines[i] is the 1-based line number of rows[i] in the file (for error messages). */
  lines: number[];
  /** SHA-256 (hex) of the file bytes as read (set by readCsvFile; parseCsvText hashes the UTF-8 text). */
  sha256: string;
}

/**
 * Read a CSV file (RFC 4180: UTF-8 with or without BOM, CRLF or LF, quoted fields with commas,
 * quotes and newlines, trailing blank lines). Errors are one-line DpauditErrors naming file and line.
 */
export function readCsvFile(file: string): RawCsv {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new DpauditError('is a directory, expected a CSV file', { location: { file } });
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof DpauditError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new DpauditError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'error'})`, { location: { file } });
  }
  const text = decodeUtf8(bytes, file);
  return { ...parseCsvText(text, file), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Strict UTF-8 decoding: a Latin-1 or UTF-16 file is an input error naming the line of the first bad byte. */
function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    let line = 1;
    for (let i = 0; i < bad; i++) if (bytes[i] === 0x0a) line++;
    throw new DpauditError('file is not valid UTF-8 (re-save it as UTF-8)', { location: { file, line } });
  }
}

function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return 0;
}

export function parseCsvText(text: string, file: string): RawCsv {
  if (text.replace(/^\uFEFF/, '').trim().length === 0) throw new DpauditError('file is empty', { location: { file } });
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { message?: string; lines?: number };
    const msg = (err.message ?? 'parse error').replace(/^Invalid Record Length:.*/, 'ragged row').split('\n')[0];
    throw new DpauditError(`invalid CSV: ${msg.replace(/ at line \d+.*$/, '')}`, { location: { file, line: err.lines } });
  }
  if (records.length === 0) throw new DpauditError('file is empty', { location: { file } });
  const header = checkHeader(records[0].record, records[0].info.lines, file);
  const rows: string[][] = [];
  const lines: number[] = [];
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i];
    // info.lines is the line on which the record ends; for single-line records that is its line.
    if (record.length !== header.length) {
      if (header.length > 1 && record.length === 1 && record[0].trim() === '') continue; // a whitespace-only line
      throw new DpauditError(`ragged row: ${record.length} fields, the header has ${header.length}`, {
        location: { file, line: info.lines },
      });
    }
    rows.push(record);
    lines.push(info.lines);
  }
  if (rows.length === 0) throw new DpauditError('no data rows after the header', { location: { file } });
  return { file, header, rows, lines, sha256: createHash('sha256').update(text).digest('hex') };
}

/** The header row, trimmed and checked: not blank, no empty or repeated names, not all numbers. */
export function checkHeader(record: string[], line: number, file: string): string[] {
  const header = record.map((h) => h.trim());
  if (header.every((h) => h === '')) throw new DpauditError('no header row (first line is blank)', { location: { file, line } });
  const empty = header.findIndex((h) => h === '');
  if (empty >= 0) throw new DpauditError(`header has an empty column name (column ${empty + 1})`, { location: { file, line: 1 } });
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new DpauditError(`duplicate column name ${JSON.stringify(h)} in the header`, { location: { file, line: 1 } });
    seen.add(h);
  }
  if (header.every((h) => /^-?\d+(\.\d+)?$/.test(h)) && header.length > 1) {
    throw new DpauditError('no header row: every column name is a number (the first line must name the columns)', {
      location: { file, line: 1 },
    });
  }
  return header;
}

/** Read the file's bytes (one-line errors) and decode them as strict UTF-8; with the SHA-256 of the bytes. */
export function readCsvText(file: string): { text: string; sha256: string; bytes: number } {
  let bytes: Buffer;
  try {
    if (statSync(file).isDirectory()) throw new DpauditError('is a directory, expected a CSV file', { location: { file } });
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof DpauditError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new DpauditError(code === 'ENOENT' ? 'file not found' : `cannot read file (${code ?? 'error'})`, { location: { file } });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { text: decodeUtf8(bytes, file), sha256, bytes: bytes.length };
}
