import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport } from '../../reports/html.js';
import { tempDir } from '../helpers/tmp.js';
import { fixture } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

test('real browser: every chart renders, no console error, no network, no script from data', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium is required at ${CHROMIUM} for the browser test (apt-get install chromium); CI installs it`);
  const r = fixture();
  // Extra payloads in places that reach the page: a warning, a convention value, a gate sentence.
  r.warnings.push('<img src=x onerror="window.__xss=2"><svg onload="window.__xss=3">');
  r.conventions['x</script><script>window.__xss=4</script>'] = '"><script>alert(5)</script>';
  const file = join(tempDir('dpaudit-report-'), 'report.html');
  writeFileSync(file, renderReport(r));
  const url = pathToFileURL(file).href;

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('request', (q) => requests.push(q.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(url);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 20_000 });
    // Page-side code as strings: the test project has no DOM typings.
    const boxes = (await page.evaluate(
      `[...document.querySelectorAll('.chart-box')].map((el) => ({ id: el.id, state: el.getAttribute('data-rendered'), drawn: el.querySelector('svg, canvas') !== null, marks: el.querySelectorAll('svg path, svg line').length }))`,
    )) as { id: string; state: string | null; drawn: boolean; marks: number }[];
    assert.equal(boxes.length, 9);
    for (const b of boxes) {
      assert.equal(b.state, 'true', `${b.id} rendered`);
      assert.ok(b.drawn && b.marks > 5, `${b.id} holds a drawn SVG`);
    }
    const xss = await page.evaluate('window.__xss');
    assert.equal(xss, undefined, 'no injected handler ran');
    assert.deepEqual(dialogs, [], 'no alert() ran');
    assert.deepEqual(consoleErrors, []);
    assert.deepEqual(requests, [url], 'the only request is the file itself');
    // The payloads are visible as text.
    const text = (await page.evaluate('document.body.innerText')) as string;
    assert.ok(text.includes('<script>alert(1)</script>'));
    assert.ok(text.includes('{{x}}'));
  } finally {
    await browser.close();
  }
});
