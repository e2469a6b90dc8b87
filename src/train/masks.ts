import { Rng, type SeedPart } from '../random/rng.js';

/**
 * Inclusion masks of the reference fleet (docs/methods.md#attack-design): M models over n pool rows. Default: independent
 * Bernoulli(½) per (model, row). Switch `balanced`: every row is IN for exactly ⌊M/2⌋ or ⌈M/2⌉ models
 * (alternating when M is odd). Returned model-major: mask[m*n + i].
 */
export type MaskScheme = 'bernoulli' | 'balanced';

export function inclusionMasks(M: number, n: number, scheme: MaskScheme, seed: SeedPart[]): Uint8Array {
  const rng = Rng.from(...seed, 'masks', scheme);
  const mask = new Uint8Array(M * n);
  if (scheme === 'bernoulli') {
    for (let m = 0; m < M; m++) for (let i = 0; i < n; i++) mask[m * n + i] = rng.next() < 0.5 ? 1 : 0;
    return mask;
  }
  const order = Int32Array.from({ length: M }, (_, m) => m);
  for (let i = 0; i < n; i++) {
    rng.shuffle(order);
    const k = M % 2 === 0 ? M / 2 : (M - 1) / 2 + (i % 2);
    for (let j = 0; j < k; j++) mask[order[j] * n + i] = 1;
  }
  return mask;
}

/** Rows (as indices into `pool`) that model m includes. */
export function rowsOfModel(mask: Uint8Array, m: number, pool: Int32Array): Int32Array {
  const n = pool.length;
  let k = 0;
  for (let i = 0; i < n; i++) k += mask[m * n + i];
  const out = new Int32Array(k);
  let j = 0;
  for (let i = 0; i < n; i++) if (mask[m * n + i]) out[j++] = pool[i];
  return out;
}
