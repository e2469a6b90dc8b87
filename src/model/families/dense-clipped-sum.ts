import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../../backend/index.js';
import { forwardWithActivations, type DeviceLayer } from '../forward.js';

/**
 * Vectorised per-example gradients of the binary cross-entropy (docs/methods.md#dp-sgd, steps 2–3).
 * For each dense layer with input activations A (b × in) and backpropagated signal D (b × out) — the
 * gradient of each example's own, unaveraged loss w.r.t. the layer's pre-activation —
 *   ‖∇W_i‖² + ‖∇b_i‖² = ‖a_i‖²·‖d_i‖² + ‖d_i‖²,
 * the clip factor is c_i = min(1, C / (‖g_i‖ + 1e-6)), and the clipped sum is Aᵀ(c ⊙ D) (one matmul) and
 * Σ c_i d_i. No loop over examples and no b × P tensor of per-example gradients.
 * Transposes are explicit ops: on the wasm backend matMul with a transpose flag takes a slow path (~0.6 ms
 * against ~0.1 ms for transpose + matMul at 256 × 64 × 64, measured).
 * With clip = null the factors are 1 (the plain sum of per-example gradients, for the non-DP arm).
 * Returns the flat sum in the parameter layout of `model/spec.ts` and the per-example squared norms.
 */
export function clippedGradientSum(
  tf: Tf,
  layers: DeviceLayer[],
  x: tfjs.Tensor2D,
  y: tfjs.Tensor2D,
  clip: number | null,
): { sum: tfjs.Tensor1D; sqNorms: tfjs.Tensor1D | null } {
  if (x.shape[0] === 0) {
    // Some backends leave the output of a 0-row matmul uninitialised: the sum over no examples is 0.
    const P = layers.reduce((a, l) => a + l.W.shape[0] * l.W.shape[1] + l.b.shape[0], 0);
    return { sum: tf.zeros([P]) as tfjs.Tensor1D, sqNorms: clip === null ? null : (tf.zeros([0]) as tfjs.Tensor1D) };
  }
  const kept = tf.tidy(() => {
    const { logits, acts } = forwardWithActivations(tf, layers, x);
    // d loss_i / d s_i = sigmoid(s_i) − y_i for the loss softplus(−s) (y=1) / softplus(s) (y=0).
    const ds: tfjs.Tensor2D[] = new Array(layers.length);
    let d = tf.sub(tf.sigmoid(logits), y) as tfjs.Tensor2D;
    ds[layers.length - 1] = d;
    for (let l = layers.length - 1; l > 0; l--) {
      // acts[l] is relu output of layer l−1; relu'(z) = 1 where the output is > 0.
      d = tf.mul(tf.matMul(d, tf.transpose(layers[l].W)), tf.step(acts[l])) as tfjs.Tensor2D;
      ds[l - 1] = d;
    }
    // Norms are needed only to clip (the non-DP arm skips them).
    const sqNorms = clip === null ? null : perExampleSquaredNorms(tf, acts, ds);
    const parts: tfjs.Tensor[] = [];
    const c =
      sqNorms === null || clip === null
        ? null
        : (tf.minimum(1, tf.div(clip, tf.add(tf.sqrt(sqNorms), 1e-6))).reshape([-1, 1]) as tfjs.Tensor2D);
    for (let l = 0; l < layers.length; l++) {
      const cd = c === null ? ds[l] : (tf.mul(ds[l], c) as tfjs.Tensor2D);
      parts.push(tf.matMul(tf.transpose(acts[l]), cd).reshape([-1]));
      parts.push(tf.sum(cd, 0));
    }
    const sum = tf.concat(parts) as tfjs.Tensor1D;
    return sqNorms === null ? [sum] : [sum, sqNorms];
  });
  return { sum: kept[0] as tfjs.Tensor1D, sqNorms: (kept[1] as tfjs.Tensor1D | undefined) ?? null };
}

/** Block-indicator matrices (Σ widths × L) that sum squared activations per layer in one matmul; cached per shape. */
const indicatorCache = new Map<string, tfjs.Tensor2D>();
function blockIndicator(tf: Tf, widths: number[]): tfjs.Tensor2D {
  const key = widths.join(',');
  let t = indicatorCache.get(key);
  if (!t || t.isDisposed) {
    const total = widths.reduce((a, b) => a + b, 0);
    const m = new Float32Array(total * widths.length);
    let row = 0;
    widths.forEach((w, l) => {
      for (let k = 0; k < w; k++) m[(row + k) * widths.length + l] = 1;
      row += w;
    });
    t = tf.keep(tf.tensor2d(m, [total, widths.length]));
    indicatorCache.set(key, t);
  }
  return t;
}

/**
 * Σ_l ‖a_l‖²·‖d_l‖² + ‖d_l‖² for every example, with few kernel launches (per-op overhead dominates on the
 * wasm backend): the squared activations and signals of all layers are concatenated and summed per layer
 * by one matmul each with a block-indicator matrix.
 */
function perExampleSquaredNorms(tf: Tf, acts: tfjs.Tensor2D[], ds: tfjs.Tensor2D[]): tfjs.Tensor1D {
  if (acts.length === 1) {
    const aSq = tf.sum(tf.square(acts[0]), 1);
    const dSq = tf.sum(tf.square(ds[0]), 1);
    return tf.mul(dSq, tf.add(aSq, 1)) as tfjs.Tensor1D;
  }
  const aSq = tf.matMul(
    tf.square(tf.concat(acts, 1)),
    blockIndicator(
      tf,
      acts.map((a) => a.shape[1]),
    ),
  );
  const dSq = tf.matMul(
    tf.square(tf.concat(ds, 1)),
    blockIndicator(
      tf,
      ds.map((d) => d.shape[1]),
    ),
  );
  return tf.sum(tf.mul(tf.add(aSq, 1), dSq), 1) as tfjs.Tensor1D;
}
