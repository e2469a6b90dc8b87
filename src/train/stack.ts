import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import { Rng, fillSecureNormal, type SeedPart } from '../random/rng.js';
import type { ModelSpec } from '../model/spec.js';
import type { DeviceLayer } from '../model/forward.js';
import { modelFamily, type ModelFamily } from '../model/families/index.js';
import type { UnitSegments } from '../model/families/dense-unit-clipped-sum.js';
import { DpauditError } from '../errors.js';
import { denseKernel, denseKernelAvailable, DENSE_KERNEL_NAME } from '../model/kernel/dense-kernel.js';
import { poissonBatch } from './poisson.js';
import { groupRowsByUnit, unitPoissonBatch, type UnitGroups } from './unit-batch.js';
import { newOptimizerState, optimizerStep, type OptimizerConfig, type OptimizerState } from './optimizer.js';
import { AdamKernel } from './adam-kernel.js';

/**
 * DP-SGD for a stack of models trained as one program (docs/methods.md#dp-sgd). Every member has its own training
 * rows, Poisson batches, noise stream and optimiser state; all share the model shape, q, T and C (a member may
 * override q and T, and start from given parameters: federated rounds, docs/methods.md#federated).
 * Each step: for every member, Poisson-sample its batch, compute the (clipped) per-example gradient sum on
 * the device, then — one device→host transfer for the whole stack — add Gaussian noise N(0, σ²C²) per
 * coordinate, normalise by the expected batch size qN_m, and take the optimiser step on the host
 * (clip → sum → noise → normalise → step, as the Opacus optimiser does). A single model is a stack of one.
 *
 * Arms: `nondp` — mean gradient of the actual batch, no clip, no noise, empty batch skips the step;
 * `cliponly` — clip and normalise by qN, σ = 0; `dp` — clip, noise σ, normalise by qN (empty batch = noise-only step).
 *
 * Per-model 2-D matmuls are used instead of one batched matmul: on the wasm backend a batched matmul of
 * 17 × (256×64 · 64×64) takes ~11 ms against ~1 ms for 17 separate XNNPACK matmuls (measured).
 */
export type ArmMode = 'nondp' | 'cliponly' | 'dp';

export interface StackMember {
  /** Training rows: indices into the device matrix. */
  rows: Int32Array;
  mode: ArmMode;
  /** σ (0 for nondp/cliponly). */
  noiseMultiplier: number;
  /** Seed parts of the member's streams. Arms that must share batches/initialisation share these parts. */
  initSeed: SeedPart[];
  batchSeed: SeedPart[];
  noiseSeed: SeedPart[];
  /** Draw noise from node:crypto instead of the seeded stream. */
  secureNoise?: boolean;
  /**
   * Unit of every device row. Present (dp/cliponly): user-level DP-SGD — Poisson-sample units, clip each
   * unit's summed gradient, normalise by q·U_m (docs/methods.md#user-level-dp).
   */
  unitOfRow?: Int32Array;
  /**
   * White-box gradient canaries carried beside the model's parameters (dp/cliponly members only): extra
   * coordinates no real example touches, privatised with the member's own sampling rate, noise scale and
   * normalisation. See docs/methods.md#gradient-canaries.
   */
  canaries?: StackCanaryHook;
  /** Start from these parameters instead of the seeded initialisation (e.g. a federated round's global model). */
  initialParams?: Float32Array;
  /**
   * The member's own Poisson rate and number of steps instead of the stack's (e.g. one site of a federated
   * round, docs/methods.md#federated). A member with fewer steps than the stack stops early: no batch, no noise,
   * no optimiser step after its last step.
   */
  sampleRate?: number;
  steps?: number;
}

/**
 * Extra update coordinates of one member (gradient canaries). Each step the trainer zeroes `sum`, lets the
 * hook add the canaries its own Poisson draws select (at the trainer's actual sampling rate), adds the
 * member's noise N(0, sd²) per coordinate (from a dedicated stream, so the model's own noise is unchanged)
 * and divides by the member's expected batch size, exactly as for the model's coordinates (privatizedGradient); the
 * hook does that last division itself, fused with its observation of the privatised update (observePrivatized).
 */
