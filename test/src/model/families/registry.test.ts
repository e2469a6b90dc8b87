import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DpauditError } from '../../../../src/errors.js';
import { modelFamily, modelFamilyNames } from '../../../../src/model/families/index.js';
import { Rng } from '../../../../src/random/rng.js';

test('the registry knows the dense families; an unknown family is a usage error naming the known ones', () => {
  assert.deepEqual(modelFamilyNames(), ['logreg', 'mlp']);
  assert.throws(
    () => modelFamily('cnn'),
    (e: unknown) =>
      e instanceof DpauditError && e.exitCode === 2 && /option --model: unknown model family "cnn" \(logreg, mlp\)/.test(e.message),
  );
});

test('spec, parameter count and initialisation of each dense family (hand-counted)', () => {
  const mlp = modelFamily('mlp');
  const s = mlp.buildSpec({ hidden: [4, 3] }, 5);
  assert.deepEqual(s, { kind: 'mlp', inputDim: 5, hidden: [4, 3] });
  // 5·4 + 4 + 4·3 + 3 + 3·1 + 1
  assert.equal(mlp.paramCount(s), 43);
  const lr = modelFamily('logreg');
  const l = lr.buildSpec({ hidden: [64] }, 5);
  assert.deepEqual(l.hidden, []);
  assert.equal(lr.paramCount(l), 6);
  const p = lr.init(l, new Rng(['x']));
  // Glorot-uniform weights within ±√(6/(5+1)) = ±1, zero bias.
  assert.equal(p.length, 6);
  assert.ok(p.subarray(0, 5).every((w) => Math.abs(w) <= 1 && w !== 0));
  assert.equal(p[5], 0);
  assert.equal(mlp.describe(s), 'MLP 5→4→3→1 (ReLU)');
});
