import { initBackend, tf, type Tf } from '../../src/backend/index.js';

/** The compute backend for tests (wasm when available, as in production on this kind of machine). */
export async function testTf(): Promise<Tf> {
  await initBackend((process.env.DPAUDIT_TEST_BACKEND as 'auto' | 'wasm' | 'cpu' | undefined) ?? 'auto');
  return tf();
}

/** Relative closeness for float32 results: |a − b| ≤ rtol·max(|a|, |b|) + atol. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 1e-7, what = 'value'): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} ≠ ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (!(Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol)) {
      throw new Error(`${what}[${i}]: ${a} vs expected ${b} (rtol ${rtol})`);
    }
  }
}