export interface StackCanaryHook {
  readonly dims: number;
  /** `clipBound`: the clip bound the trainer applies to per-example gradients (null: none); canaries pass through it. */
  addCanaries(sum: Float32Array, sampleRate: number, clip: number, clipBound?: number | null): void;
  /**
   * Canary coordinates offset … offset + sum.length − 1 (chunks of at most CANARY_CHUNK): their privatised update
   * privatizedGradient(update, sum, noise, expectedBatchSize) (noise null: none), observed.
   */
  observePrivatized(sum: Float32Array, noise: Float32Array | null, expectedBatchSize: number, offset: number): void;
}

/**
 * Seeded implementation faults for the pipeline self-test only (no command or option exposes them):
 * `noise-off` (σ = 0), `noise-quarter` (σ/4), `clip-off` (no per-example clipping), `noise-unscaled`
 * (sd σ instead of σC), `rate-4x` (Poisson sampling at 4q while the accountant assumes q).
 */
export type TrainerFault = 'none' | 'noise-off' | 'noise-quarter' | 'clip-off' | 'noise-unscaled' | 'rate-4x';
export interface StackTestSeam {
  fault: TrainerFault;
}

export interface StackHyper {
  spec: ModelSpec;
  sampleRate: number;
  steps: number;
  clip: number;
  optimizer: OptimizerConfig;
  /** Engine of the gradient step (default auto; see resolveStepKernel). */
  kernel?: StepKernelRequest;
}

export interface DeviceData {
  X: tfjs.Tensor2D;
  /** Labels as [n, 1] float32. */
  y: tfjs.Tensor2D;
  /**
   * The same matrix and labels on the host (X row-major n × d, y of length n). Present: the dense families
   * may run on the WebAssembly kernel (model/kernel/dense-kernel.ts) instead of tfjs.
   */
  host?: HostData;
}

/** Data on the host only: enough when every member runs on the kernel (tfjs may then be absent). */
export interface HostOnlyData {
  X?: undefined;
  y?: undefined;
  host: HostData;
}

export interface HostData {
  X: Float32Array;
  y: Float32Array;
  d: number;
}

/**
 * Engine of the per-example gradient step: `wasm-simd`, the hand-written kernel of model/kernel (dense
 * families, record-level clipping, host data given); `tfjs`, the general path on the tfjs backend.
 */
export type StepKernel = 'wasm-simd' | 'tfjs';
export type StepKernelRequest = 'auto' | StepKernel;

/**
 * The engine a request resolves to: `auto` is the WebAssembly kernel where it applies, unless the environment
 * variable DPAUDIT_KERNEL=tfjs forces the general path (for comparisons).
 */
export function resolveStepKernel(request: StepKernelRequest | undefined, kind: string): StepKernel {
  const r = request ?? 'auto';
  const want = r === 'auto' ? (process.env.DPAUDIT_KERNEL === 'tfjs' ? 'tfjs' : 'wasm-simd') : r;
  if (want === 'wasm-simd' && (kind === 'logreg' || kind === 'mlp') && denseKernelAvailable()) return DENSE_KERNEL_NAME;
  return 'tfjs';
}

/**
 * Whether a member's gradient steps run on the WebAssembly kernel, given the resolved step kernel: user-level
 * (patient) clipping of a DP or clip-only member has no kernel rule and stays on tfjs (docs/methods.md#user-level-dp).
 */
export function onStepKernel(stepKernel: StepKernel, userLevel: boolean, mode: StackMember['mode']): boolean {
  return stepKernel === DENSE_KERNEL_NAME && !(userLevel && mode !== 'nondp');
}

export interface MemberResult {
  params: Float32Array;
  emptySteps: number;
  meanBatchSize: number;
  optimizerSteps: number;
  /** The engine that computed this member's gradients. */
  kernel: StepKernel;
}

export interface StackProgress {
  step: number;
  steps: number;
}

