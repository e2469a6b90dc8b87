import { gatherI32, iota } from './typed.js';
/**
 * The privacy unit: what one "record" of the DP guarantee is. `record` — each row is its own unit;
 * `patient` — rows that share an id (--id) form one unit. `unitOfRow[i]` is the unit of prepared row i,
 * numbered 0..count−1 in the order of the id column's levels (rows without an id are units of their own). Splits keep each unit on one side; patient-level DP uses the unit count
 * (docs/methods.md#user-level-dp).
 */
export interface PrivacyUnits {
  kind: 'record' | 'patient';
  unitOfRow: Int32Array;
  count: number;
}

/** Each of the n rows its own unit. */
export function recordUnits(n: number): PrivacyUnits {
  return { kind: 'record', unitOfRow: iota(n), count: n };
}

/**
 * Patient units from raw unit codes (any non-negative integers, e.g. id-level codes with gaps):
 * renumbered 0..count−1 keeping their order, so that splitting by the renumbered units equals
 * splitting by the raw codes.
 */
export function patientUnits(rawUnitOfRow: Int32Array): PrivacyUnits {
  let max = -1;
  for (const u of rawUnitOfRow) if (u > max) max = u;
  const seen = new Uint8Array(max + 1);
  for (const u of rawUnitOfRow) seen[u] = 1;
  const newId = new Int32Array(max + 1).fill(-1);
  let count = 0;
  for (let u = 0; u <= max; u++) if (seen[u]) newId[u] = count++;
  return { kind: 'patient', unitOfRow: gatherI32(rawUnitOfRow, newId), count };
}

/**
 * Units of a job's rows: the dataset's units for rows 0..n−1, and a fresh unit of its own for each
 * synthetic row appended after them (a canary is a record of its own).
 */
export function extendUnits(units: PrivacyUnits, extra: number): PrivacyUnits {
  if (extra === 0) return units;
  const n = units.unitOfRow.length;
  const out = new Int32Array(n + extra);
  out.set(units.unitOfRow, 0);
  let count = units.count;
  for (let j = 0; j < extra; j++) out[n + j] = count++;
  return { kind: units.kind, unitOfRow: out, count };
}

/**
 * Units of a job's rows when synthetic patients are appended: the dataset's units for rows 0..n−1, then
 * `groups` fresh units of `perGroup` consecutive rows each (a patient-level canary is a patient of its own).
 */
export function extendUnitsGrouped(units: PrivacyUnits, groups: number, perGroup: number): PrivacyUnits {
  if (groups === 0) return units;
  const n = units.unitOfRow.length;
  const out = new Int32Array(n + groups * perGroup);
  out.set(units.unitOfRow, 0);
  for (let j = 0; j < groups; j++) out.fill(units.count + j, n + j * perGroup, n + (j + 1) * perGroup);
  return { kind: units.kind, unitOfRow: out, count: units.count + groups };
}
