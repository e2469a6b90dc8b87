import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultsV1 } from '../../src/results/types.js';
import { validateResults } from '../../src/results/read.js';
import { renderReport } from '../../reports/html.js';
import { buildVerdict, verdictMarkdown } from '../../reports/sections/verdict.js';
import { trainerEpsilonRows } from '../../reports/sections/trainer.js';
import { fixture } from './fixture.js';

const planned = { steps: 1116, sampling: 'poisson', sampleRate: 0.01, noiseMultiplier: 1, maxGradNorm: 1 };

function withTrainer(stated: Record<string, { min: number; max: number } | null>): ResultsV1 {
  const r = fixture();
  r.trainer = {
    command: ['python3', 'train.py'],
    version: '2.1',
    libraries: ['opacus 1.5'],
    conforms: true,
    arms: r.arms.map((a) => ({
      arm: a.arm,
      planned,
      models: 3,
      epsilon: a.privacy.epsilon,
      trainerEpsilon: stated[a.arm] ?? null,
      mismatches: [],
    })),
  };
  return r;
}

test('trainer ε: within 5 % agrees; smaller is a warning (claims more privacy); larger is noted; ε on a no-guarantee arm is flagged', () => {
  // dpaudit: dp@1 ε = 0.996, dp@8 ε = 7.968 (fixture).
  const rows = trainerEpsilonRows(
    withTrainer({ 'dp@1': { min: 0.8, max: 0.8 }, 'dp@8': { min: 7.9, max: 8.1 }, cliponly: { min: 3, max: 3 } }),
  );
  const by = new Map(rows.map((x) => [x.arm, x]));
  assert.equal(by.get('dp@1')?.agreement, 'lower', '0.8 < 0.996 × 0.95');
  assert.equal(by.get('dp@8')?.agreement, 'agrees', '7.9–8.1 within 5 % of 7.968');
  assert.equal(by.get('cliponly')?.agreement, 'no guarantee');
  assert.equal(by.get('nondp')?.agreement, 'not stated');
  assert.equal(trainerEpsilonRows(withTrainer({ 'dp@1': { min: 1.2, max: 1.2 } })).find((x) => x.arm === 'dp@1')?.agreement, 'higher');
  assert.deepEqual(trainerEpsilonRows(fixture()), [], 'no trainer, no rows');
});

test('report: the trainer’s own ε beside dpaudit’s in the checklist and the verdict strip, flagged when they disagree', () => {
  const r = withTrainer({ 'dp@1': { min: 0.8, max: 0.8 }, 'dp@8': { min: 7.968, max: 7.968 } });
  validateResults(r, 'fixture');
  const html = renderReport(r).replace(/&#x3D;/g, '=');
  const checklist = html.slice(
    html.indexOf('<section id="checklist">'),
    html.indexOf('</section>', html.indexOf('<section id="checklist">')),
  );
  assert.match(checklist, /External trainer’s own ε/);
  assert.match(checklist, /dp@1: dpaudit ε = 0\.996; trainer’s own ε = 0\.800 \(DISAGREES: the trainer states a smaller ε/);
  assert.match(checklist, /dp@8: dpaudit ε = 7\.968; trainer’s own ε = 7\.968 \(agrees\)/);
  const v = buildVerdict(r);
  const item = v.checks.find((c) => c.id === 'report.trainer-epsilon');
  assert.equal(item?.status, 'warn');
  assert.equal(v.overall, 'warn', 'the strip’s overall status shows it');
  const strip = html.slice(html.indexOf('<section id="verdict"'), html.indexOf('</section>'));
  assert.match(strip, /Trainer’s own ε/);
  assert.match(strip, /trainer’s own ε = 0\.800/);
  assert.ok(
    verdictMarkdown(r, (s) => s).some((l) => l.includes('Trainer’s own ε')),
    'summary.md leads with it too',
  );
  // Agreement: a PASS line, overall unchanged.
  const ok = withTrainer({ 'dp@1': { min: 0.996, max: 0.996 } });
  const v2 = buildVerdict(ok);
  assert.equal(v2.checks.find((c) => c.id === 'report.trainer-epsilon')?.status, 'pass');
  assert.equal(v2.overall, buildVerdict(fixture()).overall);
});
