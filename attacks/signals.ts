import { softplus } from '../src/math/softplus.js';
/**
 * Per-example signals of a one-logit model (docs/methods.md#attacks), computed stably from the logit s and label y:
 * φ = s if y = 1 else −s (logit-scaled confidence log(p_y/(1 − p_y))), p_y = σ(φ), loss = −log p_y =
 * softplus(−φ).
 */
export function phiOf(logit: number, label: number): number {
  return label === 1 ? logit : -logit;
}

/** σ(x) without overflow. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** log(1 + e^x) without overflow or cancellation (one implementation, in src/math/softplus.ts). */
export { softplus };

/** φ for every (model, row) of a model-major logit matrix (rows' labels repeat per model). */
export function phiMatrix(logits: Float32Array, labels: Uint8Array, nModels: number): Float64Array {
  const n = labels.length;
  const out = new Float64Array(nModels * n);
  for (let m = 0; m < nModels; m++) {
    const base = m * n;
    for (let i = 0; i < n; i++) out[base + i] = phiOf(logits[base + i], labels[i]);
  }
  return out;
}

/** p_y = σ(φ) elementwise. */
export function probOfPhi(phi: Float64Array): Float64Array {
  const out = new Float64Array(phi.length);
  for (let k = 0; k < phi.length; k++) out[k] = sigmoid(phi[k]);
  return out;
}
