/**
 * Read and validate results.json and gate.json against the contract (src/results/schema.ts). A bad file is an
 * input error (exit 2) in one line naming the file and the JSON path, e.g.
 *   results.json: arms[2].utility.auc.value: expected number, got string
 * The returned value is the parsed JSON itself (validated, not rebuilt), so nothing is reordered or dropped.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { DpauditError } from '../errors.js';
import { GATE_SCHEMA_VERSION, type GateResult, gateResultSchema } from './gate.js';
import { RESULTS_SCHEMA_VERSION, resultsSchema } from './schema.js';
import type { ResultsV1 } from './types.js';

/** Read, parse and validate a results.json. */
export function readResults(file: string): ResultsV1 {
  return validateResults(readJson(file, 'results'), file);
}

/** Validate a parsed results.json (`file` names it in the error). */
export function validateResults(value: unknown, file: string): ResultsV1 {
  const version = isObject(value) ? value.schemaVersion : undefined;
  if (isObject(value) && version !== RESULTS_SCHEMA_VERSION) {
    throw new DpauditError(
      `key "schemaVersion": results schema version ${JSON.stringify(version ?? null)} is not supported (this dpaudit reads version ${RESULTS_SCHEMA_VERSION})`,
      { location: { file } },
    );
  }
  check(resultsSchema, value, file, 'results');
  return value as ResultsV1;
}

/** Read, parse and validate a gate.json (the evaluated gate). */
export function readGateResult(file: string): GateResult {
  return validateGateResult(readJson(file, 'gate result'), file);
}

/** Validate a parsed gate.json. */
export function validateGateResult(value: unknown, file: string): GateResult {
  const version = isObject(value) ? value.schemaVersion : undefined;
  if (isObject(value) && version !== GATE_SCHEMA_VERSION) {
    throw new DpauditError(
      `key "schemaVersion": gate result schema version ${JSON.stringify(version ?? null)} is not supported (this dpaudit reads version ${GATE_SCHEMA_VERSION})`,
      { location: { file } },
    );
  }
  check(gateResultSchema, value, file, 'gate result');
  return value as GateResult;
}

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DpauditError(`cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { location: { file } });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DpauditError(`invalid JSON: ${(e as Error).message}`, { location: { file } });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function check(schema: z.ZodType, value: unknown, file: string, what: string): void {
  if (!isObject(value)) throw new DpauditError(`${what} must be a JSON object, got ${kindOf(value)}`, { location: { file } });
  const r = schema.safeParse(value);
  if (r.success) return;
  const { path, message } = describeIssue(r.error.issues[0], value);
  throw new DpauditError(`${path.length > 0 ? formatPath(path) : '(top level)'}: ${message}`, { location: { file } });
}

type Issue = z.core.$ZodIssue;
type Key = string | number;

/** The JSON path and a one-line message of a zod issue; for a union, the issue of the branch that got furthest. */
export function describeIssue(issue: Issue, root: unknown): { path: Key[]; message: string } {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  const actual = at(root, path);
  switch (issue.code) {
    case 'invalid_type':
      if (actual === undefined) return { path, message: `missing (expected ${issue.expected})` };
      return { path, message: `expected ${issue.expected}, got ${kindOf(actual)}` };
    case 'unrecognized_keys':
      return { path: [...path, issue.keys[0]], message: 'unknown key' };
    case 'invalid_value':
      return { path, message: `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, got ${show(actual)}` };
    case 'invalid_union': {
      const branches = (issue as { errors?: Issue[][] }).errors ?? [];
      let best: { path: Key[]; message: string } | null = null;
      for (const b of branches) {
        if (b.length === 0) continue;
        const d = describeIssue({ ...b[0], path: [...path, ...b[0].path] } as Issue, root);
        if (best === null || d.path.length > best.path.length) best = d;
      }
      if (best !== null && best.path.length > path.length) return best;
      return { path, message: `does not match any allowed shape (got ${kindOf(actual)})` };
    }
    default:
      return { path, message: `${issue.message}${actual === undefined ? '' : `, got ${show(actual)}`}` };
  }
}

function at(root: unknown, path: readonly Key[]): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<Key, unknown>)[k];
  }
  return v;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'object' && v !== null) return kindOf(v);
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** arms[2].utility.auc.value; keys that are not identifiers in brackets: groups[0].values["age group"]. */
export function formatPath(path: readonly Key[]): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k)) out += out === '' ? k : `.${k}`;
    else out += `[${JSON.stringify(k)}]`;
  }
  return out;
}
