import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPath, readGateResult, readResults, validateResults } from '../../../src/results/read.js';
import { isDpauditError } from '../../../src/errors.js';
import { fixture } from '../../reports/fixture.js';
import { tempDir } from '../../helpers/tmp.js';

function rejects(value: unknown, message: string): void {
  assert.throws(
    () => validateResults(value, 'results.json'),
    (e: unknown) => isDpauditError(e) && e.exitCode === 2 && e.message === message,
  );
}

test('validateResults accepts the fixture and returns the same object (nothing rebuilt or dropped)', () => {
  const r = fixture();
  assert.equal(validateResults(r, 'results.json'), r);
});

test('a wrong type, a missing key and an unknown key are named by file and JSON path', () => {
  const r = fixture();
  (r.arms[2].utility.auc as unknown as Record<string, unknown>).value = '0.8';
  rejects(r, 'results.json: arms[2].utility.auc.value: expected number, got string');
  const m = fixture();
  delete (m.arms[1].fairness as unknown as Record<string, unknown>).overall;
  rejects(m, 'results.json: arms[1].fairness.overall: missing (expected object)');
  const u = fixture();
  (u.arms[0].attacks[0] as unknown as Record<string, unknown>).aucc = 0.5;
  rejects(u, 'results.json: arms[0].attacks[0].aucc: unknown key');
  const c = fixture();
  const cell = c.arms[2].attacks[0].groups[0].cells[0] as unknown as Record<string, unknown>;
  cell.n = 'many';
  rejects(c, 'results.json: arms[2].attacks[0].groups[0].cells[0].n: expected number, got string');
  const k = fixture();
  (k.arms[0] as unknown as Record<string, unknown>).kind = 'dp2';
  rejects(k, 'results.json: arms[0].kind: expected "nondp" or "cliponly" or "dp" or "federated", got "dp2"');
});

test('another schema version and a non-object are input errors', () => {
  rejects(
    { ...fixture(), schemaVersion: 2 },
    'results.json: key "schemaVersion": results schema version 2 is not supported (this dpaudit reads version 1)',
  );
  rejects([], 'results.json: results must be a JSON object, got array');
});

test('readResults and readGateResult name the file on bad JSON and on a bad gate.json', () => {
  const dir = tempDir();
  const bad = join(dir, 'results.json');
  writeFileSync(bad, '{"schemaVersion": 1,');
  assert.throws(
    () => readResults(bad),
    (e: unknown) => isDpauditError(e) && e.exitCode === 2 && e.message.startsWith(`${bad}: invalid JSON`),
  );
  const gate = join(dir, 'gate.json');
  writeFileSync(gate, JSON.stringify({ ...fixture().gate, status: 'MAYBE' }));
  assert.throws(
    () => readGateResult(gate),
    (e: unknown) => isDpauditError(e) && e.message === `${gate}: status: expected "PASS" or "WARN" or "FAIL" or "ERROR", got "MAYBE"`,
  );
  writeFileSync(gate, JSON.stringify(fixture().gate));
  assert.equal(readGateResult(gate).status, 'WARN');
});

test('formatPath writes identifiers with dots, indices and other keys in brackets', () => {
  assert.equal(formatPath(['arms', 2, 'utility', 'auc']), 'arms[2].utility.auc');
  assert.equal(formatPath(['values', 'age group']), 'values["age group"]');
  assert.equal(formatPath([0, 'a']), '[0].a');
});

test('results written before the DeLong AUC interval (aucCi with bootstrap replicates) still validate', () => {
  const old = fixture();
  const summary = old.arms.flatMap((a) => a.attacks).find((s) => s.aucCi !== null);
  assert.ok(summary?.aucCi, 'the fixture has an attack AUC interval');
  const legacy = { ...summary.aucCi, method: 'percentile bootstrap, 1000 replicates stratified by membership', replicates: 1000 };
  Object.assign(summary, { aucCi: legacy });
  assert.equal(validateResults(old, 'old.json'), old);
  // A wrong type there is still an error.
  Object.assign(summary, { aucCi: { ...legacy, replicates: 'many' } });
  assert.throws(() => validateResults(old, 'old.json'), /aucCi\.replicates/);
});