export function trainStack(
  tfOrNull: Tf | null,
  data: DeviceData | HostOnlyData,
  members: StackMember[],
  hyper: StackHyper,
  onStep?: (p: StackProgress) => void,
  seam?: StackTestSeam,
): MemberResult[] {
  const fault: TrainerFault = seam?.fault ?? 'none';
  // The device (tfjs and the data on it) is needed only by members that do not run on the kernel.
  let onDevice: { tf: Tf; dev: DeviceData } | null = null;
  const device = (): { tf: Tf; dev: DeviceData } => {
    if (onDevice) return onDevice;
    if (!tfOrNull || !data.X || !data.y) throw new Error('dpaudit: this training step needs tfjs and the data on its device');
    onDevice = { tf: tfOrNull, dev: data as DeviceData };
    return onDevice;
  };
  // The model family supplies the shape, initialisation and per-example gradient rule.
  const {
    paramCount,
    init: initParams,
    upload: uploadParams,
    dispose: disposeLayers,
    clippedSum: clippedGradientSum,
  } = modelFamily(hyper.spec.kind);
  const P = paramCount(hyper.spec);
  const rate = (r: number) => (fault === 'rate-4x' ? Math.min(1, 4 * r) : r);
  const qOf = members.map((m) => rate(m.sampleRate ?? hyper.sampleRate));
  const stepsOf = members.map((m) => m.steps ?? hyper.steps);
  const T = members.length > 0 ? Math.max(...stepsOf) : hyper.steps;
  const C = hyper.clip;
  // The per-example clip bound the trainer applies (null: no clipping); gradient canaries pass through it too.
  const exampleClip: number | null = fault === 'clip-off' ? null : C;
  const M = members.length;
  const params = members.map((m) =>
    m.initialParams ? Float32Array.from(m.initialParams) : initParams(hyper.spec, Rng.from(...m.initSeed)),
  );
  const batchRng = members.map((m) => Rng.from(...m.batchSeed));
  const noiseRng = members.map((m) => Rng.from(...m.noiseSeed));
  // Adam's update on the WebAssembly kernel (same numbers): the models' moments and the gradient in its memory.
  const adam = hyper.optimizer.name === 'adam' ? AdamKernel.create(P, M) : null;
  const states: OptimizerState[] = members.map((_, k) => newOptimizerState(hyper.optimizer, P, adam ? { adam, model: k } : undefined));
  const empties = new Int32Array(M);
  const batchTotals = new Float64Array(M);
  // Record-level members run on the WebAssembly kernel when it applies (host data, dense family); user-level
  // members stay on tfjs. Parameters are uploaded to the device only for members on tfjs.
  const stepKernel = data.host ? resolveStepKernel(hyper.kernel, hyper.spec.kind) : 'tfjs';
  const onKernel = members.map((m) => onStepKernel(stepKernel, m.unitOfRow !== undefined, m.mode));
  const kernel = onKernel.some((k) => k) ? denseKernel() : null;
  if (kernel && data.host) kernel.setData(data.host.X, data.host.y, data.host.d);
  const kernelSums = members.map((_, m) => (onKernel[m] ? new Float32Array(P) : null));
  let layers: (DeviceLayer[] | null)[] = params.map((p, m) => (onKernel[m] ? null : uploadParams(device().tf, hyper.spec, p)));
  const grad = adam ? adam.grad : new Float64Array(P);
  const noise = new Float32Array(P);
  const scratch = new Int32Array(Math.max(1, ...members.map((m) => m.rows.length)));
  const unitGroups: (UnitGroups | null)[] = members.map((m) =>
    m.unitOfRow && m.mode !== 'nondp' ? groupRowsByUnit(m.rows, m.unitOfRow) : null,
  );
  const unitSum = modelFamily(hyper.spec.kind).unitClippedSum;
  const canaryNoiseRng = members.map((m) => (m.canaries ? Rng.from(...m.noiseSeed, 'gradient-canaries') : null));
  // DP normaliser of each member: the expected batch size q·N (N in units for user-level members).
  const normOf = members.map((m, k) => qOf[k] * (unitGroups[k]?.count ?? m.rows.length));
  // Per-step buffers, reset at the start of every step.
  const batchSizes = new Int32Array(M);
  const sums: (tfjs.Tensor1D | null)[] = new Array(M).fill(null);
  const hostSums: (Float32Array | null)[] = new Array(M).fill(null);
  const present: tfjs.Tensor1D[] = [];
  const canarySum = members.map((m) => new Float32Array(m.canaries?.dims ?? 0));
  const canaryNoise = members.map((m) => new Float32Array(Math.min(CANARY_CHUNK, m.canaries?.dims ?? 0)));
  try {
    for (let t = 0; t < T; t++) {
      batchSizes.fill(0);
      sums.fill(null);
      hostSums.fill(null);
      for (let m = 0; m < M; m++) {
        if (t >= stepsOf[m]) continue; // this member's run is over
        const q = qOf[m];
        const groups = unitGroups[m];
        if (groups) {
          // User-level step: batch sizes and the normaliser count units.
          const ub = unitPoissonBatch(groups, q, batchRng[m], scratch);
          batchSizes[m] = ub.segments.units;
          batchTotals[m] += ub.segments.units;
          if (ub.segments.units === 0) empties[m]++;
          else sums[m] = userLevelSum(device().tf, device().dev, layers[m] as DeviceLayer[], ub.rows, ub.segments, C, unitSum);
          continue;
        }
        const batch = poissonBatch(members[m].rows, q, batchRng[m], scratch);
        batchSizes[m] = batch.length;
        batchTotals[m] += batch.length;
        if (batch.length === 0) {
          empties[m]++;
          continue;
        }
        const clipAt = members[m].mode === 'nondp' ? null : exampleClip;
        const ks = kernelSums[m];
        if (kernel && ks) {
          hostSums[m] = kernel.clippedSum(hyper.spec, params[m], batch, clipAt, ks);
          continue;
        }
        const { tf, dev } = device();
        sums[m] = tf.tidy(() => {
          const idx = tf.tensor1d(batch, 'int32');
          const x = tf.gather(dev.X, idx) as tfjs.Tensor2D;
          const y = tf.gather(dev.y, idx) as tfjs.Tensor2D;
          const r = clippedGradientSum(tf, layers[m] as DeviceLayer[], x, y, clipAt);
          return r.sum;
        });
      }
      present.length = 0;
      for (const x of sums) if (x !== null) present.push(x);
      let host: Float32Array = new Float32Array(0);
      if (present.length > 0) {
        const all = present.length === 1 ? present[0] : device().tf.concat(present);
        host = all.dataSync() as Float32Array;
        if (present.length > 1) all.dispose();
        for (const s of present) s.dispose();
      }
      let offset = 0;
      for (let m = 0; m < M; m++) {
        if (sums[m] !== null) {
          hostSums[m] = host.subarray(offset, offset + P);
          offset += P;
        }
      }
      for (let m = 0; m < M; m++) {
        if (t >= stepsOf[m]) continue;
        const q = qOf[m];
        const mem = members[m];
        const has = batchSizes[m] > 0;
        const sum = hostSums[m];
        if (mem.mode === 'nondp') {
          if (!has) continue; // an empty batch skips the step
          const inv = 1 / batchSizes[m];
          for (let i = 0; i < P; i++) grad[i] = (sum as Float32Array)[i] * inv;
        } else {
          const sd = noiseSd(mem.noiseMultiplier, C, fault);
          if (sd > 0) {
            if (mem.secureNoise) fillSecureNormal(noise, sd);
            else noiseRng[m].fillNormal(noise, sd);
          }
          privatizedGradient(grad, has ? sum : null, sd > 0 ? noise : null, normOf[m]);
          const hook = mem.canaries;
          if (hook && hook.dims > 0) {
            const cs = canarySum[m]; // all zero here: each chunk is cleared after use
            const normaliser = normOf[m];
            hook.addCanaries(cs, q, C, exampleClip);
            // Chunk by chunk (cache-sized): the trainer's noise and privatisation of the canary coordinates,
            // then the hook's score of them; the same noise stream and the same numbers as whole arrays.
            for (let a = 0; a < hook.dims; a += CANARY_CHUNK) {
              const len = Math.min(CANARY_CHUNK, hook.dims - a);
              const sumChunk = cs.subarray(a, a + len);
              const noiseChunk = canaryNoise[m].subarray(0, len);
              if (sd > 0) {
                if (mem.secureNoise) fillSecureNormal(noiseChunk, sd);
                else (canaryNoiseRng[m] as Rng).fillNormal(noiseChunk, sd);
              }
              hook.observePrivatized(sumChunk, sd > 0 ? noiseChunk : null, normaliser, a);
              sumChunk.fill(0);
            }
          }
        }
        optimizerStep(hyper.optimizer, states[m], params[m], grad);
        const old = layers[m];
        if (old) {
          disposeLayers(old);
          layers[m] = uploadParams(device().tf, hyper.spec, params[m]);
        }
      }
      onStep?.({ step: t + 1, steps: T });
    }
  } finally {
    for (const l of layers) if (l) disposeLayers(l);
    layers = [];
  }
  return members.map((_, m) => ({
    params: params[m],
    emptySteps: empties[m],
    meanBatchSize: stepsOf[m] > 0 ? batchTotals[m] / stepsOf[m] : 0,
    optimizerSteps: states[m].step,
    kernel: onKernel[m] ? stepKernel : 'tfjs',
  }));
}

