#!/usr/bin/env node
// A dependency-free external trainer for dpaudit (Node ≥ 20, no packages): DP-SGD for logistic regression
// and the ReLU MLP, the same algorithm as dpaudit's own trainer (docs/methods.md#dp-sgd):
// Poisson sampling with rate q, per-example gradients of the binary cross-entropy clipped to C
// (factor min(1, C / (‖g‖ + 1e-6))), Gaussian noise N(0, σ²C²) per coordinate, normalised by the expected
// batch size q·N, then the optimiser step (sgd, momentum or Adam as in PyTorch). nondp: mean gradient of
// the actual batch, no clipping, an empty batch skips the step; cliponly: clipped, σ = 0.
// When the job file carries dpaudit's stream seeds (models[].streams) it reproduces dpaudit's random
// streams (SHA-256 seed derivation, xoshiro128**, ziggurat), so its models match the in-process ones up
// to float32 rounding; otherwise it seeds from models[].seed.
//
// Usage: node node_dpsgd.mjs /abs/path/job.json   (dpaudit runs it: --trainer "node examples/trainers/node_dpsgd.mjs")
// Test hooks (environment): DPAUDIT_NODE_TRAINER_FAULT = crash | sleep | shape | nan | nologits | lie-sigma | float64,
// optionally followed by :JOB to affect only jobs whose id contains JOB.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';

// ---- .npy (v1.0, '<f4' / '<i4', C order) ----
function readNpy(path) {
  const b = readFileSync(path);
  if (b.toString('latin1', 1, 6) !== 'NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = b[6];
  const hl = major === 1 ? b.readUInt16LE(8) : b.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = b.toString('latin1', start, start + hl);
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)[1];
  const shape = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const data = new Uint8Array(b.subarray(start + hl));
  const n = shape.reduce((a, x) => a * x, 1);
  if (descr === '<f4') return { shape, data: new Float32Array(data.buffer, 0, n) };
  if (descr === '<i4') return { shape, data: new Int32Array(data.buffer, 0, n) };
  throw new Error(`${path}: dtype ${descr}`);
}
function writeNpy(path, data, shape) {
  const descr = data instanceof Float32Array ? '<f4' : data instanceof Float64Array ? '<f8' : '<i4';
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.length === 1 ? `${shape[0]},` : shape.join(', ')}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict + ' '.repeat(total - 11 - dict.length) + '\n';
  const pre = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 255, header.length >> 8]);
  writeFileSync(`${path}.tmp`, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
  renameSync(`${path}.tmp`, path);
}

