import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import { DpauditError } from '../errors.js';
import { modelFamily } from '../model/families/index.js';
import {
  onStepKernel,
  resolveStepKernel,
  trainStack,
  type StackMember,
  type StackProgress,
  type StackTestSeam,
  type StepKernelRequest,
} from './stack.js';
import { denseKernel, DENSE_KERNEL_NAME } from '../model/kernel/dense-kernel.js';
import { GradientCanaries } from './gradient-canaries.js';
import { trainFederated } from './federated/fedavg.js';
import type { JobInputs, ModelRunFacts, Trainer, TrainResult } from './trainer.js';

/**
 * dpaudit's own trainer: the DP-SGD stack of train/stack.ts on tfjs (docs/methods.md#dp-sgd). All models of
 * a job are trained as one stack; every model is then scored on the job's score rows, gathered once.
 */
export class TfjsTrainer implements Trainer {
  readonly name = 'dpaudit (tfjs DP-SGD)';
  readonly cacheIdentity = null;
  /**
   * `seam`: seeded trainer faults, for the pipeline self-test only. `kernel`: engine of the gradient step
   * (default auto: the WebAssembly kernel for the dense families, unless DPAUDIT_KERNEL=tfjs).
   */
  private tf: Tf | null;
  private readonly loadTf: (() => Promise<Tf>) | null;
  /**
   * `tf`: the tfjs namespace, or a loader called on the first job that needs tfjs (a worker whose jobs all
   * run on the WebAssembly kernel then never loads it).
   */
  constructor(
    tf: Tf | (() => Promise<Tf>),
    private readonly seam?: StackTestSeam,
    private readonly kernel?: StepKernelRequest,
  ) {
    this.tf = typeof tf === 'function' ? null : tf;
    this.loadTf = typeof tf === 'function' ? tf : null;
  }

  /** Whether a job needs tfjs: a member off the kernel (another family, user-level clipping, or tfjs forced). */
  private needsTf(inputs: JobInputs): boolean {
    if (inputs.federation) return true; // FedAvg aggregates and scores on tfjs (its local steps may use the kernel)
    const mode = inputs.plan.arm === 'nondp' ? 'nondp' : 'dp';
    return !onStepKernel(resolveStepKernel(this.kernel, inputs.train.model), inputs.units.kind === 'patient', mode);
  }

  async train(inputs: JobInputs, onStep?: (p: StackProgress) => void): Promise<TrainResult> {
    if (!this.tf && this.loadTf && this.needsTf(inputs)) this.tf = await this.loadTf();
    return this.trainSync(inputs, onStep);
  }

  trainSync(inputs: JobInputs, onStep?: (p: StackProgress) => void): TrainResult {
    if (!this.tf && this.needsTf(inputs)) throw new Error('dpaudit: tfjs is not loaded (call train, not trainSync)');
    const tf = this.tf;
    // Federated arms: FedAvg over the sites (docs/methods.md#federated).
    if (inputs.federation) return trainFederated(tf as Tf, inputs, onStep, this.seam, this.kernel);
    const { plan, train } = inputs;
    if (!inputs.features)
      throw new DpauditError('dpaudit cannot train without a feature matrix (--features none): give an external trainer with --trainer', {
        location: { option: 'features' },
      });
    const family = modelFamily(train.model);
    const spec = family.buildSpec(train, inputs.features.d);
    const mode = plan.arm === 'nondp' ? 'nondp' : plan.arm === 'cliponly' ? 'cliponly' : 'dp';
    const members: StackMember[] = inputs.models.map((m) => ({
      rows: m.trainRows,
      mode,
      noiseMultiplier: plan.noiseMultiplier,
      initSeed: m.seeds.init,
      batchSeed: m.seeds.batches,
      noiseSeed: m.seeds.noise,
      secureNoise: train.secureNoise,
      // Patient unit: user-level DP-SGD (docs/methods.md#user-level-dp).
      ...(inputs.units.kind === 'patient' ? { unitOfRow: inputs.units.unitOfRow } : {}),
    }));
    // Gradient canaries ride on extra coordinates of their model's update (DP and clip-only arms only).
    const gc = inputs.models.map((m) =>
      m.gradientCanaries && mode !== 'nondp' ? new GradientCanaries(m.gradientCanaries.m, m.gradientCanaries.seed, plan) : null,
    );
    for (let i = 0; i < members.length; i++) {
      const g = gc[i];
      if (g) members[i].canaries = g;
    }
    const ya = Float32Array.from(inputs.labels);
    const host = { X: inputs.features.X, y: ya, d: inputs.features.d };
    // On the device only when some member needs tfjs.
    const X = tf && this.needsTf(inputs) ? tf.tensor2d(inputs.features.X, [inputs.nRows, inputs.features.d]) : null;
    const y = tf && X ? tf.tensor2d(ya, [inputs.nRows, 1]) : null;
    let scoreX: tfjs.Tensor2D | null = null;
    try {
      const res = trainStack(
        tf,
        X && y ? { X, y, host } : { host },
        members,
        {
          spec,
          sampleRate: plan.sampleRate,
          steps: plan.steps,
          clip: train.clip,
          optimizer: { name: train.optimizer, lr: train.lr, momentum: train.momentum },
          kernel: this.kernel,
        },
        onStep,
        this.seam,
      );
      // Score rows are gathered once and every model is evaluated on them (by the kernel that trained, when
      // every member ran on the WebAssembly kernel: its data are already in place).
      const nScore = inputs.scoreRows.length;
      const logits = new Float32Array(res.length * nScore);
      const kernels = [...new Set(res.map((r) => r.kernel))].sort();
      if (kernels.length === 1 && kernels[0] === DENSE_KERNEL_NAME) {
        const k = denseKernel();
        k.setData(host.X, host.y, host.d);
        for (let m = 0; m < res.length; m++) logits.set(k.logits(spec, res[m].params, inputs.scoreRows), m * nScore);
      } else {
        if (!tf || !X) throw new Error('dpaudit: scoring needs tfjs');
        scoreX = tf.tidy(() => tf.gather(X, tf.tensor1d(inputs.scoreRows, 'int32')) as tfjs.Tensor2D);
        for (let m = 0; m < res.length; m++) logits.set(family.predict(tf, spec, res[m].params, scoreX), m * nScore);
      }
      const facts: ModelRunFacts[] = res.map((r, m) => ({
        index: m,
        steps: plan.steps,
        sampling: 'poisson',
        sampleRate: plan.sampleRate,
        noiseMultiplier: plan.noiseMultiplier,
        maxGradNorm: mode === 'nondp' ? null : train.clip,
        meanBatchSize: r.meanBatchSize,
        emptySteps: r.emptySteps,
        optimizerSteps: r.optimizerSteps,
      }));
      const canaries = gc[0]?.result();
      return {
        logits,
        facts,
        library: tf ? `@tensorflow/tfjs ${tf.version_core}` : `dpaudit ${DENSE_KERNEL_NAME} kernel`,
        spec,
        params: res.map((r) => r.params),
        kernels,
        ...(canaries ? { gradientCanaries: canaries } : {}),
      };
    } finally {
      scoreX?.dispose();
      X?.dispose();
      y?.dispose();
    }
  }
}