function userLevelSum(
  tf: Tf,
  data: DeviceData,
  layers: DeviceLayer[],
  rows: Int32Array,
  segments: UnitSegments,
  C: number,
  rule: ModelFamily['unitClippedSum'],
): tfjs.Tensor1D {
  if (!rule) throw new DpauditError('this model family has no user-level (patient) gradient rule; use --privacy-unit record');
  return tf.tidy(() => {
    const idx = tf.tensor1d(rows, 'int32');
    const x = tf.gather(data.X, idx) as tfjs.Tensor2D;
    const y = tf.gather(data.y, idx) as tfjs.Tensor2D;
    return rule(tf, layers, x, y, segments, C).sum;
  });
}

/** Noise standard deviation σC of one coordinate (or the seeded fault's). */
function noiseSd(sigma: number, C: number, fault: TrainerFault): number {
  if (fault === 'noise-off') return 0;
  if (fault === 'noise-quarter') return (sigma * C) / 4;
  if (fault === 'noise-unscaled') return sigma;
  return sigma * C;
}

/** Canary coordinates privatised and scored per chunk of this many (noise, sum and update stay in cache). */
export const CANARY_CHUNK = 8192;

/**
 * Steps 4–5 of docs/methods.md#dp-sgd on the host: out = (clippedSum + noise) / expectedBatchSize, where `noise`
 * holds N(0, σ²C²) draws (null when σ = 0) and a null sum is an empty batch (a noise-only step).
 * canary-score.wat (`$x`) repeats these operations for the gradient canaries' coordinates: a change here must be
 * made there too (test/src/train/gradient-canaries.test.ts compares the two bit for bit).
 */
export function privatizedGradient(
  out: Float64Array,
  clippedSum: Float32Array | Float64Array | null,
  noise: Float32Array | null,
  expectedBatchSize: number,
): Float64Array {
  const inv = 1 / expectedBatchSize;
  const n = out.length;
  // One loop per case (no test per coordinate); an absent term adds 0, so every case gives the same bits as (s + n)·inv.
  if (clippedSum && noise) for (let i = 0; i < n; i++) out[i] = (clippedSum[i] + noise[i]) * inv;
  else if (clippedSum) for (let i = 0; i < n; i++) out[i] = (clippedSum[i] + 0) * inv;
  else if (noise) for (let i = 0; i < n; i++) out[i] = (0 + noise[i]) * inv;
  else out.fill(0);
  return out;
}
