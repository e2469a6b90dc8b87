/** Read a results.json for the gate: JSON errors and other schema versions are input errors (exit 2). */
import { readFileSync } from 'node:fs';
import { DpauditError } from '../errors.js';
import { RESULTS_SCHEMA_VERSION, type ResultsV1 } from '../results/types.js';

export function readResults(file: string): ResultsV1 {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DpauditError(`cannot read results (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { location: { file } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new DpauditError(`invalid JSON: ${(e as Error).message}`, { location: { file } });
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
