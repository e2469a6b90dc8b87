import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChecklist } from '../../reports/sections/checklist.js';
import { buildModelCard } from '../../reports/sections/model-card.js';
import { buildVerdict } from '../../reports/sections/verdict.js';
import type { ResultsV1 } from '../../src/results/types.js';
import { fixture } from './fixture.js';
import { federatedArm } from '../helpers/federated-arm.js';

/** The fixture with a server-dp and a local-dp federated arm (cloned from dp@1) and fed-none. */
function withFederated(): ResultsV1 {
  const r = fixture();
  r.arms.push(
    federatedArm(r, 'fed-none', 'none', 0),
    federatedArm(r, 'fed-local@1', 'local-dp', 4.9),
    federatedArm(r, 'fed-server@1', 'server-dp', 11.9),
  );
  return r;
}

test('verdict: with federated DP arms the plain sentence says the leakage checks do not cover them', () => {
  const plain = buildVerdict(withFederated()).plain;
  assert.match(plain, /federated DP arms \(fed-local@1, fed-server@1\) are outside the built-in leakage checks/);
  assert.match(plain, /only plan conformance covers them/);
  assert.ok(!plain.includes('fed-none'));
  assert.doesNotMatch(buildVerdict(fixture()).plain, /federated/);
});

test('checklist: "Privacy unit" is not repeated in its value, and a server-dp arm says its ε protects a whole site', () => {
  const item = buildChecklist(withFederated()).find((i) => i.item === 'Privacy unit')!;
  assert.doesNotMatch(item.value, /^Privacy unit/);
  assert.ok(
    item.details.some((d) => /^fed-server@1 \(server-dp\): ε = 0\.997 protects a whole site/.test(d)),
    item.details.join('\n'),
  );
  assert.ok(item.details.some((d) => /^fed-local@1 \(local-dp\): ε = 0\.997 protects one record of a site/.test(d)));
});

test('model card: the privacy unit names the site-level ε of server-dp arms only when there are any', () => {
  const unit = (r: ResultsV1) => buildModelCard(r).find((i) => i.name === 'Privacy unit')!;
  assert.ok(unit(withFederated()).points.some((p) => /server-dp arms \(fed-server@ε\): ε protects a whole site/.test(p)));
  assert.ok(!unit(fixture()).points.some((p) => /server-dp/.test(p)));
});
