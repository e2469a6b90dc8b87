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

/** Σ_t H[a + t]·H[b + t] for t < len, four partial sums (about twice as fast as one in V8). */
function dot(H: Float32Array, a: number, b: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let t = 0;
  for (; t + 3 < len; t += 4) {
    s0 += H[a + t] * H[b + t];
    s1 += H[a + t + 1] * H[b + t + 1];
    s2 += H[a + t + 2] * H[b + t + 2];
    s3 += H[a + t + 3] * H[b + t + 3];
  }
  for (; t < len; t++) s0 += H[a + t] * H[b + t];
  return s0 + s1 + (s2 + s3);
}

/**
 * ‖G_u‖² of every unit from its rows' activations and backpropagated signals, accumulated in float64:
 *   ‖G_u‖² = Σ_{i,j∈R_u} K_ij,  K_ij = Σ_l (a_i·a_j + 1)(d_i·d_j),
 * over the within-unit pairs only — the block diagonal of the Gram matrix K; pairs i < j count twice (K is
 * symmetric). The cost grows with Σ_u k_u², not with b² as a full Gram matrix would.
 * `H` holds each row's [a^0 … a^{L−1} | d^0 … d^{L−1}] (row-major, `width` columns); `aw`/`dw` the layer
 * widths; `seg` the (contiguous) unit position of each row.
 */
export function unitSquaredNorms(H: Float32Array, width: number, aw: number[], dw: number[], seg: Int32Array, units: number): Float64Array {
  const b = seg.length;
  const L = aw.length;
  const aOff: number[] = [];
  const dOff: number[] = [];
  let o = 0;
  for (let l = 0; l < L; l++) {
    aOff.push(o);
    o += aw[l];
  }
  for (let l = 0; l < L; l++) {
    dOff.push(o);
    o += dw[l];
  }
  const out = new Float64Array(units);
  for (let s = 0; s < b; ) {
    let e = s;
    while (e < b && seg[e] === seg[s]) e++;
    let total = 0;
    for (let i = s; i < e; i++) {
      const ri = i * width;
      for (let j = i; j < e; j++) {
        const rj = j * width;
        let k = 0;
        for (let l = 0; l < L; l++) {
          const dd = dot(H, ri + dOff[l], rj + dOff[l], dw[l]);
          if (dd === 0) continue;
          k += (dot(H, ri + aOff[l], rj + aOff[l], aw[l]) + 1) * dd;
        }
        total += i === j ? k : 2 * k;
      }
    }
    out[seg[s]] = Math.max(0, total);
    s = e;
  }
  return out;
}

/**
 * User-level (patient-level) clipped gradient sum of the binary cross-entropy for dense layers
 * (docs/methods.md#user-level-dp). The contribution of unit u is the SUM of its rows' per-example
 * gradients, G_u = Σ_{i∈R_u} ∇ℓ_i, clipped to norm C as one vector: c_u = min(1, C / (‖G_u‖ + 1e-6));
 * the result is Σ_u c_u G_u.
 *
 * No per-unit gradient tensor. For a dense layer with inputs A and backpropagated signals D, G_u's block is
 * Σ_{i∈u} a_i d_iᵀ (weights) and Σ_{i∈u} d_i (bias), so ‖G_u‖² = Σ_{i,j∈R_u} Σ_l (a_i·a_j + 1)(d_i·d_j):
 * only the within-unit pairs of the Gram matrix are needed (unitSquaredNorms). They are summed on the host
 * from one readback of the rows' activations and signals — on the wasm backend a readback is a copy, while
 * b × b Gram matrices or gathers of the pairs on the device cost far more (measured). The clipped sum is then
 * Aᵀ(c_{u(i)} ⊙ D) and Σ_i c_{u(i)} d_i, the same matmuls as the record-level rule with each row weighted by
 * its unit's factor. With one row per unit this is exactly the record-level rule (only the pairs i = j remain).
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
  const seg = segments.segmentOfRow;
  const kept = tf.tidy(() => {
    const { logits, acts } = forwardWithActivations(tf, layers, x);
    const ds: tfjs.Tensor2D[] = new Array(layers.length);
    let d = tf.sub(tf.sigmoid(logits), y) as tfjs.Tensor2D;
    ds[layers.length - 1] = d;
    for (let l = layers.length - 1; l > 0; l--) {
      d = tf.mul(tf.matMul(d, tf.transpose(layers[l].W)), tf.step(acts[l])) as tfjs.Tensor2D;
      ds[l - 1] = d;
    }
    const H = tf.concat([...acts, ...ds], 1) as tfjs.Tensor2D;
    const sq = unitSquaredNorms(
      H.dataSync() as Float32Array,
      H.shape[1],
      acts.map((t) => t.shape[1]),
      ds.map((t) => t.shape[1]),
      seg,
      segments.units,
    );
    // Each row's factor is its unit's.
    const cRow = new Float32Array(b);
    for (let i = 0; i < b; i++) cRow[i] = Math.min(1, clip / (Math.sqrt(sq[seg[i]]) + 1e-6));
    const c = tf.tensor2d(cRow, [b, 1]);
    const parts: tfjs.Tensor[] = [];
    for (let l = 0; l < layers.length; l++) {
      const cd = tf.mul(ds[l], c) as tfjs.Tensor2D;
      parts.push(tf.matMul(tf.transpose(acts[l]), cd).reshape([-1]));
      parts.push(tf.sum(cd, 0));
    }
    return [tf.concat(parts) as tfjs.Tensor1D, tf.tensor1d(Float32Array.from(sq))];
  });
  return { sum: kept[0] as tfjs.Tensor1D, sqNorms: kept[1] as tfjs.Tensor1D };
}
