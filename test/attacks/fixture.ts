import type { FleetSignals } from '../../attacks/types.js';

/**
 * Tiny fixed fleet: M = 3 models, n = 4 rows, population of 3 rows.
 * φ (= s if y = 1 else −s), model-major:
 *   m0: [2, 1, 0.5, −3]   m1: [1, 0, −2, −1.5]   m2: [−0.5, −2, 1, 0]
 * inMask: m0 [1,0,1,0], m1 [0,1,1,0], m2 [1,1,0,0].
 */
export function tinyFleet(): FleetSignals {
  return {
    nModels: 3,
    nRows: 4,
    labels: Uint8Array.from([1, 0, 1, 0]),
    logits: Float32Array.from([2, -1, 0.5, 3, 1, 0, -2, 1.5, -0.5, 2, 1, 0]),
    inMask: Uint8Array.from([1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0]),
    population: {
      nRows: 3,
      labels: Uint8Array.from([1, 0, 1]),
      logits: Float32Array.from([0.3, -0.2, 1.0, 0.1, 0.4, -0.5, -0.3, 0.0, 0.8]),
    },
  };
}

export const PHI = [
  [2, 1, 0.5, -3],
  [1, 0, -2, -1.5],
  [-0.5, -2, 1, 0],
];
export const PHI_POP = [
  [0.3, 0.2, 1.0],
  [0.1, -0.4, -0.5],
  [-0.3, 0, 0.8],
];
export const IN = [
  [1, 0, 1, 0],
  [0, 1, 1, 0],
  [1, 1, 0, 0],
];

export const sig = (x: number): number => 1 / (1 + Math.exp(-x));
export const logN = (x: number, mu: number, sd: number): number =>
  -0.5 * Math.log(2 * Math.PI) - Math.log(sd) - ((x - mu) * (x - mu)) / (2 * sd * sd);

/** |a − b| ≤ rtol·max(|a|, |b|) + atol elementwise. */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol = 1e-12, what = 'value'): void {
  if (actual.length !== expected.length) throw new Error(`${what}: length ${actual.length} ≠ ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (!(Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) + atol)) throw new Error(`${what}[${i}]: ${a} vs expected ${b}`);
  }
}

/** RMIA by the definition, with explicit loops over the fixture's φ tables. */
export function bruteRmia(t: number, refs: number[], mode: 'online' | { a: number }, gamma: number): number[] {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rz = PHI_POP[0].map((_, z) => sig(PHI_POP[t][z]) / mean(refs.map((r) => sig(PHI_POP[r][z]))));
  const outAll: number[] = [];
  for (const r of refs) for (let i = 0; i < 4; i++) if (IN[r][i] === 0) outAll.push(sig(PHI[r][i]));
  return PHI[t].map((phi, i) => {
    let prX: number;
    if (mode === 'online') prX = mean(refs.map((r) => sig(PHI[r][i])));
    else {
      const outs = refs.filter((r) => IN[r][i] === 0).map((r) => sig(PHI[r][i]));
      const mOut = outs.length > 0 ? mean(outs) : mean(outAll);
      prX = 0.5 * ((1 + mode.a) * mOut + (1 - mode.a));
    }
    const rx = sig(phi) / prX;
    return rz.filter((r) => rx / r > gamma).length / rz.length;
  });
}