// ---- random streams (as dpaudit's src/random) ----
function deriveSeed(parts) {
  const buf = createHash('sha256').update(JSON.stringify(parts.map((p) => (p === undefined ? null : p)))).digest();
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) s[i] = buf.readUInt32LE(4 * i);
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}
const rotl = (x, k) => ((x << k) | (x >>> (32 - k))) >>> 0;
class Rng {
  constructor(parts) {
    this.s = deriveSeed(parts);
  }
  nextU32() {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }
  next() {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}
const R = 3.442619855899;
const V = 9.91256303526217e-3;
const kn = new Uint32Array(128);
const wn = new Float64Array(128);
const fn = new Float64Array(128);
{
  const m1 = 2147483648.0;
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1.0;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2.0 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
}
function normal(src) {
  for (;;) {
    const hz = src.nextU32() | 0;
    const iz = src.nextU32() & 127;
    const abs = hz < 0 ? -hz : hz;
    if (abs < kn[iz]) return hz * wn[iz];
    if (iz === 0) {
      let x, y;
      do {
        x = -Math.log(1 - src.next()) / R;
        y = -Math.log(1 - src.next());
      } while (y + y < x * x);
      return hz > 0 ? R + x : -R - x;
    }
    const x = hz * wn[iz];
    if (fn[iz] + src.next() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
  }
}
function poissonBatch(rows, q, rng) {
  if (q >= 1) return Array.from(rows);
  const out = [];
  const logNot = Math.log1p(-q);
  let i = -1;
  for (;;) {
    i += Math.floor(Math.log1p(-rng.next()) / logNot) + 1;
    if (i >= rows.length) break;
    out.push(rows[i]);
  }
  return out;
}

// ---- the model: dense layers, flat parameters (W row-major in×out, then b) ----
function layersOf(sizes) {
  const out = [];
  let off = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    out.push({ inDim: sizes[l], outDim: sizes[l + 1], w: off, b: off + sizes[l] * sizes[l + 1] });
    off += sizes[l] * sizes[l + 1] + sizes[l + 1];
  }
  return { layers: out, P: off };
}
function forward(L, p, x) {
  const acts = [x];
  let h = x;
  L.forEach((l, k) => {
    const z = new Float64Array(l.outDim);
    for (let o = 0; o < l.outDim; o++) {
      let s = p[l.b + o];
      for (let i = 0; i < l.inDim; i++) s += h[i] * p[l.w + i * l.outDim + o];
      z[o] = k === L.length - 1 ? s : Math.max(0, s);
    }
    h = z;
    if (k < L.length - 1) acts.push(z);
  });
  return { logit: h[0], acts };
}
/** Per-example gradient of softplus(−s)·y + softplus(s)·(1−y) w.r.t. the flat parameters. */
function exampleGrad(L, P, p, x, y, g) {
  const { logit, acts } = forward(L, p, x);
  let d = Float64Array.of(1 / (1 + Math.exp(-logit)) - y);
  for (let k = L.length - 1; k >= 0; k--) {
    const l = L[k];
    const a = acts[k];
    for (let i = 0; i < l.inDim; i++) for (let o = 0; o < l.outDim; o++) g[l.w + i * l.outDim + o] = a[i] * d[o];
    for (let o = 0; o < l.outDim; o++) g[l.b + o] = d[o];
    if (k > 0) {
      const nd = new Float64Array(l.inDim);
      for (let i = 0; i < l.inDim; i++) {
        if (a[i] <= 0) continue;
        let s = 0;
        for (let o = 0; o < l.outDim; o++) s += p[l.w + i * l.outDim + o] * d[o];
        nd[i] = s;
      }
      d = nd;
    }
  }
  void P;
  return g;
}
function optimizer(name, lr, momentum, P) {
  const m = new Float64Array(P);
  const v = new Float64Array(P);
  let step = 0;
  return (params, grad) => {
    step++;
    if (name === 'sgd') for (let i = 0; i < P; i++) params[i] -= lr * grad[i];
    else if (name === 'momentum')
      for (let i = 0; i < P; i++) {
        m[i] = momentum * m[i] + grad[i];
        params[i] -= lr * m[i];
      }
    else {
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      for (let i = 0; i < P; i++) {
        m[i] = 0.9 * m[i] + 0.1 * grad[i];
        v[i] = 0.999 * v[i] + 0.001 * grad[i] * grad[i];
        params[i] -= ((lr / c1) * m[i]) / (Math.sqrt(v[i] / c2) + 1e-8);
      }
    }
    return step;
  };
}

// ---- the job ----
const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const faultSpec = process.env.DPAUDIT_NODE_TRAINER_FAULT ?? '';
// "fault" or "fault:JOB" (only jobs whose id contains JOB).
const [faultName, faultJob] = faultSpec.split(':');
const fault = faultJob === undefined || job.jobId.includes(faultJob) ? faultName : '';
if (fault === 'crash') {
  console.error('node_dpsgd: simulated crash (DPAUDIT_NODE_TRAINER_FAULT=crash)');
  process.exit(3);
}
if (fault === 'sleep') await new Promise((r) => setTimeout(r, 60_000));
if (job.data.features === null) {
  console.error('node_dpsgd: this trainer needs dpaudit\'s feature matrix (it cannot load manifest inputs)');
  process.exit(2);
}
const X = readNpy(job.data.features);
const [N, d] = X.shape;
const yAll = readNpy(job.data.labels).data;
const scoreRows = readNpy(job.scoreRows).data;
const pr = job.privacy;
const tr = job.training;
const { layers: L, P } = layersOf([d, ...(tr.model === 'mlp' ? tr.hidden : []), 1]);
const row = (i) => X.data.subarray(i * d, (i + 1) * d);
const momentum = tr.momentum ?? 0.9;
const logits = new Float32Array(job.models.length * scoreRows.length);
const report = { library: `node_dpsgd.mjs (Node ${process.versions.node})`, models: [] };
const C = pr.maxGradNorm;
const q = pr.sampleRate;
for (const m of job.models) {
  const rows = readNpy(m.trainRows).data;
  const st = m.streams ?? { init: ['node', m.seed, 'init'], batches: ['node', m.seed, 'batches'], noise: ['node', m.seed, 'noise'] };
  const initRng = new Rng(st.init);
  const params = new Float32Array(P);
  for (const l of L) {
    const limit = Math.sqrt(6 / (l.inDim + l.outDim));
    for (let i = 0; i < l.inDim * l.outDim; i++) params[l.w + i] = (2 * initRng.next() - 1) * limit;
  }
  const batchRng = new Rng(st.batches);
  const noiseRng = new Rng(st.noise);
  const step = optimizer(tr.optimizer, tr.learningRate, momentum, P);
  const g = new Float64Array(P);
  const sum = new Float32Array(P);
  const acc = new Float64Array(P);
  const noise = new Float32Array(P);
  const grad = new Float64Array(P);
  let empty = 0;
  let total = 0;
  let optSteps = 0;
  for (let t = 0; t < pr.steps; t++) {
    const batch = poissonBatch(rows, q, batchRng);
    total += batch.length;
    if (batch.length === 0) empty++;
    acc.fill(0);
    for (const i of batch) {
      exampleGrad(L, P, params, row(i), yAll[i], g);
      let c = 1;
      if (pr.mode !== 'nondp') {
        let sq = 0;
        for (let k = 0; k < P; k++) sq += g[k] * g[k];
        c = Math.min(1, C / (Math.sqrt(sq) + 1e-6));
      }
      for (let k = 0; k < P; k++) acc[k] += c * g[k];
    }
    sum.set(acc); // float32, as the device sum dpaudit reads back
    if (pr.mode === 'nondp') {
      if (batch.length === 0) continue;
      for (let k = 0; k < P; k++) grad[k] = sum[k] / batch.length;
    } else {
      const sd = pr.noiseMultiplier * C;
      const sigma = fault === 'lie-sigma' ? 0 : sd;
      if (sigma > 0) for (let k = 0; k < P; k++) noise[k] = normal(noiseRng) * sigma;
      const inv = 1 / (q * rows.length);
      for (let k = 0; k < P; k++) grad[k] = (sum[k] + (sigma > 0 ? noise[k] : 0)) * inv;
    }
    optSteps = step(params, grad);
  }
  for (let k = 0; k < scoreRows.length; k++) logits[m.index * scoreRows.length + k] = forward(L, params, row(scoreRows[k])).logit;
  report.models.push({
    index: m.index,
    steps: pr.steps,
    sampling: 'poisson',
    noiseMultiplier: fault === 'lie-sigma' ? 0 : pr.noiseMultiplier,
    maxGradNorm: pr.maxGradNorm,
    sampleRate: q,
    meanBatchSize: total / pr.steps,
    emptySteps: empty,
    optimizerSteps: optSteps,
  });
}
if (fault === 'nan') logits[1] = Number.NaN;
if (fault !== 'nologits') {
  if (fault === 'shape') writeNpy(job.outputs.logits, logits, [logits.length]);
  else if (fault === 'float64') writeNpy(job.outputs.logits, Float64Array.from(logits), [job.models.length, scoreRows.length]);
  else writeNpy(job.outputs.logits, logits, [job.models.length, scoreRows.length]);
}
writeFileSync(job.outputs.report, JSON.stringify(report, null, 2));
console.log(`node_dpsgd: trained ${job.models.length} model(s), ${pr.steps} steps each (${pr.mode})`);
