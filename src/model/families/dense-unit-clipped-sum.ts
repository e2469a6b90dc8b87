import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../../backend/index.js';
import { forwardWithActivations, type DeviceLayer } from '../forward.js';

/**
 * The rows of a batch grouped by privacy unit: rows of one unit are contiguous, `segmentOfRow[i]` is the
 * position (0..units−1, non-decreasing) of row i's unit in the batch.
 */
export interface UnitSegments {
  segmentOfRow: Int32Array;
  units: number;
}

/** Host matrices of the batch's unit structure: same-unit indicator S (b × b) and one-hot E (units × b). */
function unitMatrices(seg: Int32Array, units: number): { same: Float32Array; onehot: Float32Array } {
  const b = seg.length;
  const same = new Float32Array(b * b);
  const onehot = new Float32Array(units * b);
  for (let s = 0; s < b; ) {
    let e = s;
    while (e < b && seg[e] === seg[s]) e++;
    for (let i = s; i < e; i++) {
      onehot[seg[s] * b + i] = 1;
      for (let j = s; j < e; j++) same[i * b + j] = 1;
    }
    s = e;
  }
  return { same, onehot };
}

/**
 * User-level (patient-level) clipped gradient sum of the binary cross-entropy for dense layers
 * (docs/methods.md#user-level-dp). The contribution of unit u is the SUM of its rows' per-example
 * gradients, G_u = Σ_{i∈R_u} ∇ℓ_i, clipped to norm C as one vector: c_u = min(1, C / (‖G_u‖ + 1e-6));
 * the result is Σ_u c_u G_u.
 *
 * No per-unit loop and no per-unit gradient tensor. For a dense layer with inputs A and backpropagated
 * signals D, G_u's block is Σ_{i∈u} a_i d_iᵀ (weights) and Σ_{i∈u} d_i (bias), so
 *   ‖G_u‖² = Σ_l Σ_{i,j∈R_u} (a_i·a_j + 1)(d_i·d_j),
 * computed from the layers' Gram matrices A Aᵀ and D Dᵀ (b × b), masked to within-unit pairs and summed per
 * unit by a segment-sum matmul with the one-hot unit matrix (no gathers: slow on the wasm backend). The clipped sum is then Aᵀ(c_{u(i)} ⊙ D) and Σ_i c_{u(i)} d_i, the same matmuls as
 * the record-level rule with each row weighted by its unit's factor. With one row per unit this is exactly
 * the record-level rule (only the pairs i = j remain).
 * Returns the flat sum (layout of model/spec.ts) and the per-unit squared norms ‖G_u‖².
 */
export function unitClippedGradientSum(
  tf: Tf,
  layers: DeviceLayer[],
  x: tfjs.Tensor2D,
  y: tfjs.Tensor2D,
  segments: UnitSegments,
  clip: number,
): { sum: tfjs.Tensor1D; sqNorms: tfjs.Tensor1D } {
  if (x.shape[0] === 0) {
    const P = layers.reduce((a, l) => a + l.W.shape[0] * l.W.shape[1] + l.b.shape[0], 0);
    return { sum: tf.zeros([P]) as tfjs.Tensor1D, sqNorms: tf.zeros([0]) as tfjs.Tensor1D };
  }
  const b = x.shape[0];
  const mats = unitMatrices(segments.segmentOfRow, segments.units);
  const kept = tf.tidy(() => {
    const { logits, acts } = forwardWithActivations(tf, layers, x);
    const ds: tfjs.Tensor2D[] = new Array(layers.length);
    let d = tf.sub(tf.sigmoid(logits), y) as tfjs.Tensor2D;
    ds[layers.length - 1] = d;
    for (let l = layers.length - 1; l > 0; l--) {
      d = tf.mul(tf.matMul(d, tf.transpose(layers[l].W)), tf.step(acts[l])) as tfjs.Tensor2D;
      ds[l - 1] = d;
    }
    // K_ij = Σ_l (a_i·a_j + 1)(d_i·d_j) from per-layer Gram matrices (b × b matmuls), kept only within a
    // unit by the indicator S; each unit's squared norm is the segment sum of its rows' masked row sums,
    // done as a matmul with the one-hot matrix E (units × b).
    let K: tfjs.Tensor2D | null = null;
    for (let l = 0; l < layers.length; l++) {
      const g = tf.mul(tf.add(tf.matMul(acts[l], tf.transpose(acts[l])), 1), tf.matMul(ds[l], tf.transpose(ds[l]))) as tfjs.Tensor2D;
      K = K === null ? g : (tf.add(K, g) as tfjs.Tensor2D);
    }
    const S = tf.tensor2d(mats.same, [b, b]);
    const E = tf.tensor2d(mats.onehot, [segments.units, b]);
    const rowSums = tf.sum(tf.mul(K as tfjs.Tensor2D, S), 1).reshape([b, 1]) as tfjs.Tensor2D;
    const sqNorms = tf.relu(tf.matMul(E, rowSums).reshape([-1])) as tfjs.Tensor1D;
    const cUnit = tf.minimum(1, tf.div(clip, tf.add(tf.sqrt(sqNorms), 1e-6))).reshape([-1, 1]) as tfjs.Tensor2D;
    // Each row's factor is its unit's: Eᵀ c.
    const c = tf.matMul(tf.transpose(E), cUnit);
    const parts: tfjs.Tensor[] = [];
    for (let l = 0; l < layers.length; l++) {
      const cd = tf.mul(ds[l], c) as tfjs.Tensor2D;
      parts.push(tf.matMul(tf.transpose(acts[l]), cd).reshape([-1]));
      parts.push(tf.sum(cd, 0));
    }
    return [tf.concat(parts) as tfjs.Tensor1D, sqNorms];
  });
  return { sum: kept[0] as tfjs.Tensor1D, sqNorms: kept[1] as tfjs.Tensor1D };
}
