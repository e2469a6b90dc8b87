import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSpec } from '../../reports/compile.js';
import { overlayVerdictLines, rocPanelHeader, rocSpec } from '../../reports/specs/roc.js';
import { fixture } from './fixture.js';

type Roc = { title: { subtitle: string[] }; facet: { header: { labelExpr: string } } };
/** The panel headers of the spec: the labelExpr is `{arm: header}[datum.value] || datum.value`. */
const headers = (s: Roc) =>
  JSON.parse(s.facet.header.labelExpr.slice(0, s.facet.header.labelExpr.indexOf('[datum.value]'))) as Record<string, string>;

test('ROC chart: the overlay verdicts are subtitle lines grouped by verdict; panel headers carry the arm (and VIOLATION only)', () => {
  const r = fixture();
  const plain = rocSpec(r) as unknown as Roc;
  assert.deepEqual(headers(plain), Object.fromEntries(r.arms.map((a) => [a.arm, a.arm])));
  // The fixture: two reference arms, two DP arms each with two checked attacks, no violation.
  assert.deepEqual(overlayVerdictLines(r), [
    'Overlay check per arm (it decides; a single curve point does not):',
    '• nondp, cliponly: no guarantee (reference)',
    '• dp@1, dp@8: no violation (2 attacks)',
  ]);
  assert.deepEqual(plain.title.subtitle.slice(0, 3), overlayVerdictLines(r));
  // A violated check on one attack of dp@1: named in its own line and in that panel's header.
  const dp1 = r.arms.find((a) => a.arm === 'dp@1')!;
  (dp1.attacks[1] as { violation: { violated: boolean } }).violation.violated = true;
  const bad = rocSpec(r) as unknown as Roc;
  assert.equal(headers(bad)['dp@1'], 'dp@1: VIOLATION');
  assert.equal(rocPanelHeader(dp1), 'dp@1: VIOLATION');
  assert.equal(headers(bad)['dp@8'], 'dp@8');
  assert.ok(bad.title.subtitle.includes('• dp@1: VIOLATION: loss'), bad.title.subtitle.join('\n'));
  assert.ok(bad.title.subtitle.includes('• dp@8: no violation (2 attacks)'));
  assert.deepEqual(compileSpec(rocSpec(r)).warnings, []);
});
