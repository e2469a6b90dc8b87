import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { testTf } from '../../helpers/backend.js';
import { loadModel } from '../../../src/model/save.js';
import { predictLogits } from '../../../src/model/forward.js';
import { paramCount, type ModelSpec } from '../../../src/model/spec.js';
import { loadDataset } from '../../../src/data/dataset.js';
import { encode } from '../../../src/data/encode.js';
import { resolveDatasetOptions } from '../../../src/cli/dataset-options.js';
import { silentLogger } from '../../../src/log/logger.js';
import type { EncoderState } from '../../../src/data/types.js';

// Issue 3, "Training": `dpaudit train` on the embedded flchain example (no --data), features as in
// examples/flchain.yml (futime, chapter, death_5yr and age_group dropped).

interface TrainJson {
  arm: string;
  model: string;
  test: { n: number; auc: number; accuracy: number; brier: number; threshold: number };
  privacy: {
    epsilon: number | null;
    epsilonRdp: number | null;
    targetEpsilon: number | null;
    delta: number;
    noiseMultiplier: number;
    sampleRate: number;
    steps: number;
    trainingPool: number;
  };
  training: Record<string, unknown> & { seconds: number; epochs: number; batchSize: number };
  seed: number;
  savedTo: string | null;
}

const dir = tempDir('dpaudit-train-');

