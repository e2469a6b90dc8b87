import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfjs from '@tensorflow/tfjs';
import { testTf, assertClose } from '../../../helpers/backend.js';
import { Rng } from '../../../../src/random/rng.js';
import { recordUnits } from '../../../../src/data/units.js';
import { modelFamily } from '../../../../src/model/families/index.js';
import { trainStack, type StackMember } from '../../../../src/train/stack.js';
import { trainDefaults, type TrainConfig } from '../../../../src/train/config.js';
import type { PrivacyPlan } from '../../../../src/train/plan.js';
import type { JobInputs, JobModel } from '../../../../src/train/trainer.js';
import type { FederationMode, FederationPlan, SitePlan } from '../../../../src/train/federated/types.js';
import {
  federatedMemberSeeds,
  participatingSites,
  serverDpStep,
  serverNoiseRng,
  siteSamplingRng,
  trainFederated,
  weightedAverage,
} from '../../../../src/train/federated/fedavg.js';
import { syntheticLinear } from '../../../helpers/synthetic.js';

const tf = await testTf();

const d = 6;
const train: TrainConfig = { ...trainDefaults, model: 'mlp', hidden: [8], batchSize: 16, lr: 0.05, optimizer: 'adam', clip: 0.7 };

function dataset(n: number, seed: string): { X: Float32Array; y: Uint8Array } {
  const { X, y } = syntheticLinear(n, d, seed);
  return { X, y: Uint8Array.from(y) };
}

function model(index: number, name: string, trainRows: Int32Array): JobModel {
  return {
    index,
    name,
    trainRows,
    seeds: { init: ['t', 'init', name], batches: ['t', 'batches', name], noise: ['t', 'noise', name], seed: 1 },
  };
}

function sitePlan(site: number, rows: number, stepsPerRound: number, sampleRate: number, noiseMultiplier = 0): SitePlan {
  return { site, name: `site-${site + 1}`, n: rows, rows, sampleRate, stepsPerRound, noiseMultiplier, epsilon: null };
}

function fedPlan(
  mode: FederationMode,
  sites: SitePlan[],
  cfg: Partial<FederationPlan['config']> = {},
  serverNoiseMultiplier = 0,
): FederationPlan {
  return {
    mode,
    config: { rounds: 1, localEpochs: 1, siteRate: 1, updateClip: 1, auditSite: 0, ...cfg },
    source: { kind: 'split', k: sites.length, split: { kind: 'iid' } },
    sites,
    serverNoiseMultiplier,
    level: null,
    epsilon: null,
    recordEpsilon: null,
    notes: [],
  };
}

function inputs(n: number, models: JobModel[], fp: FederationPlan, siteOfRow: Int32Array): JobInputs {
  const { X, y } = dataset(n, 'fed');
  const plan = { arm: 'fed-none', sampleRate: fp.sites[0].sampleRate, steps: fp.sites[0].stepsPerRound, noiseMultiplier: 0 } as PrivacyPlan;
  return {
    jobId: 'test',
    nRows: n,
    labels: y,
    csvRows: new Int32Array(n).fill(-1),
    features: { X, d, encoder: { numeric: [], categorical: [], featureNames: [] } },
    units: recordUnits(n),
    models,
    scoreRows: Int32Array.from({ length: n }, (_, i) => i),
    plan,
    train,
    federation: { plan: fp, siteOfRow },
  };
}

const range = (a: number, b: number) => Int32Array.from({ length: b - a }, (_, i) => a + i);

/** Train one site's local model from `init` as a centralised stack of one, with the trainer's seeds. */
function localTrain(
  inp: JobInputs,
  m: JobModel,
  round: number,
  site: number,
  rows: Int32Array,
  sp: SitePlan,
  init: Float32Array,
  mode: StackMember['mode'],
) {
  const X = tf.tensor2d(inp.features!.X, [inp.nRows, d]) as tfjs.Tensor2D;
  const y = tf.tensor2d(Float32Array.from(inp.labels), [inp.nRows, 1]) as tfjs.Tensor2D;
  const spec = modelFamily(train.model).buildSpec(train, d);
  try {
    const [r] = trainStack(
      tf,
      { X, y },
      [
        {
          rows,
          mode,
          noiseMultiplier: sp.noiseMultiplier,
          initSeed: m.seeds.init,
          ...federatedMemberSeeds(m, round, site),
          initialParams: init,
        },
      ],
      {
        spec,
        sampleRate: sp.sampleRate,
        steps: sp.stepsPerRound,
        clip: train.clip,
        optimizer: { name: train.optimizer, lr: train.lr, momentum: train.momentum },
      },
    );
    return r.params;
  } finally {
    X.dispose();
    y.dispose();
  }
}

