import { sigmoid, softplus } from './signals.js';

/**
 * Attacks that look at the target model alone (docs/methods.md#attacks), from φ of target t on each row
 * (φ is model-major, phi[t*n + i]). Each returns n scores, higher = member.
 * - loss (Yeom et al. 2018): −loss = −softplus(−φ).
 * - confidence: p_y = σ(φ).
 * - modified entropy (Song & Mittal 2021, binary): Mentr = −(1 − p_y)·log p_y − p_{1−y}·log(1 − p_{1−y});
 *   with p_{1−y} = 1 − p_y this is −2(1 − p_y)·log p_y = 2σ(−φ)·softplus(−φ); score = −Mentr.
 */
export function lossScores(phi: Float64Array, n: number, target: number): Float64Array {
  const out = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) out[i] = -softplus(-phi[base + i]);
  return out;
}

export function confidenceScores(phi: Float64Array, n: number, target: number): Float64Array {
  const out = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) out[i] = sigmoid(phi[base + i]);
  return out;
}

export function mentrScores(phi: Float64Array, n: number, target: number): Float64Array {
  const out = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) {
    const f = phi[base + i];
    const oneMinusPy = sigmoid(-f); // 1 − p_y = p_{1−y}
    const logPy = -softplus(-f); // log p_y = log(1 − p_{1−y})
    const mentr = -oneMinusPy * logPy - oneMinusPy * logPy;
    out[i] = -mentr;
  }
  return out;
}
