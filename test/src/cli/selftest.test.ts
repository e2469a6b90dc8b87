import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDpaudit } from '../../helpers/cli.js';

test('dpaudit selftest --json exits 0 and names every mechanism, its true ε, the bounds and pass/fail', () => {
  const r = runDpaudit(['selftest', '--trials', '20', '--dpsgd', 'off', '--json'], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.pass, true);
  for (const m of out.mechanisms) {
    assert.equal(typeof m.name, 'string');
    assert.equal(typeof m.trueEpsilon, 'number');
    assert.equal(typeof m.pass, 'boolean');
    assert.ok(m.bounds.cpSplit && m.bounds.oneRun);
  }
});

test('dpaudit selftest --trials 0 is a usage error (exit 2, one line)', () => {
  const r = runDpaudit(['selftest', '--trials', '0']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--trials/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
