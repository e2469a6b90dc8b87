import { Rng } from '../../src/random/rng.js';

/**
 * n rows of d standard-normal features (row-major) and a label from a noisy linear rule (weights −½ and 1
 * alternating, standard-normal noise), drawn from the seed: a small learnable binary task for training tests.
 */
export function syntheticLinear(n: number, d: number, seed: string): { X: Float32Array; y: Float32Array } {
  const rng = new Rng([seed]);
  const X = new Float32Array(n * d);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      X[i * d + j] = rng.normal();
      s += X[i * d + j] * (j % 2 ? 1 : -0.5);
    }
    y[i] = s + rng.normal() > 0 ? 1 : 0;
  }
  return { X, y };
}
