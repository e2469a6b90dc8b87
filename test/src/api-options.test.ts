import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { attack, DpauditError, fairness, sweep } from '../../src/index.js';
import { runDpaudit } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('dpaudit-api-options-');

/** The DpauditError a library call rejects with (exit code 2), and that nothing was written to `out`. */
async function apiError(call: () => Promise<unknown>, out: string): Promise<string> {
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

// The three holes of the library API found in review: each used to train something else or crash.
const cases: { what: string; api: Record<string, unknown>; flags: string[]; message: string }[] = [
  {
    what: "model 'cnn' (used to train logistic regression labelled MLP)",
    api: { model: 'cnn' },
    flags: ['--model', 'cnn'],
    message: "option --model: 'cnn' is not one of logreg, mlp",
  },
  {
    what: "optimizer 'rmsprop' (used to crash with a TypeError)",
    api: { optimizer: 'rmsprop' },
    flags: ['--optimizer', 'rmsprop'],
    message: "option --optimizer: 'rmsprop' is not one of sgd, momentum, adam",
  },
  {
    what: "mask scheme typo 'balanaced' (used to be accepted)",
    api: { masks: 'balanaced' },
    flags: ['--masks', 'balanaced'],
    message: "option --masks: 'balanaced' is not one of bernoulli, balanced",
  },
  {
    what: "suppress-below 'abc' (used to say NaN)",
    api: { suppressBelow: 'abc' },
    flags: ['--suppress-below', 'abc'],
    message: "option --suppress-below: 'abc' is not a number",
  },
];

for (const c of cases) {
  test(`sweep() rejects ${c.what} with the CLI's message, exit code 2, nothing written`, async () => {
    const out = join(dir, `api-${c.flags[0].slice(2)}`);
    const msg = await apiError(() => sweep({ preset: 'test', out, workers: 1, ...c.api }), out);
    assert.equal(msg, c.message);
  });

  test(`CLI parity: dpaudit sweep ${c.flags.join(' ')} prints the same message (exit 2, nothing written)`, () => {
    const out = join(dir, `cli-${c.flags[0].slice(2)}`);
    const r = runDpaudit(['sweep', '--preset', 'test', '--out', out, ...c.flags], { timeoutMs: 60_000 });
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `dpaudit: ${c.message} (see dpaudit --help)\n`);
    assert.equal(r.stdout, '');
    assert.ok(!existsSync(out));
  });
}

test('attack() checks its own options (arm, epsilon) and the sweep ones against the registry', async () => {
  const out = join(dir, 'attack');
  assert.equal(
    await apiError(() => attack({ preset: 'test', out, arm: 'dp8' as 'dp' }), out),
    "option --arm: 'dp8' is not one of nondp, cliponly, dp",
  );
  assert.equal(await apiError(() => attack({ preset: 'test', out, epsilon: 0 }), out), 'option --epsilon: must be positive, got 0');
  assert.equal(await apiError(() => attack({ preset: 'test', out, lr: -1 }), out), 'option --lr: must be positive, got -1');
});

test('an unknown library option is an error, as an unknown flag is for the CLI', async () => {
  const out = join(dir, 'unknown');
  assert.equal(
    await apiError(() => sweep({ preset: 'test', out, mask: 'balanced' } as never), out),
    'option --mask: is not an option of sweep',
  );
  const r = runDpaudit(['sweep', '--preset', 'test', '--out', out, '--mask', 'balanced'], { timeoutMs: 60_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^dpaudit: .*mask.*\(see dpaudit --help\)\n$/);
});

test('fairness(): bootstrap, seed, min-group-size and suppress-below are checked as by dpaudit fairness', () => {
  const input = { yTrue: Uint8Array.from([1, 0]), yPred: Uint8Array.from([1, 0]), groups: [] };
  const msg = (o: Record<string, unknown>) => {
    try {
      fairness(input, o);
    } catch (e) {
      assert.ok(e instanceof DpauditError);
      return e.message;
    }
    assert.fail('did not throw');
  };
  assert.equal(msg({ bootstrap: -1 }), 'option --bootstrap: must be a whole number ≥ 0, got -1');
  assert.equal(msg({ suppressBelow: 'abc' }), "option --suppress-below: 'abc' is not a number");
  const r = runDpaudit(['fairness', '--predictions', 'p.csv', '--sensitive', 'sex', '--bootstrap', '-1'], { timeoutMs: 60_000 });
  assert.equal(r.stderr, 'dpaudit: option --bootstrap: must be a whole number ≥ 0, got -1 (see dpaudit --help)\n');
});
