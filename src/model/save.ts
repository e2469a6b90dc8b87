import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import { DpauditError } from '../errors.js';
import { atomicWrite } from '../io/atomic.js';
import { mkdirLevels } from '../io/out-path.js';
import { layerShapes, type ModelSpec } from './spec.js';

/**
 * Save a model in the TensorFlow.js layers format (model.json + weights.bin, loadable with
 * tf.loadLayersModel) with a JSON sidecar `dpaudit.json` (config, encoder state, backend, seed, privacy).
 */
export function toLayersModel(tf: Tf, spec: ModelSpec, params: Float32Array): tfjs.Sequential {
  const model = tf.sequential();
  const shapes = layerShapes(spec);
  shapes.forEach((l, i) => {
    model.add(
      tf.layers.dense({
        units: l.outDim,
        activation: i === shapes.length - 1 ? 'linear' : 'relu',
        inputShape: i === 0 ? [l.inDim] : undefined,
        name: `dense_${i}`,
      }),
    );
  });
  const weights: tfjs.Tensor[] = [];
  for (const l of shapes) {
    weights.push(tf.tensor2d(params.slice(l.wOffset, l.wOffset + l.inDim * l.outDim), [l.inDim, l.outDim]));
    weights.push(tf.tensor1d(params.slice(l.bOffset, l.bOffset + l.outDim)));
  }
  model.setWeights(weights);
  for (const w of weights) w.dispose();
  return model;
}

export async function saveModel(
  tf: Tf,
  dir: string,
  spec: ModelSpec,
  params: Float32Array,
  sidecar: Record<string, unknown>,
): Promise<void> {
  mkdirLevels(dir);
  const model = toLayersModel(tf, spec, params);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData as ArrayBuffer;
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: 'dpaudit',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      atomicWrite(join(dir, 'weights.bin'), Buffer.from(weightData));
      atomicWrite(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  atomicWrite(join(dir, 'dpaudit.json'), JSON.stringify({ spec, ...sidecar }, null, 2));
}

/** Load a saved model back as (spec, flat params, sidecar). */
export async function loadModel(tf: Tf, dir: string): Promise<{ spec: ModelSpec; params: Float32Array; sidecar: Record<string, unknown> }> {
  let modelJson: { modelTopology: object; weightsManifest: { weights: tfjs.io.WeightsManifestEntry[] }[] };
  let sidecar: Record<string, unknown> & { spec: ModelSpec };
  let weights: Buffer;
  try {
    modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    sidecar = JSON.parse(readFileSync(join(dir, 'dpaudit.json'), 'utf8'));
    weights = readFileSync(join(dir, 'weights.bin'));
  } catch (e) {
    throw new DpauditError(`not a saved dpaudit model (${(e as Error).message.split('\n')[0]})`, { location: { file: dir } });
  }
  const ab = weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer;
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: ab }),
  );
  const spec = sidecar.spec;
  const shapes = layerShapes(spec);
  const ws = model.getWeights();
  const last = shapes[shapes.length - 1];
  const params = new Float32Array(last.bOffset + last.outDim);
  shapes.forEach((l, i) => {
    params.set(ws[2 * i].dataSync() as Float32Array, l.wOffset);
    params.set(ws[2 * i + 1].dataSync() as Float32Array, l.bOffset);
  });
  model.dispose();
  return { spec, params, sidecar };
}
