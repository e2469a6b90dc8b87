import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../reports/html.js';
import { buildFederation } from '../../reports/sections/federation.js';
import { federatedLeakageChart, federatedUtilityChart } from '../../reports/specs/federation.js';
import { compileSpec } from '../../reports/compile.js';
import { federationSection } from '../../src/sweep/federation.js';
import type { FederationResults } from '../../src/results/types.js';
import { federationInput, SITE_NAMES } from '../src/sweep/federation-fixture.js';
import { fixture } from './fixture.js';

const results = fixture();
results.federation = federationSection(federationInput()) as FederationResults;
const html = renderReport(results);
/** The page outside the inlined scripts (library code, specs). */
const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>');

test('the report has a federated section with the per-site table, the privacy sentences and both charts', () => {
  assert.match(markup, /<section id="federated">/);
  assert.match(markup, /<a href="#federated">Federated<\/a>/);
  const section = markup.slice(
    markup.indexOf('<section id="federated">'),
    markup.indexOf('</section>', markup.indexOf('<section id="federated">')),
  );
  assert.match(section, /Per-site utility of the global model/);
  assert.match(section, /<div class="table-wrap federated-sites"><table>/);
  // Every visible site appears in the per-site table with its test rows; the suppressed ones as "< 11".
  const perSite = section.slice(section.indexOf('federated-sites'), section.indexOf('</table>', section.indexOf('federated-sites')));
  assert.match(perSite, /<td>north<\/td><td>45<\/td>/);
  assert.match(perSite, /<td>tiny<\/td><td>&lt; 11<\/td>/);
  assert.ok(!perSite.includes('<td>5</td>'), 'a suppressed site shows no count');
  assert.match(section, /fed-local@1: ε &#x3D; 1 \(δ &#x3D; 0.00001\) protects one record of a site/);
  assert.match(section, /no formal guarantee/);
  assert.match(section, /id="figure-federated-utility"/);
  assert.match(section, /id="figure-federated-leakage"/);
  assert.match(section, /update-lira \(headline\)/);
});

test('a site name from the data is escaped everywhere in the report', () => {
  assert.ok(!html.includes(SITE_NAMES[1]), 'raw <script> site name in the page');
  assert.ok(markup.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('no federated section without federated arms', () => {
  const plain = renderReport(fixture());
  assert.ok(!plain.includes('<section id="federated">'));
  assert.ok(!plain.includes('href="#federated"'));
  assert.equal(buildFederation(fixture()), null);
  assert.equal(federatedUtilityChart(fixture()), null);
});

test('the federated charts compile and carry the numbers of the section', () => {
  const u = federatedUtilityChart(results)!;
  const l = federatedLeakageChart(results)!;
  for (const c of [u, l]) assert.deepEqual(compileSpec(c.spec).warnings, []);
  // Leakage chart: the headline attacks of both targets of both arms.
  assert.equal(l.table.rows.length, 4);
  const f = results.federation!;
  const none = f.arms.find((a) => a.arm === 'fed-none')!;
  const upd = none.leakage!.siteUpdate.find((x) => x.attack === 'update-lira')!;
  assert.ok(l.table.rows.some((r) => r[0] === 'fed-none' && r[1] === 'site update' && r[3] === upd.auc!.toFixed(3)));
  // Utility chart: centralised nondp and dp@1 of the fixture plus the two federated arms.
  assert.ok(u.table.rows.some((r) => r[0] === 'federated + local DP' && r[1] === 'fed-local@1'));
  assert.ok(u.table.rows.some((r) => r[0] === 'centralised' && r[1] === 'nondp'));
});
