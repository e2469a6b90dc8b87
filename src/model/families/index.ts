import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../../backend/index.js';
import { DpauditError } from '../../errors.js';
import type { Rng } from '../../random/rng.js';
import type { DeviceLayer } from '../forward.js';
import type { ModelSpec } from '../spec.js';
import { denseFamily } from './dense.js';

/**
 * A model family: everything the DP-SGD trainer needs to know about one kind of model. Each family
 * declares its own per-example gradient rule (the clipped sum of per-example gradients), as Opacus keeps
 * one grad sampler per layer kind (docs/methods.md#dp-sgd). Parameters are one flat Float32Array in the
 * family's layout.
 */
export interface ModelFamily {
  readonly name: string;
  /** The model spec for `inputDim` encoded features and the family's options (hidden widths). */
  buildSpec(options: { hidden: number[] }, inputDim: number): ModelSpec;
  paramCount(spec: ModelSpec): number;
  /** Seeded initial parameters. */
  init(spec: ModelSpec, rng: Rng): Float32Array;
  /** Parameters on the device (caller disposes with `dispose`). */
  upload(tf: Tf, spec: ModelSpec, params: Float32Array): DeviceLayer[];
  dispose(layers: DeviceLayer[]): void;
  /** Logits [b, 1] of a batch. */
  forward(tf: Tf, layers: DeviceLayer[], x: tfjs.Tensor2D): tfjs.Tensor2D;
  /** Logits of a model on every row of X (host array). */
  predict(tf: Tf, spec: ModelSpec, params: Float32Array, X: tfjs.Tensor2D): Float32Array;
  /**
   * Sum over the batch of the per-example gradients of the binary cross-entropy, each clipped to norm
   * `clip` (null: unclipped), in the flat parameter layout; with the per-example squared norms.
   */
  clippedSum(
    tf: Tf,
    layers: DeviceLayer[],
    x: tfjs.Tensor2D,
    y: tfjs.Tensor2D,
    clip: number | null,
  ): { sum: tfjs.Tensor1D; sqNorms: tfjs.Tensor1D | null };
  /** One line for humans, e.g. "MLP 10→64→64→1 (ReLU)". */
  describe(spec: ModelSpec): string;
}

const registry = new Map<string, ModelFamily>([
  ['logreg', denseFamily('logreg')],
  ['mlp', denseFamily('mlp')],
]);

/** Names of the registered families. */
export function modelFamilyNames(): string[] {
  return [...registry.keys()];
}

/** The family registered under `name`; an unknown name is a usage error naming the known ones. */
export function modelFamily(name: string): ModelFamily {
  const f = registry.get(name);
  if (!f)
    throw new DpauditError(`unknown model family ${JSON.stringify(name)} (${modelFamilyNames().join(', ')})`, {
      location: { option: 'model' },
    });
  return f;
}
