import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/random/rng.js';
import { clusterBootstrapReplicates, clusterWeights, clustersOf } from '../../metrics/cluster-bootstrap.js';

// 7 patients with 1–5 rows, rows interleaved
const unitOfRow = Int32Array.from([0, 1, 2, 3, 0, 4, 5, 6, 0, 2, 3, 0, 2, 3, 0, 6, 3]);
const sizes = [5, 1, 3, 4, 1, 1, 2];

test('the cluster bootstrap resamples whole patients: rows of a patient share one multiplicity, U patients drawn', () => {
  const clusters = clustersOf(unitOfRow, 7);
  const rng = new Rng(['cluster']);
  const w = new Int32Array(unitOfRow.length);
  const drawn = new Float64Array(7);
  const R = 4000;
  for (let r = 0; r < R; r++) {
    clusterWeights(rng, clusters, w);
    const perPatient = new Int32Array(7).fill(-1);
    for (let i = 0; i < w.length; i++) {
      const u = unitOfRow[i];
      if (perPatient[u] === -1) perPatient[u] = w[i];
      else assert.equal(w[i], perPatient[u], 'all rows of a patient have the same multiplicity');
    }
    assert.equal(
      perPatient.reduce((a, b) => a + b, 0),
      7,
      'as many patients drawn as there are',
    );
    for (let u = 0; u < 7; u++) drawn[u] += perPatient[u];
  }
  // each patient drawn once per resample on average (not in proportion to its rows)
  for (let u = 0; u < 7; u++) assert.ok(Math.abs(drawn[u] / R - 1) < 0.06, `patient ${u}: ${drawn[u] / R}`);
});

test('cluster bootstrap of the row mean: SD matches the closed form of the patient-level resampling', () => {
  // statistic: the row mean of a per-patient value v_u; replicate = Σ_u c_u k_u v_u / Σ_u c_u k_u (c_u draws)
  const v = [1, 0, 0, 1, 1, 0, 1];
  const clusters = clustersOf(unitOfRow, 7);
  const B = 3000;
  const reps = clusterBootstrapReplicates(new Rng(['cb']), clusters, unitOfRow.length, B, 1, (w, out) => {
    let s = 0;
    let n = 0;
    for (let i = 0; i < w.length; i++) {
      s += w[i] * v[unitOfRow[i]];
      n += w[i];
    }
    out[0] = s / n;
  });
  let m = 0;
  for (const x of reps) m += x / B;
  const full = sizes.reduce((a, k, u) => a + k * v[u], 0) / sizes.reduce((a, k) => a + k, 0);
  assert.ok(Math.abs(m - full) < 0.05, `bootstrap mean ${m} vs full-sample ${full}`);
  // rows of a patient move together, so the cluster SD exceeds the SD of independent rows
  let sd = 0;
  for (const x of reps) sd += (x - m) ** 2 / (B - 1);
  const p = full;
  const rowSd = Math.sqrt((p * (1 - p)) / unitOfRow.length);
  assert.ok(Math.sqrt(sd) > rowSd, `cluster SD ${Math.sqrt(sd)} ≤ row SD ${rowSd}`);
});
