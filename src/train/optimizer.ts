/**
 * Host-side optimisers over the flat parameter vector. DP-SGD privatises the gradient; any optimiser step
 * after it is post-processing (docs/methods.md#dp-sgd, step 6). PyTorch conventions: momentum v ← μv + g, w ← w − lr·v;
 * Adam with bias correction, β = (0.9, 0.999), ε = 1e-8.
 */
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
}

export function newOptimizerState(cfg: OptimizerConfig, p: number): OptimizerState {
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
    for (let i = 0; i < n; i++) {
      const g = grad[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      params[i] -= (stepSize * m[i]) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}