function initOf(m: JobModel): Float32Array {
  const spec = modelFamily(train.model).buildSpec(train, d);
  return modelFamily(train.model).init(spec, Rng.from(...m.seeds.init));
}

test('one site, R = 1, E = 1: FedAvg equals centralised training with the same batches (none and local-dp)', () => {
  const n = 200;
  const rows = range(0, n);
  const m = model(0, 'release', rows);
  for (const mode of ['none', 'local-dp'] as const) {
    const sp = sitePlan(0, n, Math.ceil(n / train.batchSize), train.batchSize / n, mode === 'local-dp' ? 1.1 : 0);
    const inp = inputs(n, [m], fedPlan(mode, [sp]), new Int32Array(n));
    const res = trainFederated(tf, inp);
    // Centralised: a plain stack of one with the initialisation of the model and the same batch / noise streams.
    const X = tf.tensor2d(inp.features!.X, [n, d]) as tfjs.Tensor2D;
    const y = tf.tensor2d(Float32Array.from(inp.labels), [n, 1]) as tfjs.Tensor2D;
    const spec = modelFamily(train.model).buildSpec(train, d);
    const [central] = trainStack(
      tf,
      { X, y },
      [
        {
          rows,
          mode: mode === 'none' ? 'nondp' : 'dp',
          noiseMultiplier: sp.noiseMultiplier,
          initSeed: m.seeds.init,
          ...federatedMemberSeeds(m, 0, 0),
        },
      ],
      {
        spec,
        sampleRate: sp.sampleRate,
        steps: sp.stepsPerRound,
        clip: train.clip,
        optimizer: { name: train.optimizer, lr: train.lr, momentum: train.momentum },
      },
    );
    X.dispose();
    y.dispose();
    assertClose(res.params![0], central.params, 1e-4, 1e-7, `${mode} params`);
    // The parameters moved (the comparison is not between two initialisations).
    const init = initOf(m);
    assert.ok(central.params.some((v, i) => Math.abs(v - init[i]) > 1e-3));
    assert.equal(res.facts[0].steps, sp.stepsPerRound);
    // The audited site's view: it started from the initialisation and sent back the centralised model.
    const spec2 = modelFamily(train.model).buildSpec(train, d);
    const Xs = tf.tensor2d(inp.features!.X, [n, d]) as tfjs.Tensor2D;
    assertClose(res.siteUpdate!.before, modelFamily(train.model).predict(tf, spec2, init, Xs), 1e-4, 1e-6, 'before');
    assertClose(res.siteUpdate!.after, res.logits, 1e-4, 1e-6, 'after');
    Xs.dispose();
  }
});

test('weightedAverage: the hand computation (1·a + 3·b) / 4', () => {
  const a = Float32Array.from([1, -2, 0.5]);
  const b = Float32Array.from([3, 2, -1.5]);
  assertClose(weightedAverage([a, b], [1, 3]), [2.5, 1, -1], 1e-7);
});

