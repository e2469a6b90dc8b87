import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDpaudit } from '../../helpers/cli.js';

test('calibrate --json with PRV (default) and RDP: achieved ε ≤ target, within 1 %', () => {
  for (const acc of ['prv', 'rdp']) {
    const r = runDpaudit([
      'calibrate',
      '--target-epsilon',
      '2',
      '--sample-rate',
      '0.01',
      '--steps',
      '1000',
      '--json',
      ...(acc === 'rdp' ? ['--accountant', 'rdp'] : []),
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out.accountant, acc);
    assert.equal(out.delta, 1e-5);
    assert.equal(out.targetEpsilon, 2);
    assert.ok(typeof out.noiseMultiplier === 'number' && out.noiseMultiplier > 0);
    assert.ok(typeof out.epsilon === 'number' && out.epsilon <= 2 && out.epsilon >= 1.98, `ε ${String(out.epsilon)}`);
    assert.ok(typeof out.rdpEpsilon === 'number' && out.rdpEpsilon >= out.epsilon);
  }
});

test('calibrate: bad options exit 2 naming the option', () => {
  const r = runDpaudit(['calibrate', '--target-epsilon', '0', '--sample-rate', '0.01', '--steps', '1000']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dpaudit: option --target-epsilon: .*\n$/);
  assert.equal(r.stdout, '');
});
