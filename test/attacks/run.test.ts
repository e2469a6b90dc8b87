import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runAttack } from '../../attacks/run.js';
import { ATTACK_NAMES, type AttackName } from '../../attacks/types.js';
import { DpauditError } from '../../src/errors.js';
import { assertClose, bruteRmia, IN, PHI, tinyFleet } from './fixture.js';

test('every attack pools M·n scores, target-major, with membership from the masks', () => {
  for (const name of ATTACK_NAMES) {
    const r = runAttack(name, tinyFleet());
    assert.equal(r.scores.length, 12, name);
    assert.deepEqual(Array.from(r.isMember), IN.flat(), name);
    assert.ok(r.scores.every(Number.isFinite), name);
    assert.ok(r.convention.length > 0);
  }
});

test('loss attack pooled = −log p_y of each target', () => {
  const r = runAttack('loss', tinyFleet());
  assertClose(
    r.scores,
    PHI.flat().map((x) => -Math.log(1 + Math.exp(-x))),
    1e-12,
  );
});

test('LiRA records its conventions: auto → fixed variance with K = 2; offline convention switch', () => {
  const on = runAttack('lira-online', tinyFleet());
  assert.match(String(on.conventions.variance), /^fixed.*auto: K = 2 < 64/);
  assert.equal(on.conventions.centre, 'mean');
  // Fallbacks over targets: t0 rows 1 (OUT), 3 (IN); t1: row 1 (OUT: m0 OUT, m2 IN → has OUT) …
  assert.ok(on.diagnostics.fallbackIn + on.diagnostics.fallbackOut > 0);
  const off = runAttack('lira-offline', tinyFleet(), { offline: 'reference-code', variance: 'per-example', centre: 'median' });
  assert.equal(off.conventions.offline, 'reference-code');
  assert.match(String(off.conventions.variance), /^per-example/);
  assert.equal(off.conventions.centre, 'median');
});

test('RMIA offline pooled scores use the tuned a of each target', () => {
  const r = runAttack('rmia-offline', tinyFleet());
  assert.ok(r.tunedA !== null && r.tunedA.length === 3);
  for (let t = 0; t < 3; t++) {
    const refs = [0, 1, 2].filter((m) => m !== t);
    assertClose(r.scores.subarray(t * 4, t * 4 + 4), bruteRmia(t, refs, { a: r.tunedA![t] }, 1), 0, 0, `t=${t}`);
  }
  const fixed = runAttack('rmia-offline', tinyFleet(), { rmiaA: 0.25, gamma: 0.9 });
  assert.equal(fixed.tunedA, null);
  assert.equal(fixed.conventions.gamma, 0.9);
  assertClose(fixed.scores.subarray(4, 8), bruteRmia(1, [0, 2], { a: 0.25 }, 0.9), 0, 0);
});

test('RMIA online pooled = definition', () => {
  const r = runAttack('rmia-online', tinyFleet());
  for (let t = 0; t < 3; t++)
    assertClose(
      r.scores.subarray(t * 4, t * 4 + 4),
      bruteRmia(
        t,
        [0, 1, 2].filter((m) => m !== t),
        'online',
        1,
      ),
      0,
      0,
    );
});

test('bad input is a DpauditError', () => {
  const f = tinyFleet();
  assert.throws(() => runAttack('rmia-online', { ...f, population: undefined }), DpauditError);
  assert.throws(() => runAttack('loss', { ...f, labels: Uint8Array.from([0, 1, 2, 0]) }), DpauditError);
  assert.throws(() => runAttack('loss', { ...f, logits: new Float32Array(11) }), DpauditError);
  assert.throws(
    () => runAttack('lira-online', { ...f, nModels: 1, logits: f.logits.subarray(0, 4), inMask: f.inMask.subarray(0, 4) }),
    DpauditError,
  );
  assert.throws(() => runAttack('nope' as AttackName, f), DpauditError);
  assert.throws(() => runAttack('loss', { ...f, logits: Float32Array.from([NaN, ...f.logits.subarray(1)]) }), DpauditError);
});
