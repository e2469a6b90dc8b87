import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { Rng } from '../../../src/random/rng.js';

// Issue 6: the real-browser test on a report from a REAL sweep (not a fixture) of a dataset whose column
// names and category values are hostile HTML / template strings.

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const SCRIPT = '<script>alert(1)</script>';
const CLOSE = '</script>';
const MUSTACHE = '{{x}}';
const IMG = '<img src=x onerror="window.__xss=1">';
const HOSTILE = [SCRIPT, CLOSE, MUSTACHE, IMG];

// Column names: a hostile sensitive column, hostile numeric and categorical feature names, a hostile label.
const SENSITIVE = `group ${IMG}`;
const LABEL = `died ${MUSTACHE}`;
const NUM_FEATURE = `${SCRIPT} lab`;
const CAT_FEATURE = `${CLOSE}${MUSTACHE}`;

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** ≈ 400 rows: two numeric features, a categorical one, the hostile sensitive column, a binary label. */
function hostileCsv(n: number): string {
  const rng = new Rng(['report-browser-test']);
  const rows = [['age', NUM_FEATURE, CAT_FEATURE, SENSITIVE, LABEL].map(csvField).join(',')];
  for (let i = 0; i < n; i++) {
    const g = i % HOSTILE.length;
    const age = 60 + 10 * rng.normal();
    const lab = rng.normal();
    const cat = HOSTILE[Math.floor(rng.next() * 3)];
    const z = 0.08 * (age - 60) + lab + 0.3 * (g - 1.5);
    const y = rng.next() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    rows.push([age.toFixed(1), lab.toFixed(3), cat, HOSTILE[g], String(y)].map(csvField).join(','));
  }
  return rows.join('\n') + '\n';
}

test('real browser on a real sweep report with hostile column names and values: charts render, no script runs, no network', {
  timeout: 120_000,
}, async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium is required at ${CHROMIUM} for the browser test (apt-get install chromium); CI installs it`);
  const dir = tempDir('dpaudit-report-browser-');
  const data = writeFixture(dir, 'hostile.csv', hostileCsv(400));
  const out = join(dir, 'out');
  const r = runDpaudit(
    ['sweep', '--preset', 'test', '--data', data, '--label', LABEL, '--sensitive', SENSITIVE, '--out', out, '--quiet', '--workers', '2'],
    { timeoutMs: 90_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  const file = join(out, 'report.html');
  assert.ok(existsSync(file), 'report.html written');

  // The sweep really used the hostile dataset: its group levels are the hostile strings.
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { dataset: { label: string } };
  assert.equal(results.dataset.label, LABEL);
  const html = readFileSync(file, 'utf8');
  // No payload reaches the file unescaped (markup or embedded JSON).
  assert.ok(!html.includes(SCRIPT), 'no raw <script>alert(1)</script>');
  assert.ok(!html.includes('<img src=x'), 'no raw <img onerror>');
  const staticBoxes = (html.match(/<div class="chart-box"/g) ?? []).length;
  assert.ok(staticBoxes >= 5, `report has chart containers (${staticBoxes})`);

  const url = pathToFileURL(file).href;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleErrors: string[] = [];
    const consoleWarnings: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
      else if (m.type() === 'warning') consoleWarnings.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (q) => requests.push(q.url()));
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(url);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 30_000 });
    // Page-side code as strings: the test project has no DOM typings.
    const boxes = (await page.evaluate(
      `[...document.querySelectorAll('.chart-box')].map((el) => ({ id: el.id, state: el.getAttribute('data-rendered'), drawn: el.querySelector('svg, canvas') !== null, marks: el.querySelectorAll('svg path, svg line, svg rect, svg circle, svg text').length }))`,
    )) as { id: string; state: string | null; drawn: boolean; marks: number }[];
    assert.equal(boxes.length, staticBoxes, 'every chart container of the file is in the page');
    for (const b of boxes) {
      assert.equal(b.state, 'true', `${b.id} rendered`);
      assert.ok(b.drawn, `${b.id} holds an SVG or canvas`);
      assert.ok(b.marks > 5, `${b.id} holds a drawn chart (${b.marks} marks)`);
    }
    assert.equal(await page.evaluate('window.__xss'), undefined, 'no injected handler ran');
    assert.deepEqual(dialogs, [], 'no alert() ran');
    assert.deepEqual(consoleErrors, [], 'no console error');
    assert.deepEqual(consoleWarnings, [], 'no console warning');
    assert.deepEqual(requests, [url], 'the only request is the file itself');
    // No element or attribute came from the data: no <img>, no inline handlers.
    assert.equal(await page.evaluate(`document.querySelectorAll('img, [onerror], [onload]').length`), 0);
    // The hostile strings are visible as text.
    const text = (await page.evaluate('document.body.innerText')) as string;
    for (const s of [...HOSTILE, SENSITIVE]) assert.ok(text.includes(s), `visible as text: ${s}`);
  } finally {
    await browser.close();
  }
});
