import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Eta, formatEta } from '../../../src/sweep/eta.js';

test('ETA ignores start-up time and waits for 5 % of the work: the first estimate is within 20 % of the truth', () => {
  // 12 s of start-up with no progress, then 1000 steps at 50 steps/s (20 s of work).
  const total = 1000;
  const eta = new Eta(total);
  assert.equal(eta.update(0, 0), null);
  const startup = 12_000;
  let first: { t: number; left: number } | null = null;
  for (let step = 10; step <= total; step += 10) {
    const t = startup + (step / 50) * 1000;
    const left = eta.update(step, t);
    if (left !== null && first === null) first = { t, left };
  }
  assert.ok(first !== null);
  const truth = (startup + 20_000 - first.t) / 1000;
  assert.ok(Math.abs(first.left - truth) <= 0.2 * truth, `first ETA ${first.left} s, truth ${truth} s`);
  // the old estimate (elapsed since start × remaining / done) at 1 % was about 60× the truth
  const old = (((startup + 200) / 1000) * (total - 10)) / 10;
  assert.ok(old > 50 * 19.8);
});

test('formatEta', () => {
  assert.equal(formatEta(null), '…');
  assert.equal(formatEta(42.4), '42 s');
  assert.equal(formatEta(600), '10 min');
  assert.equal(formatEta(7200), '2.0 h');
});
