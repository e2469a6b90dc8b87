/** Read a results.json for the gate: JSON errors and other schema versions are input errors (exit 2). */
import { readFileSync } from 'node:fs';
import { DpauditError } from '../errors.js';
import { RESULTS_SCHEMA_VERSION, type ResultsV1 } from '../sweep/results-types.js';

export function readResults(file: string): ResultsV1 {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DpauditError(`cannot read results (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { location: { file } });
  }
  // Never echo the file's bytes: a binary file would print raw bytes to the terminal.
  if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text))
    throw new DpauditError('not a JSON text file (binary content): expected results.json written by dpaudit sweep', { location: { file } });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec((e as Error).message);
    let where = '';
    if (at) {
      const pos = Number(at[1]);
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      where = ` at line ${line}, column ${pos - before.lastIndexOf('\n')}`;
    }
    throw new DpauditError(`invalid JSON${where} (expected results.json written by dpaudit sweep)`, { location: { file } });
  }
  const o = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (!o) throw new DpauditError('results must be a JSON object', { location: { file } });
  if (o.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new DpauditError(
      `key "schemaVersion": results schema version ${JSON.stringify(o.schemaVersion ?? null)} is not supported (this dpaudit reads version ${RESULTS_SCHEMA_VERSION})`,
      { location: { file } },
    );
  }
  if (!Array.isArray(o.arms)) throw new DpauditError('key "arms": must be a list', { location: { file } });
  return value as ResultsV1;
}
