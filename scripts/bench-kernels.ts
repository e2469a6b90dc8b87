/**
 * The WebAssembly kernels against the JavaScript loops they replace (each gives the same bits; tests compare them):
 * the PRV accountant's FFT (2^18 points, forward + inverse), Adam's update (P = 4 929, the MLP 10→64→64→1), the
 * gradient canaries' privatise-and-score pass (8 192 coordinates), erfc on the engine's Math.exp against @stdlib's
 * (the same bits), and whole PRV compositions (the start-up cost of a DP arm). One JSON line per figure with the
 * machine's idle share and the speed-up.
 * Usage: node --import tsx scripts/bench-kernels.ts [repeats]
 */
import stdlibErfc from '@stdlib/math-base-special-erfc';
import { erfc } from '../src/math/erfc.js';
import { fft, fftJs } from '../src/privacy/fft.js';
import { AdamKernel } from '../src/train/adam-kernel.js';
import { newOptimizerState, optimizerStep, type OptimizerConfig } from '../src/train/optimizer.js';
import { GradientCanaries } from '../src/train/gradient-canaries.js';
import { privatizedGradient } from '../src/train/stack.js';
import { composePrv } from '../src/privacy/prv/composed.js';
import { Rng } from '../src/random/rng.js';
import { Window } from './bench-util.js';

const repeats = Number(process.argv[2] ?? 20);
const rng = Rng.from('bench-kernels');

/** ms per call of each variant (after one warm-up call), alternating the variants repeat by repeat. */
function pair(name: string, variants: Record<string, () => void>, extra: Record<string, unknown> = {}): void {
  const names = Object.keys(variants);
  for (const v of names) variants[v]();
  const ms: Record<string, number> = Object.fromEntries(names.map((v) => [v, 0]));
  const w = new Window();
  for (let k = 0; k < repeats; k++)
    for (const v of names) {
      const t = performance.now();
      variants[v]();
      ms[v] += performance.now() - t;
    }
  const c = w.close();
  const per = Object.fromEntries(names.map((v) => [`${v}MsPerCall`, +(ms[v] / repeats).toFixed(3)]));
  const speedup = names.length === 2 ? { speedup: +(ms[names[1]] / ms[names[0]]).toFixed(2) } : {};
  console.log(JSON.stringify({ name, ...per, ...speedup, repeats, ...extra, ...c }));
}

// FFT: forward then inverse of 2^18 complex points.
const n = 1 << 18;
const re = Float64Array.from({ length: n }, () => rng.normal());
const im = Float64Array.from({ length: n }, () => rng.normal());
pair(
  'kernel-fft-2^18',
  {
    wasm: () => {
      fft(re, im);
      fft(re, im, true);
    },
    js: () => {
      fftJs(re, im);
      fftJs(re, im, true);
    },
  },
  { points: n },
);

// erfc over the arguments a PRV discretisation meets (|x| up to 30, every branch), 2^18 per call.
const xs = Float64Array.from({ length: 1 << 18 }, (_, i) => ((i / (1 << 18)) * 60 - 30) * (1 + 1e-3 * rng.normal()));
let sink = 0;
pair(
  'erfc-2^18',
  {
    engineExp: () => {
      for (let i = 0; i < xs.length; i++) sink += erfc(xs[i]);
    },
    stdlib: () => {
      for (let i = 0; i < xs.length; i++) sink += stdlibErfc(xs[i]);
    },
  },
  { points: xs.length },
);
if (!(sink > 0)) throw new Error('erfc bench: nothing summed');

// Adam on P parameters, 100 steps per call.
const P = 4929;
const cfg: OptimizerConfig = { name: 'adam', lr: 0.005 };
const adam = AdamKernel.create(P, 1);
if (!adam) throw new Error('no WebAssembly SIMD here');
const wWasm = Float32Array.from({ length: P }, () => rng.normal());
const wJs = wWasm.slice();
const sWasm = newOptimizerState(cfg, P, { adam, model: 0 });
const sJs = newOptimizerState(cfg, P);
const g = Float64Array.from({ length: P }, () => rng.normal());
adam.grad.set(g);
pair(
  'kernel-adam-4929',
  {
    wasm: () => {
      for (let t = 0; t < 100; t++) optimizerStep(cfg, sWasm, wWasm, adam.grad);
    },
    js: () => {
      for (let t = 0; t < 100; t++) optimizerStep(cfg, sJs, wJs, g);
    },
  },
  { parameters: P, stepsPerCall: 100 },
);

// Gradient canaries: privatise and score 8 192 coordinates, 20 chunks per call.
const m = 8192;
const fused = new GradientCanaries(m, ['bench'], { noiseMultiplier: 1.1, sampleRate: 0.05 });
const loops = new GradientCanaries(m, ['bench'], { noiseMultiplier: 1.1, sampleRate: 0.05 });
const sum = new Float32Array(m);
const noise = Float32Array.from({ length: m }, () => rng.normal() * 1.1);
const update = new Float64Array(m);
fused.addCanaries(sum, 0.05, 1);
loops.addCanaries(new Float32Array(m), 0.05, 1);
pair(
  'kernel-canary-score-8192',
  {
    wasm: () => {
      for (let k = 0; k < 20; k++) fused.observePrivatized(sum, noise, 234, 0);
    },
    js: () => {
      for (let k = 0; k < 20; k++) {
        privatizedGradient(update, sum, noise, 234);
        loops.observe(update, 234, 0);
      }
    },
  },
  { coordinates: m, chunksPerCall: 20 },
);

// One PRV composition of a quick-preset DP arm (σ 0.80, q 0.0547, T 183) at the calibration's and the profile's δ error.
for (const deltaError of [1e-8, 1e-9])
  pair(
    `prv-compose-delta-error-${deltaError}`,
    {
      compose: () => {
        composePrv([{ noiseMultiplier: 0.8047, sampleRate: 0.05465, steps: 183 }], { epsError: 0.01, deltaError, maxGridSize: 1 << 21 });
      },
    },
    { sigma: 0.8047, sampleRate: 0.05465, steps: 183 },
  );
