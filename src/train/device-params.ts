import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import { disposeLayers, uploadParams, type DeviceLayer } from '../model/forward.js';
import { layerShapes, type ModelSpec } from '../model/spec.js';

interface WasmBackendLike {
  dataIdMap?: { get(id: object): { memoryOffset?: number | null; refCount?: number } | undefined };
  wasm?: { HEAPU8?: Uint8Array };
}

/**
 * The device copy of a model's parameters after an optimiser step. On the wasm backend the layer tensors
 * are overwritten in place in the module's heap (the values the upload would write, without allocating,
 * registering and freeing six tensors per model and step); elsewhere — or when the backend's layout is not
 * the expected one — the old tensors are disposed and new ones uploaded.
 */
export function refreshParams(tf: Tf, spec: ModelSpec, layers: DeviceLayer[], params: Float32Array): DeviceLayer[] {
  if (tf.getBackend() === 'wasm') {
    const be = tf.backend() as unknown as WasmBackendLike;
    const heap = be.wasm?.HEAPU8;
    const shapes = layerShapes(spec);
    const offsets: number[] = [];
    const ok =
      heap !== undefined &&
      be.dataIdMap !== undefined &&
      shapes.length === layers.length &&
      layers.every((l) => {
        for (const t of [l.W, l.b] as tfjs.Tensor[]) {
          const info = be.dataIdMap?.get(t.dataId);
          if (!info || typeof info.memoryOffset !== 'number' || info.refCount !== 1 || t.dtype !== 'float32') return false;
          offsets.push(info.memoryOffset);
        }
        return true;
      });
    if (ok && heap) {
      shapes.forEach((l, k) => {
        const w = params.subarray(l.wOffset, l.wOffset + l.inDim * l.outDim);
        const b = params.subarray(l.bOffset, l.bOffset + l.outDim);
        heap.set(new Uint8Array(w.buffer, w.byteOffset, w.byteLength), offsets[2 * k]);
        heap.set(new Uint8Array(b.buffer, b.byteOffset, b.byteLength), offsets[2 * k + 1]);
      });
      return layers;
    }
  }
  disposeLayers(layers);
  return uploadParams(tf, spec, params);
}
