import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import { fitEncoder, encode } from '../data/encode.js';
import type { EncoderState, PreparedDataset } from '../data/types.js';
import type { ModelSpec } from '../model/spec.js';
import { predictLogits } from '../model/forward.js';
import { modelFamily } from '../model/families/index.js';
import type { TrainConfig } from './config.js';
import type { DeviceData } from './stack.js';

/**
 * The encoded dataset on the compute device: every kept row encoded with the encoder fitted on the
 * training pool (data-dependent preprocessing; not covered by ε — reported in the checklist).
 */
export interface DeviceDataset extends DeviceData {
  encoder: EncoderState;
  spec: ModelSpec;
  nRows: number;
  dispose(): void;
}

export function modelSpecFor(cfg: TrainConfig, inputDim: number): ModelSpec {
  return modelFamily(cfg.model).buildSpec(cfg, inputDim);
}

/**
 * Encode every kept row (and, for a canary run, extra copies of `extra.rows` with labels `extra.y`,
 * appended after them) with the training-pool encoder, and put them on the device.
 */
export function uploadDataset(tf: Tf, ds: PreparedDataset, cfg: TrainConfig, extra?: { rows: Int32Array; y: Uint8Array }): DeviceDataset {
  const encoder = fitEncoder(ds, ds.splits.train);
  const base = Int32Array.from({ length: ds.y.length }, (_, i) => i);
  const rows = extra ? Int32Array.from([...base, ...extra.rows]) : base;
  const m = encode(ds, encoder, rows);
  const ya = new Float32Array(m.n);
  for (let i = 0; i < ds.y.length; i++) ya[i] = ds.y[i];
  if (extra) for (let j = 0; j < extra.y.length; j++) ya[ds.y.length + j] = extra.y[j];
  const X = tf.tensor2d(m.X, [m.n, m.d]);
  const y = tf.tensor2d(ya, [m.n, 1]);
  return {
    X,
    y,
    encoder,
    spec: modelSpecFor(cfg, m.d),
    nRows: m.n,
    dispose() {
      X.dispose();
      y.dispose();
    },
  };
}

/** The device rows `rows` of the dataset, gathered once for evaluating several models on them (caller disposes). */
export function gatherRows(tf: Tf, data: DeviceDataset, rows: Int32Array): tfjs.Tensor2D {
  return tf.tidy(() => tf.gather(data.X, tf.tensor1d(rows, 'int32')) as tfjs.Tensor2D);
}

/** Logits of a model on the given rows of the device dataset. */
export function logitsOn(tf: Tf, data: DeviceDataset, params: Float32Array, rows?: Int32Array): Float32Array {
  if (!rows) return predictLogits(tf, data.spec, params, data.X);
  const sub = gatherRows(tf, data, rows);
  try {
    return predictLogits(tf, data.spec, params, sub);
  } finally {
    sub.dispose();
  }
}
