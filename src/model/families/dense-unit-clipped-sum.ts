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

/** Within-unit row pairs (i ≤ j) with weight 1 (i = j) or 2 (i < j), and the unit of each pair. */
function unitPairs(seg: Int32Array): { i: Int32Array; j: Int32Array; w: Float32Array; unit: Int32Array } {
  const b = seg.length;
  let n = 0;
  for (let s = 0; s < b; ) {
    let e = s;
    while (e < b && seg[e] === seg[s]) e++;
    const k = e - s;
    n += (k * (k + 1)) / 2;
    s = e;
  }
  const I = new Int32Array(n);
  const J = new Int32Array(n);
  const W = new Float32Array(n);
  const U = new Int32Array(n);
  let p = 0;
  for (let s = 0; s < b; ) {
    let e = s;
    while (e < b && seg[e] === seg[s]) e++;
    for (let a = s; a < e; a++)
      for (let c = a; c < e; c++) {
        I[p] = a;
        J[p] = c;
        W[p] = a === c ? 1 : 2;
        U[p] = seg[s];
        p++;
      }
    s = e;
  }
  return { i: I, j: J, w: W, unit: U };
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
 * computed over the within-unit row pairs (gathered rows, one row-wise product per layer) and summed per
 * unit by a segment sum. The clipped sum is then Aᵀ(c_{u(i)} ⊙ D) and Σ_i c_{u(i)} d_i, the same matmuls as
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
  const pairs = unitPairs(segments.segmentOfRow);
  const kept = tf.tidy(() => {
    const { logits, acts } = forwardWithActivations(tf, layers, x);
    const ds: tfjs.Tensor2D[] = new Array(layers.length);
    let d = tf.sub(tf.sigmoid(logits), y) as tfjs.Tensor2D;
    ds[layers.length - 1] = d;
    for (let l = layers.length - 1; l > 0; l--) {
      d = tf.mul(tf.matMul(d, tf.transpose(layers[l].W)), tf.step(acts[l])) as tfjs.Tensor2D;
      ds[l - 1] = d;
    }
    const pi = tf.tensor1d(pairs.i, 'int32');
    const pj = tf.tensor1d(pairs.j, 'int32');
    // Concatenating the layers' activations and signals gathers every layer's pair rows in two gathers each.
    const aAll = acts.length === 1 ? acts[0] : tf.concat(acts, 1);
    const dAll = ds.length === 1 ? ds[0] : tf.concat(ds, 1);
    const aProd = tf.mul(tf.gather(aAll, pi), tf.gather(aAll, pj));
    const dProd = tf.mul(tf.gather(dAll, pi), tf.gather(dAll, pj));
    let pairSq: tfjs.Tensor1D | null = null;
    let aOff = 0;
    let dOff = 0;
    for (let l = 0; l < layers.length; l++) {
      const aw = acts[l].shape[1];
      const dw = ds[l].shape[1];
      const aa = tf.sum(tf.slice(aProd, [0, aOff], [-1, aw]), 1);
      const dd = tf.sum(tf.slice(dProd, [0, dOff], [-1, dw]), 1);
      const term = tf.mul(tf.add(aa, 1), dd) as tfjs.Tensor1D;
      pairSq = pairSq === null ? term : (tf.add(pairSq, term) as tfjs.Tensor1D);
      aOff += aw;
      dOff += dw;
    }
    const weighted = tf.mul(pairSq as tfjs.Tensor1D, tf.tensor1d(pairs.w));
    // Segment sum over the pairs of each unit (segment ids are sorted).
    const sqNorms = tf.relu(
      tf.sparse.sparseSegmentSum(weighted, tf.range(0, pairs.unit.length, 1, 'int32'), tf.tensor1d(pairs.unit, 'int32')),
    ) as tfjs.Tensor1D;
    const cUnit = tf.minimum(1, tf.div(clip, tf.add(tf.sqrt(sqNorms), 1e-6)));
    const c = tf.gather(cUnit, tf.tensor1d(segments.segmentOfRow, 'int32')).reshape([-1, 1]);
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