function train(args: string[]): TrainJson {
  const r = runDpaudit(['train', '--json', ...args], { timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as TrainJson;
}

/** The JSON without fields that legitimately differ between equal runs (timing) or name the output folder. */
function stable(j: TrainJson): unknown {
  const c = structuredClone(j) as TrainJson & { training: Record<string, unknown> };
  delete (c.training as Partial<TrainJson['training']>).seconds;
  c.savedTo = null;
  return c;
}

/** Mann–Whitney AUC by brute force over all (positive, negative) pairs, ties counted ½. */
function bruteAuc(y: ArrayLike<number>, s: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) (y[i] === 1 ? pos : neg).push(s[i]);
  let wins = 0;
  for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

const nondpArgs = ['--arm', 'nondp', '--model', 'logreg'];
const dpArgs = ['--model', 'logreg', '--epsilon', '8'];
const nondp = train(nondpArgs);
const dp = train(dpArgs);

test('non-DP logistic regression on flchain reaches test AUC within 0.02 of 0.835', () => {
  assert.equal(nondp.arm, 'nondp');
  assert.match(nondp.model, /^logistic regression/);
  assert.ok(Math.abs(nondp.test.auc - 0.835) <= 0.02, `non-DP test AUC ${nondp.test.auc}`);
  assert.equal(nondp.privacy.epsilon, null, 'the non-DP arm claims no ε');
  assert.equal(nondp.privacy.noiseMultiplier, 0);
  // 7874 rows, 30 % test, 15 % of the rest validation: the test split and the training pool.
  assert.ok(Math.abs(nondp.test.n - 0.3 * 7874) <= 2, `test n ${nondp.test.n}`);
  assert.ok(Math.abs(nondp.privacy.trainingPool - 0.85 * 0.7 * 7874) <= 3, `pool ${nondp.privacy.trainingPool}`);
  // q = B/N and T = ceil(epochs / q) with the defaults B = 256, 20 epochs.
  assert.ok(Math.abs(nondp.privacy.sampleRate - 256 / nondp.privacy.trainingPool) < 1e-12);
  assert.equal(nondp.privacy.steps, Math.ceil(20 / nondp.privacy.sampleRate));
});

test('DP at ε = 8: AUC within 0.05 of non-DP, ε ≤ 8 by PRV, RDP ε ≥ PRV ε; same batches as non-DP', () => {
  assert.equal(dp.arm, 'dp@8');
  assert.ok(Math.abs(dp.test.auc - nondp.test.auc) <= 0.05, `DP AUC ${dp.test.auc} vs non-DP ${nondp.test.auc}`);
  const p = dp.privacy;
  assert.equal(p.targetEpsilon, 8);
  assert.ok(p.epsilon !== null && p.epsilon <= 8, `ε ${p.epsilon}`);
  assert.ok(p.epsilon >= 0.99 * 8, `calibration lands within 1 % of the target, got ${p.epsilon}`);
  assert.ok(p.epsilonRdp !== null && p.epsilonRdp >= p.epsilon, `RDP ε ${p.epsilonRdp} ≥ PRV ε ${p.epsilon}`);
  assert.ok(p.noiseMultiplier > 0);
  assert.equal(p.delta, 1e-5);
  // Paired arms share the split and the Poisson schedule.
  assert.equal(p.sampleRate, nondp.privacy.sampleRate);
  assert.equal(p.steps, nondp.privacy.steps);
  assert.equal(dp.test.n, nondp.test.n);
});

test('the same seed gives identical results (minus timing); another --seed changes them', () => {
  const again = train(nondpArgs);
  assert.deepEqual(stable(again), stable(nondp));
  const dpAgain = train(dpArgs);
  assert.deepEqual(stable(dpAgain), stable(dp), 'the seeded DP noise is reproducible');
  const other = train([...nondpArgs, '--seed', '2']);
  assert.equal(other.seed, 2);
  assert.notDeepEqual(stable(other), stable(nondp));
  assert.notEqual(other.test.auc, nondp.test.auc);
});

test('--out saves a tfjs layers model + weights.bin + dpaudit.json that loads back and reproduces the test AUC', async () => {
  const out = join(dir, 'model');
  const saved = train([...dpArgs, '--out', out]);
  assert.equal(saved.savedTo, out);
  // Saving does not change training.
  assert.deepEqual(stable(saved), stable(dp));
  for (const f of ['model.json', 'weights.bin', 'dpaudit.json']) assert.ok(existsSync(join(out, f)), f);

  const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as {
    format: string;
    modelTopology: { class_name?: string; config?: { layers?: unknown[] } };
    weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
  };
  assert.equal(modelJson.format, 'layers-model');
  assert.equal(modelJson.modelTopology.class_name, 'Sequential');
  assert.deepEqual(
    modelJson.weightsManifest.map((m) => m.paths),
    [['weights.bin']],
  );
  const manifest = modelJson.weightsManifest[0].weights;
  const sidecar = JSON.parse(readFileSync(join(out, 'dpaudit.json'), 'utf8')) as {
    spec: ModelSpec;
    encoder: EncoderState;
    seed: number;
    label: string;
    privacy: { epsilon: number };
  };
  const nFeatures = sidecar.encoder.featureNames.length;
  assert.deepEqual(sidecar.spec, { kind: 'logreg', inputDim: nFeatures, hidden: sidecar.spec.hidden });
  assert.equal(sidecar.label, 'death');
  assert.equal(sidecar.seed, 1);
  assert.equal(sidecar.privacy.epsilon, dp.privacy.epsilon);
  // Features as in examples/flchain.yml: the leakage columns and the group-only age_group are not features.
  for (const name of sidecar.encoder.featureNames) {
    assert.ok(!/^(futime|chapter|death_5yr|age_group|death)(=|$)/.test(name), `feature ${name}`);
  }
  for (const name of ['age', 'kappa', 'lambda', 'creatinine', 'mgus', 'sex=F', 'sex=M'])
    assert.ok(sidecar.encoder.featureNames.includes(name), name);
  // Logistic regression: W (d × 1) and b (1), float32 in weights.bin.
  assert.deepEqual(
    manifest.map((w) => [w.shape, w.dtype]),
    [
      [[nFeatures, 1], 'float32'],
      [[1], 'float32'],
    ],
  );
  assert.equal(statSync(join(out, 'weights.bin')).size, 4 * (nFeatures + 1));

  const tf = await testTf();
  const { spec, params, sidecar: side } = await loadModel(tf, out);
  assert.deepEqual(spec, sidecar.spec);
  assert.equal(params.length, paramCount(spec));
  assert.equal((side as { label: string }).label, 'death');
  // The weights loaded back are exactly the float32 bytes in weights.bin.
  const bin = readFileSync(join(out, 'weights.bin'));
  assert.deepEqual(params, new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength)));

  // Recompute the test AUC independently: the same split (seed 1), the sidecar's encoder, the loaded weights.
  const ds = loadDataset(resolveDatasetOptions({}, silentLogger));
  const rows = ds.splits.test;
  assert.equal(rows.length, dp.test.n);
  const enc = encode(ds, sidecar.encoder, rows);
  assert.equal(enc.d, nFeatures);
  const X = tf.tensor2d(enc.X, [enc.n, enc.d]) as tfjs.Tensor2D;
  try {
    const logits = predictLogits(tf, spec, params, X);
    const y = Uint8Array.from(rows, (i) => ds.y[i]);
    const auc = bruteAuc(y, logits);
    assert.ok(Math.abs(auc - dp.test.auc) < 1e-6, `recomputed AUC ${auc} vs reported ${dp.test.auc}`);
    // And by hand: logit = x·w + b, without any dpaudit forward code.
    const w = params.subarray(0, nFeatures);
    const b = params[nFeatures];
    const byHand = new Float64Array(enc.n);
    for (let r = 0; r < enc.n; r++) {
      let s = b;
      for (let j = 0; j < nFeatures; j++) s += enc.X[r * nFeatures + j] * w[j];
      byHand[r] = s;
    }
    for (let r = 0; r < enc.n; r++)
      assert.ok(Math.abs(byHand[r] - logits[r]) <= 1e-4 * (1 + Math.abs(byHand[r])), `row ${r}: ${byHand[r]} vs ${logits[r]}`);
    assert.ok(Math.abs(bruteAuc(y, byHand) - dp.test.auc) < 1e-3);
    // The tfjs layers runtime (tf.loadLayersModel on the saved artifacts) predicts the same logits.
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: manifest as tfjs.io.WeightsManifestEntry[],
        weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer,
      }),
    );
    const pred = model.predict(X) as tfjs.Tensor;
    const viaLayers = pred.dataSync();
    pred.dispose();
    model.dispose();
    for (let r = 0; r < enc.n; r++) assert.ok(Math.abs(viaLayers[r] - logits[r]) <= 1e-5 * (1 + Math.abs(logits[r])), `row ${r}`);
  } finally {
    X.dispose();
  }
});

test('bad options exit 2 with one line on stderr naming the option, and write nothing', () => {
  const cases: [string[], string][] = [
    [['--epsilon', '-1'], 'epsilon'],
    [['--hidden', '64,x'], 'hidden'],
    [['--batch-size', '0'], 'batch-size'],
  ];
  for (const [args, option] of cases) {
    const out = join(dir, `bad-${option}`);
    const r = runDpaudit(['train', ...args, '--out', out], { timeoutMs: 60_000 });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `${args.join(' ')}: ${r.stderr}`);
    assert.match(lines[0], new RegExp(`^dpaudit: option --${option}\\b`));
    assert.ok(!lines[0].includes('    at '), 'no stack trace');
    assert.equal(r.stdout, '');
    assert.ok(!existsSync(out), 'nothing written');
  }
});
