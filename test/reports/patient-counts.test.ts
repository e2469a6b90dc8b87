import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../reports/html.js';
import { validateResults } from '../../src/results/read.js';
import { fixture } from './fixture.js';

test('patient unit: per-group cells show rows and patients, and the model card names the patient bootstrap', () => {
  const r = fixture();
  let cells = 0;
  for (const a of r.arms) {
    const f = a.fairness;
    if (!f) continue;
    f.bootstrap = { resamples: 200, seed: 1, level: 0.95, method: 'percentile patient (cluster) bootstrap', unit: 'patient', patients: 77 };
    for (const g of f.groupings)
      for (const c of g.groups)
        if (!('suppressed' in c)) {
          c.patients = Math.max(1, Math.floor(c.metrics.count / 3));
          cells++;
        }
  }
  assert.ok(cells > 0);
  validateResults(r, 'results.json');
  const plain = renderReport(r).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
  const first = r.arms.find((a) => a.fairness)?.fairness?.groupings[0].groups.find((c) => !('suppressed' in c));
  assert.ok(first && !('suppressed' in first));
  assert.ok(plain.includes(`${first.metrics.count} (${first.patients} pat.)`), 'rows (patients) in a cell');
  assert.match(plain, /patient bootstrap intervals \(whole patients resampled, 77 test patients\)/);
  // without patient counts: rows only, and the row bootstrap sentence
  const rows = renderReport(fixture()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
  assert.ok(!rows.includes(' pat.)'));
  assert.match(rows, /bootstrap intervals over test rows/);
});

test('patient unit: the checklist states the patient batch and how it was chosen', () => {
  const r = fixture();
  for (const a of r.arms)
    a.privacy.batchSize = { value: 18, rule: 'from-units', note: 'batch size 18 patients chosen from the 181 patients' };
  delete r.config.batchSize;
  validateResults(r, 'results.json');
  const plain = renderReport(r)
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '')
    .replace(/&#x3D;/g, '=');
  assert.match(
    plain,
    /Poisson sampling of patients, rate q = [0-9.]+ \(expected batch 18 of N = \d+ patients; chosen from the number of patients\)/,
  );
});
