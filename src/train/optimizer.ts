/**
 * Host-side optimisers over the flat parameter vector. DP-SGD privatises the gradient; any optimiser step
 * after it is post-processing (docs/methods.md#dp-sgd, step 6). PyTorch conventions: momentum v ← μv + g, w ← w − lr·v;
 * Adam with bias correction, β = (0.9, 0.999), ε = 1e-8.
 */
import type { AdamKernel } from './adam-kernel.js';

export type OptimizerName = 'sgd' | 'momentum' | 'adam';

export interface OptimizerConfig {
  name: OptimizerName;
  lr: number;
  momentum?: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
}

export interface OptimizerState {
  step: number;
  m: Float64Array | null;
  v: Float64Array | null;
  /** Adam on the WebAssembly kernel (m and v are then views on its memory; the gradient must be its `grad`). */
  kernel?: { adam: AdamKernel; model: number };
}

/**
 * A fresh state. With `kernel` (Adam only: a kernel with a slot for model `model`), the update runs in WebAssembly
 * with the same numbers; the gradient passed to optimizerStep must then be `kernel.adam.grad`.
 */
export function newOptimizerState(cfg: OptimizerConfig, p: number, kernel?: { adam: AdamKernel; model: number }): OptimizerState {
  if (cfg.name === 'adam' && kernel) {
    const { m, v } = kernel.adam.moment(kernel.model);
    return { step: 0, m, v, kernel };
  }
  return {
    step: 0,
    m: cfg.name === 'sgd' ? null : new Float64Array(p),
    v: cfg.name === 'adam' ? new Float64Array(p) : null,
  };
}

/** Apply one update in place: params ← params − update(grad). */
export function optimizerStep(cfg: OptimizerConfig, state: OptimizerState, params: Float32Array, grad: Float64Array): void {
  state.step++;
  const lr = cfg.lr;
  const n = params.length;
  if (cfg.name === 'sgd') {
    for (let i = 0; i < n; i++) params[i] -= lr * grad[i];
  } else if (cfg.name === 'momentum') {
    const mu = cfg.momentum ?? 0.9;
    const m = state.m as Float64Array;
    for (let i = 0; i < n; i++) {
      m[i] = mu * m[i] + grad[i];
      params[i] -= lr * m[i];
    }
  } else {
    const b1 = cfg.beta1 ?? 0.9;
    const b2 = cfg.beta2 ?? 0.999;
    const eps = cfg.eps ?? 1e-8;
    const m = state.m as Float64Array;
    const v = state.v as Float64Array;
    const c1 = 1 - b1 ** state.step;
    const c2 = 1 - b2 ** state.step;
    const stepSize = lr / c1;
    if (state.kernel) {
      if (grad !== state.kernel.adam.grad) throw new RangeError('optimizerStep: the Adam kernel reads its own gradient buffer');
      state.kernel.adam.step(state.kernel.model, params, b1, b2, c2, stepSize, eps);
      return;
    }
    for (let i = 0; i < n; i++) {
      const g = grad[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}
