import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testTf } from '../../helpers/backend.js';
import { forwardWithActivations, uploadParams } from '../../../src/model/forward.js';
import { initParams, paramCount } from '../../../src/model/spec.js';
import { Rng } from '../../../src/random/rng.js';
import { refreshParams } from '../../../src/train/device-params.js';

test('refreshParams: the device layers hold the new parameters and compute what a fresh upload computes', async () => {
  const tf = await testTf();
  const spec = { kind: 'mlp' as const, inputDim: 5, hidden: [7, 3] };
  const p0 = initParams(spec, new Rng(['dp', 0]));
  const p1 = Float32Array.from({ length: paramCount(spec) }, (_, i) => Math.sin(i) * 0.3);
  const before = tf.memory().numTensors;
  let layers = uploadParams(tf, spec, p0);
  layers = refreshParams(tf, spec, layers, p1);
  assert.equal(tf.memory().numTensors, before + 2 * layers.length, 'no tensor leaked or lost');
  const fresh = uploadParams(tf, spec, p1);
  const x = tf.tensor2d(
    Float32Array.from({ length: 20 }, (_, i) => Math.cos(i)),
    [4, 5],
  );
  const a = forwardWithActivations(tf, layers, x).logits.dataSync();
  const b = forwardWithActivations(tf, fresh, x).logits.dataSync();
  assert.deepEqual(Array.from(a), Array.from(b));
  for (let k = 0; k < layers.length; k++) {
    assert.deepEqual(Array.from(layers[k].W.dataSync()), Array.from(fresh[k].W.dataSync()));
    assert.deepEqual(Array.from(layers[k].b.dataSync()), Array.from(fresh[k].b.dataSync()));
  }
});
