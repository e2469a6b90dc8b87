import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReport } from '../../reports/html.js';
import { DpauditError } from '../../src/errors.js';
import { validateResults } from '../../src/results/read.js';
import { fixture, XSS_STRINGS } from './fixture.js';

const html = renderReport(fixture());
/** The page outside the inlined library scripts and the JSON spec block. */
const markup = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '<script></script>');
/** Entities back to characters (for matching sentences; escaping itself is tested on `markup`). */
const decode = (s: string): string =>
  s
    .replace(/&#x27;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const plain = decode(markup);

test('the report is one self-contained file under 2 MB', () => {
  const bytes = Buffer.byteLength(html);
  assert.ok(bytes <= 2 * 1024 * 1024, `${bytes} bytes`);
  assert.match(html, /^<!DOCTYPE html>/);
  // No external resources: no src/href pointing anywhere but in-page anchors, no <link>, no @import.
  assert.ok(!/<link\b/i.test(markup));
  assert.ok(!/\bsrc\s*=/i.test(markup.replace(/src=x onerror/g, '')), 'no src attributes');
  // Links: in-page anchors, or the files written next to the report (no other host, no scheme).
  const sibling = /^(results\.json|summary\.md|tables\/[a-z-]+\.csv)$/;
  for (const m of markup.matchAll(/href="([^"]*)"/g)) assert.ok(m[1].startsWith('#') || sibling.test(m[1]), `external link ${m[1]}`);
  for (const f of ['results.json', 'tables/groups.csv', 'tables/who-pays.csv', 'tables/utility.csv'])
    assert.ok(markup.includes(`href="${f}"`), f);
  assert.ok(!/@import/i.test(html));
  assert.match(plain, /Content-Security-Policy" content="default-src 'none'; script-src 'sha256-/);
  assert.match(plain, /connect-src 'none'/);
});

test('every section is present, the verdict first', () => {
  const ids = [...markup.matchAll(/<section id="([a-z-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids, [
    'verdict',
    'summary',
    'groups',
    'gate',
    'checklist',
    'utility',
    'fairness',
    'leakage',
    'model-card',
    'data',
    'conventions',
  ]);
  assert.match(markup, /Verdict: <span class="badge status-pass">PASS<\/span>/);
  assert.match(markup, /<span class="badge status-warn">WARN<\/span> <strong>Policy gate<\/strong>/);
  assert.match(markup, /<noscript>/);
  assert.match(markup, /Gate: <span class="badge status-warn">WARN<\/span>/);
  assert.match(plain, /At ε = 8 the model keeps 98 % of non-private AUC/);
  assert.match(plain, /below the guarantee/);
  assert.match(plain, /Recommended: ε = 8\./);
  assert.match(plain, /This report is not differentially private/);
  for (const item of [
    'Privacy unit',
    'ε, δ and δ·N',
    'Accountant',
    'Clipping norm C',
    'Noise multiplier σ per ε',
    'Poisson sampling',
    'Epochs / steps',
    'Calibration target',
    'Optimiser',
    'Seeds',
    'Backend',
    'Secure noise',
    'Data-dependent preprocessing',
    'Hyperparameter tuning',
    'Dataset and subgroup sizes',
    'Software version',
    'Command line',
    'Config hash',
  ]) {
    assert.ok(plain.includes(item), `checklist item ${item}`);
  }
  const charts = [...markup.matchAll(/class="chart-box" id="chart-([a-z-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(charts, [
    'pareto',
    'privacy-utility',
    'disparity',
    'who-pays',
    'calibration',
    'attack-epsilon',
    'roc',
    'epsilon-lb',
    'vulnerability',
  ]);
  assert.equal((markup.match(/<details>/g) ?? []).length, charts.length, 'one collapsed table per chart');
});

test('data-derived strings are HTML-escaped in the markup and script-escaped in the JSON', () => {
  assert.ok(!markup.includes('<script>alert(1)'), 'no raw script payload in markup');
  assert.ok(!markup.includes('<img'), 'no raw img payload in markup');
  assert.ok(markup.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.ok(markup.includes('ethnicity&lt;/script&gt;'));
  assert.ok(markup.includes('{{x}}'), '{{x}} shown literally (never evaluated as a template)');
  const json = /<script type="application\/json" id="dpaudit-specs">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(json);
  assert.ok(!json[1].includes('<'), 'no < inside the JSON block');
  const specs = JSON.parse(json[1]) as Record<string, unknown>;
  const text = JSON.stringify(specs);
  for (const s of XSS_STRINGS) assert.ok(text.includes(JSON.stringify(s).slice(1, -1)), `payload ${s} survives as data`);
  // Exactly four <script> elements: JSON, vega, vega-embed, boot.
  assert.equal((html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []).length, 4);
});

test('suppressed cells are shown as "< k" without counts; no row-level data', () => {
  assert.ok(
    plain.includes('<td>sex = M, ethnicity</script> = <img src=x onerror="window.__xss=1"></td><td class="num suppressed">< 11</td>'),
  );
  // The suppressed intersection cell's count (8) is not in results, and nothing in the page says "8" for it.
  assert.ok(!plain.includes('onerror="window.__xss=1"></td><td class="num">8<'));
  assert.match(markup, /suppressed \(&lt; 11 rows\)/);
});

test('a missing gate drops the section; missing nested objects say "not measured"', () => {
  const r = fixture();
  delete r.gate;
  for (const a of r.arms) {
    a.fairness = null;
    a.whoPays = null;
    a.attacks = [];
    a.oneRun = null;
    a.calibration = [];
    a.overlay = null;
  }
  r.dataset.groups = [];
  validateResults(r, 'results.json');
  const out = renderReport(r);
  const m = decode(out.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ''));
  assert.ok(!m.includes('id="gate"'));
  for (const what of [
    'Disparities vs ε (fairness report)',
    'Who pays for privacy (per-group deltas)',
    'Per-group calibration curves',
    'ROC curves with the theoretical bound',
    'Empirical ε lower bounds',
    'Per-group vulnerability',
    'Subgroup sizes',
  ]) {
    assert.ok(m.includes(`${what}: not measured in this run.`), what);
  }
  assert.match(m, /Per-group losses were not measured/);
  assert.match(m, /Per-group metrics: not measured in this run\./);
  assert.match(m, /empirical leakage was not measured/);
});

test('partial or garbled nested objects never reach the report: the results contract rejects them with the JSON path', () => {
  const cases: [(r: ReturnType<typeof fixture>) => void, RegExp][] = [
    [
      (r) => Object.assign(r.arms[0].fairness ?? {}, { groupings: 'garbage' }),
      /^results\.json: arms\[0\]\.fairness\.groupings: expected array, got string$/,
    ],
    [(r) => Object.assign(r.arms[1], { whoPays: 42 }), /^results\.json: arms\[1\]\.whoPays: expected object, got number$/],
    [(r) => Object.assign(r.arms[0], { attacks: [{}] }), /^results\.json: arms\[0\]\.attacks\[0\]\.attack: missing/],
    [(r) => Object.assign(r.arms[0], { oneRun: 'x' }), /^results\.json: arms\[0\]\.oneRun: expected object, got string$/],
    [(r) => Object.assign(r.dataset, { groups: [null] }), /^results\.json: dataset\.groups\[0\]: expected object, got null$/],
  ];
  for (const [mutate, message] of cases) {
    const r = fixture();
    mutate(r);
    assert.throws(
      () => validateResults(r, 'results.json'),
      (e: unknown) => e instanceof DpauditError && e.exitCode === 2 && message.test(e.message),
      String(message),
    );
  }
});

test('a FAIL gate shows in red; a gate that does not follow the contract is rejected with its JSON path', () => {
  const r = fixture();
  if (!r.gate) throw new Error('the fixture has a gate');
  r.gate.status = 'FAIL';
  r.gate.checks[0].status = 'FAIL';
  const m = renderReport(r);
  assert.match(m, /Gate: <span class="badge status-fail">FAIL<\/span>/);
  const bad = fixture();
  (bad as unknown as { gate: unknown }).gate = { checks: [{ id: 'x', status: 'failed', description: 'AUC ≤ 0.55' }] };
  assert.throws(
    () => validateResults(bad, 'results.json'),
    (e: unknown) => e instanceof DpauditError && /^results\.json: gate\.schemaVersion: /.test(e.message),
  );
});

test('attack AUC intervals are named DeLong once in Leakage, and the model card no longer calls them bootstrap intervals', () => {
  const html = renderReport(fixture());
  const page = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, '');
  const leakage = page.slice(page.indexOf('<section id="leakage">'), page.indexOf('</section>', page.indexOf('<section id="leakage">')));
  assert.equal(leakage.match(/DeLong intervals/g)?.length, 1);
  assert.doesNotMatch(page, /Every per-group number comes from one test split; intervals are bootstrap/);
  assert.match(page, /Attack AUCs \(Leakage\) carry DeLong intervals instead/);
});
