import type { Rng } from '../random/rng.js';

/**
 * Poisson sampling (docs/methods.md#dp-sgd): every row of `rows` joins the batch independently with probability q.
 * Implemented by geometric gap skipping (exactly the Bernoulli process, O(batch) draws per step).
 * An empty batch is a valid outcome.
 */
export function poissonBatch(rows: Int32Array, q: number, rng: Rng, out?: Int32Array): Int32Array {
  const n = rows.length;
  if (q >= 1) return rows.slice();
  if (q <= 0 || n === 0) return new Int32Array(0);
  const buf = out && out.length >= n ? out : new Int32Array(n);
  const logNot = Math.log1p(-q);
  let k = 0;
  let i = -1;
  for (;;) {
    const u = rng.next();
    const gap = Math.floor(Math.log1p(-u) / logNot);
    i += gap + 1;
    if (i >= n) break;
    buf[k++] = rows[i];
  }
  return buf.slice(0, k);
}
