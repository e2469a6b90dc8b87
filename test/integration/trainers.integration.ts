/**
 * Integration test of the Python example trainers (`npm run test:trainers`; not part of `npm test`):
 * needs Debian's python3-torch and python3-sklearn. The interpreter is $DPAUDIT_PYTHON, else the first of
 * python3, /usr/bin/python3 that imports torch and sklearn.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy } from '../../src/io/npy.js';
import { Rng } from '../../src/random/rng.js';
import { projectRoot, runDpaudit } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const python = [process.env.DPAUDIT_PYTHON, 'python3', '/usr/bin/python3'].find(
  (p) => p !== undefined && spawnSync(p, ['-c', 'import torch, sklearn, numpy'], { encoding: 'utf8' }).status === 0,
);
if (python === undefined)
  throw new Error('no Python with torch, sklearn and numpy (apt-get install python3-torch python3-sklearn; or set DPAUDIT_PYTHON)');
const dir = tempDir('dpaudit-py-');
const torchTrainer = `${python} ${join(projectRoot, 'examples/trainers/torch_dpsgd.py')}`;
const sklearnTrainer = `${python} ${join(projectRoot, 'examples/trainers/sklearn_logreg.py')}`;
const common = ['--preset', 'test', '--quiet', '--epsilons', '4', '--bootstrap', '20', '--canaries', '40', '--attacks', 'loss'];
const base = [...common, '--epochs', '1'];

test('torch_dpsgd.py: a sweep through the protocol runs the plan (conformance) and learns', () => {
  const out = join(dir, 'torch');
  const r = runDpaudit(['sweep', ...base, '--out', out, '--trainer', torchTrainer, '--workers', '2']);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.equal(res.trainer.conforms, true, JSON.stringify(res.trainer.arms.map((a: { mismatches: unknown[] }) => a.mismatches)));
  assert.match(res.trainer.libraries[0], /^torch /);
  const nondp = res.arms.find((a: { arm: string }) => a.arm === 'nondp');
  assert.ok(nondp.utility.auc.value > 0.7, `nondp AUC ${nondp.utility.auc.value}`);
});

test('torch_dpsgd.py: the small CNN on manifest image data (--features none)', () => {
  // 300 rows of 8×8 images: label 1 draws a bright 3×3 patch at a random place, plus noise everywhere.
  const d = join(dir, 'images');
  mkdirSync(join(d, 'img'), { recursive: true });
  const rng = new Rng(['images']);
  const lines = ['id,label,sex,path'];
  for (let i = 0; i < 300; i++) {
    const y = i % 2;
    const img = new Float32Array(64);
    for (let k = 0; k < 64; k++) img[k] = rng.normal() * 0.5;
    if (y === 1) {
      const r0 = rng.int(6);
      const c0 = rng.int(6);
      for (let r = r0; r < r0 + 3; r++) for (let c = c0; c < c0 + 3; c++) img[r * 8 + c] += 2;
    }
    writeFileSync(join(d, 'img', `${i}.npy`), encodeNpy(img, [8, 8]));
    lines.push(`p${i},${y},${i % 3 === 0 ? 'F' : 'M'},img/${i}.npy`);
  }
  writeFileSync(join(d, 'manifest.csv'), lines.join('\n') + '\n');
  const out = join(dir, 'cnn');
  const r = runDpaudit([
    'sweep',
    ...common,
    '--data',
    join(d, 'manifest.csv'),
    '--label',
    'label',
    '--sensitive',
    'sex',
    '--id',
    'id',
    '--features',
    'none',
    '--epochs',
    '5',
    '--batch-size',
    '32',
    '--lr',
    '0.01',
    '--min-group-size',
    '0',
    '--out',
    out,
    '--trainer',
    torchTrainer,
    '--workers',
    '2',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const res = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.equal(res.dataset.encodedFeatures, 0);
  assert.equal(res.trainer.conforms, true);
  const nondp = res.arms.find((a: { arm: string }) => a.arm === 'nondp');
  assert.ok(nondp.utility.auc.value > 0.65, `CNN nondp AUC ${nondp.utility.auc.value}`);
});

test('sklearn_logreg.py: the non-DP baseline trains, its report shows it is not the planned mechanism; DP modes are refused', () => {
  const ok = runDpaudit(['train', '--arm', 'nondp', '--trainer', sklearnTrainer, '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  const j = JSON.parse(ok.stdout);
  assert.ok(j.test.auc > 0.8, `sklearn AUC ${j.test.auc}`);
  assert.match(j.trainer.library, /^scikit-learn /);
  assert.ok(j.trainer.planMismatches.some((m: { field: string }) => m.field === 'sampling'));
  const dp = runDpaudit(['train', '--arm', 'dp', '--trainer', sklearnTrainer]);
  assert.equal(dp.code, 2);
  assert.match(dp.stderr, /trainer job train: exited with code 2.*refusing job train: mode 'dp' needs a differentially private trainer/);
});
