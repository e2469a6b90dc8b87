/**
 * Power table of the DP-SGD pipeline self-test (seeded trainer faults × claimed ε on the embedded flchain
 * data): one JSON line per (fault, ε) cell, then the correct trainer's false-FAIL rate and the wall time.
 * `node --import tsx scripts/power.ts [short|full] [seed]` (default full, seed 1).
 */
import { initBackend, tf } from '../src/backend/index.js';
import { makeLogger } from '../src/log/logger.js';
import { runDpsgdSelftest } from '../src/selftest/dpsgd.js';
import { dpsgdSelftestConfig, embeddedSelftestData } from '../src/selftest/dpsgd-setup.js';

// `tight`: tightness of the correct trainer at ε = 2 with m = 100 000 gradient canaries (5 seeds).
const size = process.argv[2] === 'short' ? 'short' : process.argv[2] === 'tight' ? 'tight' : 'full';
const seed = Number(process.argv[3] ?? 1);
await initBackend('auto');
const log = makeLogger({ quiet: true });
const base = dpsgdSelftestConfig(size === 'tight' ? 'full' : size, seed);
const { maxRows } = base;
const options =
  size === 'tight'
    ? { ...base.options, faults: ['none' as const], epsilons: [2], correctSeeds: 5, gradientCanaries: 100000, maxGradientCanaries: 100000 }
    : base.options;
const ds = embeddedSelftestData(maxRows, seed, log);
const r = await runDpsgdSelftest(
  tf(),
  ds,
  options,
  (d, t) => process.stderr.write(`\r${d}/${t} runs`),
  (c) =>
    process.stdout.write(
      `${JSON.stringify({ figure: 'power', fault: c.fault, epsilon: c.epsilon, canaries: c.canaryKind, m: c.m, runs: c.runs, detected: c.detected, untestable: c.untestable, rate: c.rate, meanEpsilonLb: +c.meanEpsilonLb.toFixed(3), meanFdpEpsilonLb: +c.meanFdpEpsilonLb.toFixed(3), tightness: c.fault === 'none' ? +(Math.max(c.meanEpsilonLb, c.meanFdpEpsilonLb) / c.epsilon).toFixed(3) : null, ceiling: +c.ceiling.toFixed(3), fdpCeiling: +c.fdpCeiling.toFixed(3), sigma: +c.noiseMultiplier.toFixed(3), q: +c.sampleRate.toFixed(4), steps: c.steps })}\n`,
    ),
);
process.stderr.write('\n');
process.stdout.write(`${JSON.stringify({ figure: 'power-false-fail', ...r.falseFail, seconds: +r.seconds.toFixed(1), size, seed })}\n`);
