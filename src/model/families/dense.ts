import { disposeLayers, forwardWithActivations, predictLogits, uploadParams } from '../forward.js';
import { describeSpec, initParams, paramCount, type ModelKind } from '../spec.js';
import { clippedGradientSum } from './dense-clipped-sum.js';
import type { ModelFamily } from './index.js';

/**
 * Dense feed-forward families: logistic regression (no hidden layer) and the ReLU MLP. Per-example
 * gradients of a dense layer factor as outer products a_i d_iᵀ, so their norms and clipped sum need no
 * per-example tensor (see dense-clipped-sum.ts).
 */
export function denseFamily(kind: ModelKind): ModelFamily {
  return {
    name: kind,
    buildSpec: (options, inputDim) => ({ kind, inputDim, hidden: kind === 'mlp' ? options.hidden : [] }),
    paramCount,
    init: initParams,
    upload: uploadParams,
    dispose: disposeLayers,
    forward: (tf, layers, x) => forwardWithActivations(tf, layers, x).logits,
    predict: predictLogits,
    clippedSum: clippedGradientSum,
    describe: describeSpec,
  };
}
