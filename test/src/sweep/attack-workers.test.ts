import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runDpaudit } from '../../helpers/cli.js';

test('dpaudit attack on two workers (fleet split in two parts, canary run beside) gives the one-process results', () => {
  const runs = [1, 2].map((w) =>
    runDpaudit(['attack', '--preset', 'test', '--epsilon', '8', '--workers', String(w), '--json', '--quiet'], {
      env: { DPAUDIT_ATTACK_SPLIT_MIN_MODEL_STEPS: '0' },
    }),
  );
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  const [one, two] = runs.map((r) => {
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    delete o.seconds;
    return JSON.stringify(o);
  });
  assert.ok(one.includes('"attacks"'));
  assert.equal(two, one);
});
