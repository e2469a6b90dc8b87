/** Accountant timings (one JSON line each): ε for fixed (q, σ, T, δ) and σ calibration, RDP and PRV. */
import { epsilonFor } from '../src/privacy/registry.js';
import { calibrateNoise } from '../src/privacy/calibrate.js';

const cases = [
  { name: 'opacus-reference', sampleRate: 256 / 60000, noiseMultiplier: 1.1, steps: 14063, delta: 1e-5 },
  { name: 'q0.01-s1-T1000', sampleRate: 0.01, noiseMultiplier: 1, steps: 1000, delta: 1e-5 },
  { name: 'flchain-default', sampleRate: 256 / 4684, noiseMultiplier: 1.4, steps: 366, delta: 1e-5 },
];
for (const c of cases) {
  for (const accountant of ['rdp', 'prv'] as const) {
    const t0 = performance.now();
    const r = epsilonFor({ ...c, accountant });
    console.log(
      JSON.stringify({ name: `epsilon-${c.name}-${accountant}`, epsilon: +r.epsilon.toFixed(4), ms: +(performance.now() - t0).toFixed(1) }),
    );
    const t1 = performance.now();
    const cal = calibrateNoise({ targetEpsilon: 1, delta: c.delta, sampleRate: c.sampleRate, steps: c.steps, accountant });
    console.log(
      JSON.stringify({
        name: `calibrate-eps1-${c.name}-${accountant}`,
        noiseMultiplier: +cal.noiseMultiplier.toFixed(4),
        epsilon: +cal.epsilon.toFixed(4),
        ms: +(performance.now() - t1).toFixed(1),
      }),
    );
  }
}
