import assert from 'node:assert/strict';
import { loadPolicy } from '../../src/gate/policy.js';
import { isDpauditError } from '../../src/errors.js';

/**
 * The error of loading the gate policy `file`, which must be a usage error (exit 2) on one line starting with the
 * file's name; returns the message after the name (e.g. ":3: key …").
 */
export function policyLoadError(file: string): string {
  try {
    loadPolicy(file);
  } catch (e) {
    assert.ok(isDpauditError(e), String(e));
    assert.equal(e.exitCode, 2);
    assert.ok(!e.message.includes('\n'), 'one line');
    assert.ok(e.message.startsWith(`${file}:`), e.message);
    return e.message.slice(file.length);
  }
  assert.fail(`expected a policy error for ${file}`);
}
