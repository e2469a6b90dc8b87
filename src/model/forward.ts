import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import { layerShapes, type ModelSpec } from './spec.js';

export interface DeviceLayer {
  W: tfjs.Tensor2D;
  b: tfjs.Tensor1D;
}

/** Upload a flat parameter vector as per-layer tensors (caller disposes). */
export function uploadParams(tf: Tf, spec: ModelSpec, params: Float32Array): DeviceLayer[] {
  return layerShapes(spec).map((l) => ({
    W: tf.tensor2d(params.subarray(l.wOffset, l.wOffset + l.inDim * l.outDim), [l.inDim, l.outDim]),
    b: tf.tensor1d(params.subarray(l.bOffset, l.bOffset + l.outDim)),
  }));
}

export function disposeLayers(layers: DeviceLayer[]): void {
  for (const l of layers) {
    l.W.dispose();
    l.b.dispose();
  }
}

/**
 * Forward pass keeping every layer's input activations (A_l) for the backward pass.
 * Returns the logits [b, 1] and the activations list (A_0 = x).
 */
export function forwardWithActivations(tf: Tf, layers: DeviceLayer[], x: tfjs.Tensor2D): { logits: tfjs.Tensor2D; acts: tfjs.Tensor2D[] } {
  const acts: tfjs.Tensor2D[] = [x];
  let h = x;
  for (let l = 0; l < layers.length; l++) {
    const last = l === layers.length - 1;
    h = tf.fused.matMul({ a: h, b: layers[l].W, bias: layers[l].b, activation: last ? 'linear' : 'relu' }) as tfjs.Tensor2D;
    if (!last) acts.push(h);
  }
  return { logits: h, acts };
}

/** Logits of a model on a row-major feature matrix, in chunks to bound memory. */
export function predictLogits(tf: Tf, spec: ModelSpec, params: Float32Array, X: tfjs.Tensor2D): Float32Array {
  const layers = uploadParams(tf, spec, params);
  try {
    const n = X.shape[0];
    const out = new Float32Array(n);
    const chunk = 8192;
    for (let start = 0; start < n; start += chunk) {
      const size = Math.min(chunk, n - start);
      const part = tf.tidy(() => {
        const x = X.slice([start, 0], [size, X.shape[1]]);
        return forwardWithActivations(tf, layers, x).logits;
      });
      out.set(part.dataSync() as Float32Array, start);
      part.dispose();
    }
    return out;
  } finally {
    disposeLayers(layers);
  }
}