test('two sites, two rounds: the global model is the row-weighted average of the site models (naive loop)', () => {
  const n = 240;
  const siteOfRow = Int32Array.from({ length: n }, (_, i) => (i < 60 ? 0 : 1)); // 60 and 180 rows
  // A fleet-like model that trains on a subset: its weights are its own row counts per site (40 and 100).
  const sub = Int32Array.from([...range(0, 40), ...range(60, 160)]);
  const models = [model(0, 'release', range(0, n)), model(1, '0', sub)];
  const sites = [sitePlan(0, 60, 4, 16 / 60), sitePlan(1, 180, 12, 16 / 180)];
  const fp = fedPlan('none', sites, { rounds: 2, auditSite: 1 });
  const inp = inputs(n, models, fp, siteOfRow);
  const res = trainFederated(tf, inp);
  for (const [mi, m] of models.entries()) {
    let global = initOf(m);
    let before = global;
    let after = global;
    for (let r = 0; r < 2; r++) {
      const rows = [0, 1].map((s) => Int32Array.from(m.trainRows.filter((i) => siteOfRow[i] === s)));
      const locals = [0, 1].map((s) => localTrain(inp, m, r, s, rows[s], sites[s], global, 'nondp'));
      const w = rows.map((x) => x.length);
      const next = new Float32Array(global.length);
      for (let i = 0; i < next.length; i++) next[i] = (w[0] * locals[0][i] + w[1] * locals[1][i]) / (w[0] + w[1]);
      before = global;
      after = locals[1];
      global = next;
    }
    assertClose(res.params![mi], global, 1e-4, 1e-6, `model ${mi}`);
    const spec = modelFamily(train.model).buildSpec(train, d);
    const X = tf.tensor2d(inp.features!.X, [n, d]) as tfjs.Tensor2D;
    const nS = inp.scoreRows.length;
    assertClose(
      res.siteUpdate!.before.subarray(mi * nS, (mi + 1) * nS),
      modelFamily(train.model).predict(tf, spec, before, X),
      1e-4,
      1e-5,
      'before',
    );
    assertClose(
      res.siteUpdate!.after.subarray(mi * nS, (mi + 1) * nS),
      modelFamily(train.model).predict(tf, spec, after, X),
      1e-4,
      1e-5,
      'after',
    );
    X.dispose();
    assert.equal(res.facts[mi].steps, 2 * (4 + 12));
  }
  assert.equal(res.siteUpdate!.site, 1);
  assert.equal(res.siteUpdate!.round, 1);
});

test('serverDpStep: clips each update to S, adds the noise, divides by p·K (hand computation)', () => {
  const g = Float32Array.from([0, 0]);
  const a = Float32Array.from([3, 4]); // ‖Δ‖ = 5 → clipped to S = 1: (0.6, 0.8)
  const b = Float32Array.from([0.1, 0]); // inside the clip
  const out = serverDpStep(g, [a, b], 1, Float32Array.from([1, -1]), 4);
  assertClose(out, [(0.6 + 0.1 + 1) / 4, (0.8 - 1) / 4], 1e-6);
});

test('server-dp: three sites, p = 0.7, three rounds equal a naive loop of sampling, clipping, noise and averaging', () => {
  const n = 180;
  const siteOfRow = Int32Array.from({ length: n }, (_, i) => i % 3);
  const models = [model(0, 'release', range(0, n)), model(1, '0', range(0, 120))];
  const sites = [0, 1, 2].map((s) => sitePlan(s, 60, 4, 16 / 60));
  const S = 0.05; // small enough that every update is clipped
  const sigma = 0.8;
  const p = 0.7;
  const fp = fedPlan('server-dp', sites, { rounds: 3, siteRate: p, updateClip: S, auditSite: 2 }, sigma);
  const inp = inputs(n, models, fp, siteOfRow);
  const res = trainFederated(tf, inp);
  const sampler = siteSamplingRng(models);
  const participating = [0, 1, 2].map(() => participatingSites(3, p, sampler));
  let clipped = 0;
  for (const [mi, m] of models.entries()) {
    let global = initOf(m);
    const noiseRng = serverNoiseRng(m);
    for (let r = 0; r < 3; r++) {
      const sum = new Float64Array(global.length);
      for (const s of participating[r]) {
        const rows = Int32Array.from(m.trainRows.filter((i) => siteOfRow[i] === s));
        const local = localTrain(inp, m, r, s, rows, sites[s], global, 'nondp');
        let ss = 0;
        for (let i = 0; i < global.length; i++) ss += (local[i] - global[i]) ** 2;
        const norm = Math.sqrt(ss);
        if (norm > S) clipped++;
        for (let i = 0; i < global.length; i++) sum[i] += (local[i] - global[i]) * Math.min(1, S / norm);
      }
      const noise = new Float32Array(global.length);
      noiseRng.fillNormal(noise, sigma * S);
      const next = new Float32Array(global.length);
      for (let i = 0; i < global.length; i++) next[i] = global[i] + (sum[i] + noise[i]) / (p * 3);
      global = next;
    }
    assertClose(res.params![mi], global, 1e-4, 1e-6, `model ${mi}`);
  }
  assert.ok(clipped > 0, 'the clip was active');
  // Rounds without a site still add noise: the global model moved in every round.
  assert.ok(participating.flat().length < 9, 'site sampling left some site out (the seed exercises p < 1)');
});
