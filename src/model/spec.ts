import type { Rng } from '../random/rng.js';

/**
 * A feed-forward binary classifier with one output logit: logistic regression (no hidden layer) or an
 * MLP with ReLU hidden layers. Parameters live in one flat Float32Array, layer by layer:
 * W_l (in × out, row-major) then b_l (out).
 */
export type ModelKind = 'logreg' | 'mlp';

export interface ModelSpec {
  kind: ModelKind;
  inputDim: number;
  /** Hidden widths (empty for logreg). */
  hidden: number[];
}

export interface LayerShape {
  inDim: number;
  outDim: number;
  /** Offset of W in the flat parameter vector. */
  wOffset: number;
  /** Offset of b in the flat parameter vector. */
  bOffset: number;
}

export function layerShapes(spec: ModelSpec): LayerShape[] {
  const sizes = [spec.inputDim, ...(spec.kind === 'mlp' ? spec.hidden : []), 1];
  const out: LayerShape[] = [];
  let off = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const inDim = sizes[l];
    const outDim = sizes[l + 1];
    out.push({ inDim, outDim, wOffset: off, bOffset: off + inDim * outDim });
    off += inDim * outDim + outDim;
  }
  return out;
}

export function paramCount(spec: ModelSpec): number {
  const ls = layerShapes(spec);
  const last = ls[ls.length - 1];
  return last.bOffset + last.outDim;
}

/** Glorot-uniform weights (Keras default), zero biases. Seeded. */
export function initParams(spec: ModelSpec, rng: Rng): Float32Array {
  const p = new Float32Array(paramCount(spec));
  for (const l of layerShapes(spec)) {
    const limit = Math.sqrt(6 / (l.inDim + l.outDim));
    for (let i = 0; i < l.inDim * l.outDim; i++) p[l.wOffset + i] = (2 * rng.next() - 1) * limit;
  }
  return p;
}

export function describeSpec(spec: ModelSpec): string {
  return spec.kind === 'logreg'
    ? `logistic regression (${spec.inputDim} features)`
    : `MLP ${[spec.inputDim, ...spec.hidden, 1].join('→')} (ReLU)`;
}
