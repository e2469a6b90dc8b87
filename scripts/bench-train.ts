/**
 * Training throughput of the DP-SGD engine (one process, one core). Prints one JSON line per figure.
 * Usage: node --import tsx scripts/bench-train.ts [single|fleet] [models]
 */
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend, tf } from '../src/backend/index.js';
import { Rng } from '../src/random/rng.js';
import { trainStack, type DeviceData, type StackMember, type StepKernel } from '../src/train/stack.js';
import { loadDataset } from '../src/data/dataset.js';
import { resolveDatasetOptions } from '../src/cli/dataset-options.js';
import { silentLogger } from '../src/log/logger.js';
import { uploadDataset } from '../src/train/session.js';
import { resolveTrainConfig } from '../src/train/config.js';
import { median, Window, round } from './bench-util.js';

const mode = process.argv[2] ?? 'single';
const fleetModels = Number(process.argv[3] ?? 17);
const backend = await initBackend('auto');
const T = tf();

function synthetic(N: number, d: number): DeviceData {
  const rng = new Rng(['bench-synthetic']);
  const X = new Float32Array(N * d);
  const y = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = rng.normal();
      X[i * d + j] = v;
      s += v * Math.sin(j + 1);
    }
    y[i] = s + rng.normal() > 0 ? 1 : 0;
  }
  return { X: T.tensor2d(X, [N, d]), y: T.tensor2d(y, [N, 1]), host: { X, y, d } };
}

function measure(
  name: string,
  data: DeviceData,
  n: number,
  inputDim: number,
  models: number,
  arm: 'nondp' | 'dp',
  steps: number,
  kernel: StepKernel,
): { wall: number; cpu: number } {
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const members: StackMember[] = Array.from({ length: models }, (_, m) => ({
    rows,
    mode: arm,
    noiseMultiplier: arm === 'dp' ? 1 : 0,
    initSeed: ['i', m],
    batchSeed: ['b', m],
    noiseSeed: ['n', m],
  }));
  const hyper = {
    spec: { kind: 'mlp' as const, inputDim, hidden: [64, 64] },
    sampleRate: 256 / n,
    steps,
    clip: 1,
    optimizer: { name: 'adam' as const, lr: 1e-3 },
    kernel,
  };
  trainStack(T, data, members, { ...hyper, steps: Math.min(steps, 100) }); // warm-up (JIT, kernel set-up)
  // REPEATS runs of `steps` steps; the figures are the medians (one 0.3 s run varies by ±30 % on this machine).
  const w = new Window();
  const walls: number[] = [];
  const cpus: number[] = [];
  let examples = 0;
  let kernelUsed = '';
  for (let r = 0; r < REPEATS; r++) {
    const one = new Window();
    const res = trainStack(T, data, members, hyper);
    const win1 = one.close();
    walls.push(win1.wallSeconds);
    cpus.push(win1.cpuSeconds);
    examples = res.reduce((a, x) => a + x.meanBatchSize * steps, 0);
    kernelUsed = res[0].kernel;
  }
  const win = w.close();
  const s = median(walls);
  const cpu = median(cpus);
  const line = {
    name,
    arm,
    models,
    backend: backend.name,
    kernel: kernelUsed,
    msPerStep: +((s * 1000) / steps).toFixed(3),
    examplesPerSecond: Math.round(examples / s),
    // CPU time of this (single-threaded) process: on a busy machine the figure less distorted by waiting.
    cpuMsPerStep: +((cpu * 1000) / steps).toFixed(3),
    examplesPerCpuSecond: Math.round(examples / cpu),
    repeats: REPEATS,
    // Target of the DP step on one core (idle machine).
    ...(arm === 'dp' ? { target: { examplesPerSecond: 300_000 } } : {}),
    ...win,
  };
  console.log(JSON.stringify(line));
  return { wall: (s * 1000) / steps, cpu: (cpu * 1000) / steps };
}

const REPEATS = 7;

function ratioLine(
  name: string,
  kernel: StepKernel,
  dp: { wall: number; cpu: number },
  nd: { wall: number; cpu: number },
  w: Window,
): void {
  console.log(
    JSON.stringify({
      name,
      kernel,
      ratio: round(dp.wall / nd.wall, 3),
      cpuRatio: round(dp.cpu / nd.cpu, 3),
      target: { ratio: 1.1 },
      ...w.close(),
    }),
  );
}

// Both engines of the gradient step: the WebAssembly kernel (default for the dense families) and tfjs.
const KERNELS: StepKernel[] = ['wasm-simd', 'tfjs'];

if (mode === 'single') {
  const syn = synthetic(50_000, 32);
  measure('warm-up', syn, 50_000, 32, 1, 'dp', 200, 'tfjs');
  for (const k of KERNELS) {
    const w1 = new Window();
    const nd = measure('synthetic-50000x32-mlp-b256', syn, 50_000, 32, 1, 'nondp', 400, k);
    const dp = measure('synthetic-50000x32-mlp-b256', syn, 50_000, 32, 1, 'dp', 400, k);
    ratioLine('synthetic-50000x32-dp-over-nondp-step-time', k, dp, nd, w1);
  }
  const ds = loadDataset(resolveDatasetOptions({}, silentLogger), silentLogger);
  const dev = uploadDataset(T, ds, resolveTrainConfig({}));
  const pool = ds.splits.train;
  const X = T.gather(dev.X, T.tensor1d(pool, 'int32')) as tfjs.Tensor2D;
  const y = T.gather(dev.y, T.tensor1d(pool, 'int32')) as tfjs.Tensor2D;
  const data: DeviceData = { X, y, host: { X: X.dataSync() as Float32Array, y: y.dataSync() as Float32Array, d: dev.spec.inputDim } };
  for (const k of KERNELS) {
    const w2 = new Window();
    const nd2 = measure('flchain-mlp-b256', data, pool.length, dev.spec.inputDim, 1, 'nondp', 400, k);
    const dp2 = measure('flchain-mlp-b256', data, pool.length, dev.spec.inputDim, 1, 'dp', 400, k);
    ratioLine('flchain-dp-over-nondp-step-time', k, dp2, nd2, w2);
  }
} else {
  const syn = synthetic(50_000, 32);
  const k = (process.argv[4] ?? 'wasm-simd') as StepKernel;
  measure('fleet-synthetic-50000x32-mlp-b256', syn, 50_000, 32, fleetModels, 'dp', 60, k);
}
