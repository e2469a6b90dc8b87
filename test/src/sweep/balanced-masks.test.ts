import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attack, DpauditError, sweep } from '../../../src/index.js';
import { inclusionMasks } from '../../../src/train/masks.js';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-balanced-masks-');

test('balanced masks determine a target bit from the references: for M = 2 the two models are exact complements', () => {
  // Why they are refused for audits: with M even every row is IN for exactly M/2 models, so the references'
  // masks fix the target's bit (M = 2: mask of model 1 = 1 − mask of model 0).
  const n = 500;
  const mask = inclusionMasks(2, n, 'balanced', ['why']);
  for (let i = 0; i < n; i++) assert.equal(mask[i] + mask[n + i], 1);
  // Bernoulli masks do not: some rows are IN (or OUT) for both.
  const b = inclusionMasks(2, n, 'bernoulli', ['why']);
  let same = 0;
  for (let i = 0; i < n; i++) same += b[i] === b[n + i] ? 1 : 0;
  assert.ok(same > 150 && same < 350, `same ${same}`);
});

async function refused(call: () => Promise<unknown>, out: string): Promise<string> {
  try {
    await call();
  } catch (e) {
    assert.ok(e instanceof DpauditError, `not a DpauditError: ${String(e)}`);
    assert.equal(e.exitCode, 2);
    assert.ok(!existsSync(out), `wrote ${out}`);
    return e.message;
  }
  assert.fail('the call did not throw');
}

test('--masks balanced is refused for audits (sweep and attack, API and CLI): exit 2 before any work', async () => {
  const want = /^option --masks: --masks balanced ties each target's membership bit to the reference models' masks.*use --masks bernoulli/;
  const a = join(dir, 'api-sweep');
  assert.match(await refused(() => sweep({ preset: 'test', out: a, masks: 'balanced' }), a), want);
  const b = join(dir, 'api-attack');
  assert.match(await refused(() => attack({ preset: 'test', out: b, masks: 'balanced' }), b), want);
  const c = join(dir, 'cli');
  const r = runDpaudit(['sweep', '--preset', 'test', '--out', c, '--masks', 'balanced'], { timeoutMs: 60_000 });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
  assert.match(r.stderr, /--masks balanced ties each target's membership bit/);
  assert.ok(!existsSync(join(c, 'results.json')));
});
