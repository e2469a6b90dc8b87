import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderReport } from '../../reports/html.js';
import { readAttack } from '../../reports/read/attack.js';
import { rocRows, thinCurves } from '../../reports/specs/roc.js';
import { type PackedRows, unpackRows } from '../../reports/pack.js';
import { vulnerabilityRows } from '../../reports/specs/vulnerability.js';
import { fmt } from '../../reports/format.js';
import { A4_TEXT_PX } from '../../reports/specs/common.js';
import { tempDir } from '../helpers/tmp.js';
import { fixture, standardSizeFixture } from './fixture.js';

// Issue: a report that tells the truth at a glance — checked in a real Chromium: verdict strip without a
// gate, per-group table, text size at 1,400 px, no horizontal scroll at 390 px, print, ROC data once.

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

function reportWithoutGate(): { url: string; html: string; recommendedArm: string } {
  const r = fixture();
  delete r.gate;
  const html = renderReport(r);
  const file = join(tempDir('dpaudit-layout-'), 'report.html');
  writeFileSync(file, html);
  return { url: pathToFileURL(file).href, html, recommendedArm: `dp@${r.recommendation.epsilon}` };
}

/**
 * Text of a Chromium PDF: inflate every stream, read the ToUnicode CMaps (glyph id → text) and decode the
 * hex strings of the text-showing operators. Enough to find numbers in the printed page.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = (m.index as number) + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (fonts, images)
    }
  }
  const maps: Map<number, string>[] = [];
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    const map = new Map<number, string>();
    const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => Number.parseInt(x, 16)));
    for (const b of s.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
      for (const p of b[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(Number.parseInt(p[1], 16), hex(p[2]));
    for (const b of s.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
      for (const p of b[1].matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        const lo = Number.parseInt(p[1], 16);
        const hi = Number.parseInt(p[2], 16);
        const first = Number.parseInt(p[3], 16);
        for (let g = lo; g <= hi; g++) map.set(g, String.fromCodePoint(first + g - lo));
      }
    maps.push(map);
  }
  // Decode each content stream with every font map; numbers survive in the map of the font that drew them.
  const out: string[] = [];
  for (const s of streams.filter((x) => /\bTJ\b|\bTj\b/.test(x)))
    for (const map of maps) {
      let text = '';
      for (const m of s.matchAll(/<([0-9a-fA-F]+)>|(\bTJ\b|\bTj\b)/g)) {
        if (m[2]) {
          text += ' ';
          continue;
        }
        for (const g of m[1].match(/.{4}/g) ?? []) text += map.get(Number.parseInt(g, 16)) ?? '';
      }
      out.push(text);
    }
  return out.join('\n');
}

/** SVG texts drawn under 10 px on the page (font size × the SVG's scale). */
const SMALL_TEXT = `[...document.querySelectorAll('.chart-box svg')].flatMap((svg) => { const k = svg.getBoundingClientRect().width / svg.width.baseVal.value; return [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '').map((t) => ({ id: svg.closest('.chart-box').id, text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * k })).filter((x) => x.px < 10); })`;

/** The report's charts as printed on A4: each chart's smallest text (px) and its height (mm). */
const PRINTED = `[...document.querySelectorAll('figure.chart')].map((f) => { const svg = f.querySelector('.chart-box svg'); if (!svg) return { id: f.id, n: 0, mm: 0, small: [] }; const k = svg.getBoundingClientRect().width / svg.width.baseVal.value; const t = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== ''); return { id: f.id, n: t.length, mm: (svg.getBoundingClientRect().height * 25.4) / 96, small: t.map((x) => ({ text: x.textContent, px: parseFloat(getComputedStyle(x).fontSize) * k })).filter((x) => x.px < 9).slice(0, 3) }; })`;

/**
 * On a page in print media laid out at the A4 text width: at least `minCharts` charts hold text, none is drawn
 * under 9 px, and none is taller than the printable height of a page (297 mm less the 14 mm margins: a taller
 * one runs over two pages, and Chromium left a blank page after it).
 */
async function assertPrintsOnA4(page: Page, minCharts: number): Promise<void> {
  const printed = (await page.evaluate(PRINTED)) as { id: string; n: number; mm: number; small: { text: string; px: number }[] }[];
  assert.ok(printed.filter((c) => c.n > 0).length >= minCharts, `charts with text: ${printed.map((c) => `${c.id} ${c.n}`).join(', ')}`);
  assert.deepEqual(
    printed.filter((c) => c.small.length > 0),
    [],
    'chart text under 9 px on A4',
  );
  const tall = printed.filter((c) => c.mm > 297 - 2 * 14).map((c) => `${c.id} ${c.mm.toFixed(0)} mm`);
  assert.deepEqual(tall, [], 'charts taller than an A4 page');
}

/** Pairs of visible, unrotated axis labels of one axis whose boxes overlap (by more than 1 px each way; labels Vega hides for overlap have opacity 0). */
const LABEL_OVERLAPS = `[...document.querySelectorAll('.chart-box svg .role-axis-label')].flatMap((g) => { const r = [...g.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '' && getComputedStyle(t).opacity !== '0' && t.getAttribute('opacity') !== '0' && !/rotate\\((?!0\\))/.test(t.getAttribute('transform') || '')).map((t) => ({ t: t.textContent, b: t.getBoundingClientRect() })); const out = []; for (let i = 0; i < r.length; i++) for (let j = i + 1; j < r.length; j++) { const a = r[i].b, b = r[j].b; if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) out.push(g.closest('.chart-box').id + ': ' + r[i].t + ' / ' + r[j].t); } return out; })`;

async function withBrowser(fn: (b: Browser) => Promise<void>): Promise<void> {
  assert.ok(existsSync(CHROMIUM), `Chromium is required at ${CHROMIUM} for the browser test (apt-get install chromium); CI installs it`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    await fn(browser);
  } finally {
    await browser.close();
  }
}

test('real browser: verdict strip without a gate, per-group TPR and ECE of the recommended arm, text ≥ 10 px at 1,400 px, ROC once', {
  timeout: 120_000,
}, async () => {
  const { url, html, recommendedArm } = reportWithoutGate();
  // The ROC curve points are embedded once (in the chart's data), not repeated in a table.
  const r = fixture();
  const dp = r.arms.find((a) => a.arm === recommendedArm);
  const first = dp?.attacks[0];
  assert.ok(first, 'the recommended arm has an attack');
  const attack = readAttack(first);
  const drawn = thinCurves(rocRows(r).filter((x) => x.arm === recommendedArm && x.series === attack?.attack && x.fpr > 0 && x.tpr > 0));
  assert.ok(drawn.length > 10);
  // The page's data store (packed rows, shared by a chart's wide and phone specs); no spec carries rows of its own.
  const embedded = JSON.parse(
    (html.match(/<script type="application\/json" id="dpaudit-specs">(.*?)<\/script>/s)?.[1] ?? 'null').replace(/\\u003c/g, '<'),
  ) as { data: Record<string, PackedRows>; charts: Record<string, { w: { data: { values?: unknown[] }[] }; n: unknown }> };
  const stores = Object.values(embedded.data).map(unpackRows);
  for (const p of [drawn[Math.floor(drawn.length / 3)], drawn[Math.floor((2 * drawn.length) / 3)]]) {
    const hits = stores.flat().filter((row) => row.fpr === p.fpr && row.tpr === p.tpr && row.arm === p.arm && row.series === p.series);
    assert.equal(hits.length, 1, `ROC point ${JSON.stringify(p)} is embedded once`);
    assert.ok(!html.includes(`"fpr":${p.fpr},"tpr":${p.tpr}`), 'and not as rows anywhere else');
  }
  const rocSpec = embedded.charts.roc;
  assert.ok(rocSpec?.n, 'the ROC chart has a phone layout');
  for (const d of rocSpec.w.data) assert.ok(!d.values || d.values.length < 8, 'the wide spec carries no rows of its own');
  await withBrowser(async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    const strip = (await page.evaluate(
      `(() => { const s = document.querySelector('section#verdict'); const first = document.querySelector('main > section'); return { first: first && first.id, text: s ? s.innerText : '', top: s ? s.getBoundingClientRect().top : -1 }; })()`,
    )) as { first: string; text: string; top: number };
    assert.equal(strip.first, 'verdict', 'the verdict is the first section');
    assert.ok(strip.top >= 0 && strip.top < 400, 'visible without scrolling');
    for (const s of ['Plan conformance', 'One-run ε bound', 'Theory overlay', 'Policy gate', 'NOT RUN', 'dpaudit gate'])
      assert.ok(strip.text.includes(s), `verdict strip shows ${s}`);
    // Per-group table: the recommended arm's TPR and ECE for sex = F, as computed by metrics/fairness.
    const f = dp?.fairness as {
      groupings: { attributes: string[]; groups: { values: Record<string, string>; metrics: Record<string, number> }[] }[];
    };
    const cell = f.groupings.find((g) => g.attributes.join() === 'sex')?.groups.find((g) => g.values.sex === 'F');
    assert.ok(cell);
    const rows = (await page.evaluate(
      `[...document.querySelectorAll('#groups table.groups tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent.trim()))`,
    )) as string[][];
    const row = rows.find((cells) => cells.includes(recommendedArm) && rows.indexOf(cells) <= 1);
    assert.ok(row, 'the first grouping lists the recommended arm');
    const text = row.join(' | ');
    assert.ok(text.includes(cell.metrics.tpr.toFixed(3)), `TPR ${cell.metrics.tpr} in ${text}`);
    assert.ok(text.includes(cell.metrics.ece.toFixed(3)), `ECE ${cell.metrics.ece} in ${text}`);
    // No SVG text drawn smaller than 10 px (font size × the SVG's scale on the page).
    const small = (await page.evaluate(SMALL_TEXT)) as { id: string; text: string; px: number }[];
    assert.deepEqual(small.slice(0, 5), [], `${small.length} SVG text(s) under 10 px`);
    const texts = (await page.evaluate(`document.querySelectorAll('.chart-box svg text').length`)) as number;
    assert.ok(texts > 100, 'the charts hold text');
    // The page script rebuilds the same rows as reports/pack.ts.
    for (const [ref, packed] of Object.entries(embedded.data)) {
      const inPage = await page.evaluate(`window.dpauditUnpackRows(${JSON.stringify(packed)})`);
      assert.deepEqual(inPage, unpackRows(packed), `page unpacks ${ref} as reports/pack.ts does`);
    }
  });
});

test('real browser: no horizontal scroll at 390 px; print shows every numbers table and the PDF holds the per-group numbers', {
  timeout: 120_000,
}, async () => {
  const { url, recommendedArm } = reportWithoutGate();
  await withBrowser(async (browser) => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    await phone.goto(url);
    await phone.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    const w = (await phone.evaluate('[document.documentElement.scrollWidth, document.documentElement.clientWidth]')) as number[];
    assert.ok(w[0] <= w[1], `page ${w[0]} px wide in a ${w[1]} px viewport`);
    // The headline table is a card per arm on a phone: nothing scrolls out of view, and every number carries
    // its column's name.
    const headline = (await phone.evaluate(
      `(() => { const t = document.querySelector('table.headline'); const w = t.closest('.table-wrap'); const cols = [...t.querySelectorAll('thead th')].map((th) => th.textContent); const cells = [...t.querySelectorAll('tbody td')]; return { scroll: w.scrollWidth, client: w.clientWidth, cols, outside: cells.filter((td) => td.getBoundingClientRect().right > innerWidth + 0.5).length, cells: cells.length, labels: cells.filter((td) => td.classList.contains('num')).map((td, i) => [td.getAttribute('data-label'), getComputedStyle(td, '::before').content]) }; })()`,
    )) as { scroll: number; client: number; cols: string[]; outside: number; cells: number; labels: [string, string][] };
    assert.ok(headline.scroll <= headline.client, `headline table ${headline.scroll} px in ${headline.client} px`);
    assert.equal(headline.outside, 0, `${headline.outside} of ${headline.cells} headline cells outside the screen`);
    assert.ok(headline.labels.length >= 2 * (headline.cols.length - 1));
    for (const [label, before] of headline.labels) {
      assert.ok(headline.cols.slice(1).includes(label), label);
      assert.equal(before, JSON.stringify(label));
    }
    // Charts drawn in their phone layout, none scaled so far down that its text falls under 10 px.
    const layouts = (await phone.evaluate(
      `[...document.querySelectorAll('.chart-box')].map((e) => e.getAttribute('data-layout'))`,
    )) as string[];
    assert.ok(layouts.includes('phone'), `phone layouts used: ${layouts.join()}`);
    // No two axis labels of a phone chart overlap (labels split onto one line per part need a tall enough band).
    const overlaps = (await phone.evaluate(LABEL_OVERLAPS)) as string[];
    assert.deepEqual(overlaps.slice(0, 5), [], `${overlaps.length} overlapping axis labels at 390 px`);
    const tiny = (await phone.evaluate(SMALL_TEXT)) as { id: string; text: string; px: number }[];
    assert.deepEqual(tiny.slice(0, 5), [], `${tiny.length} SVG text(s) under 10 px at 390 px`);
    // Widening the window past the breakpoint redraws the charts in their wide layout.
    await phone.setViewportSize({ width: 1200, height: 844 });
    await phone.waitForFunction(
      `[...document.querySelectorAll('.chart-box')].every((e) => e.getAttribute('data-layout') === 'wide')`,
      undefined,
      { timeout: 60_000 },
    );
    await phone.close();

    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    const hidden = (await page.evaluate(
      `[...document.querySelectorAll('figure.chart details table, #groups table')].filter((t) => !t.checkVisibility()).length`,
    )) as number;
    assert.equal(hidden, 0, 'every numbers table is visible in print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pdf).replace(/\s+/g, '');
    const r = fixture();
    const dp = r.arms.find((a) => a.arm === recommendedArm);
    const f = dp?.fairness as { groupings: { groups: { values: Record<string, string>; metrics: Record<string, number> }[] }[] };
    const cell = f.groupings[0].groups.find((g) => g.values.sex === 'M');
    assert.ok(cell);
    for (const k of ['tpr', 'ece', 'fpr'])
      assert.ok(text.includes(cell.metrics[k].toFixed(3)), `PDF holds ${k} ${cell.metrics[k].toFixed(3)}`);
    assert.ok(text.includes('Per-grouptable'), 'PDF holds the per-group heading');
    // The chart tables print too: the per-group attack AUC of the recommended arm (compact table: one column per arm).
    const vuln = vulnerabilityRows(r).find((x) => x.arm === recommendedArm && !x.suppressed && x.auc !== null);
    assert.ok(vuln);
    assert.ok(text.includes(`${recommendedArm}:attackAUC`), 'PDF holds the vulnerability table');
    assert.ok(text.includes(fmt(vuln.auc)), `PDF holds the attack AUC ${fmt(vuln.auc)}`);
    // Few pages: every page holds at least 1,500 characters of text on average (the report is not mostly blank pages).
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 3 && text.length / pages > 1500, `${pages} pages for ${text.length} characters`);
    // Printed on A4, every chart's text is at least 9 px: the page laid out at the A4 text width (210 mm less
    // the 12 mm side margins of report.css's @page) in print media, as Chromium lays it out for the PDF; the
    // charts keep the layout drawn on screen and are scaled to the width (print CSS max-width: 100 %).
    await page.setViewportSize({ width: Math.floor(A4_TEXT_PX), height: 1100 });
    await assertPrintsOnA4(page, 8);
    const roc = (await page.evaluate(
      `(() => { const svg = document.querySelector('#chart-roc svg'); const k = svg.getBoundingClientRect().width / svg.width.baseVal.value; return [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '').map((t) => ({ text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * k })); })()`,
    )) as { text: string; px: number }[];
    assert.ok(roc.length > 20, 'the ROC chart holds text');
    const tinyRoc = roc.filter((x) => x.px < 9);
    assert.deepEqual(tinyRoc.slice(0, 5), [], `${tinyRoc.length} ROC text(s) under 9 px on A4`);
    // The verdicts are a line above the panels, not the panel headers.
    assert.ok(roc.some((x) => x.text.startsWith('Overlay check per arm')));
    for (const a of r.arms)
      assert.ok(
        roc.some((x) => x.text === a.arm),
        `panel header ${a.arm}`,
      );
  });
});

test('real browser: at the standard audit size (7 arms, 4 attacks, 14 groups) every chart prints at 9 px or more and fits one A4 page', {
  timeout: 120_000,
}, async () => {
  const r = standardSizeFixture();
  delete r.gate;
  assert.equal(vulnerabilityRows(r).length, 7 * 4 * 14);
  const file = join(tempDir('dpaudit-layout-std-'), 'report.html');
  writeFileSync(file, renderReport(r));
  await withBrowser(async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: Math.floor(A4_TEXT_PX), height: 1100 });
    await assertPrintsOnA4(page, 9);
  });
});

test('real browser at 390 px: group labels of two and three parts go on one line per part (the phone band grows to hold them), and no axis labels overlap', {
  timeout: 120_000,
}, async () => {
  const r = fixture();
  delete r.gate;
  // Every attack gets a three-way grouping (sex × ethnicity × site): labels "sex = F, ethnicity = A, site = north";
  // with the fixture's 4 arms the wide layout's band is 28 px, room for two lines of 13 px: the phone layout grows it.
  let k = 0;
  for (const a of r.arms)
    for (const raw of a.attacks ?? []) {
      const cells = ['F', 'M'].flatMap((sex) =>
        ['A', 'B'].flatMap((ethnicity) =>
          ['north', 'south'].map((site) => ({
            values: { sex, ethnicity, site },
            suppressed: false,
            n: 200,
            nIn: 500,
            nOut: 500,
            small: false,
            auc: 0.5 + (k++ % 7) / 100,
            tprAtFpr: [],
          })),
        ),
      );
      raw.groups.push({ attributes: ['sex', 'ethnicity', 'site'], cells } as unknown as (typeof raw.groups)[number]);
      // and a two-way one (sex × site): "sex = F, site = north"
      const two = ['F', 'M'].flatMap((sex) =>
        ['north', 'south'].map((site) => ({ ...cells[0], values: { sex, site }, auc: 0.5 + (k++ % 7) / 100 })),
      );
      raw.groups.push({ attributes: ['sex', 'site'], cells: two } as unknown as (typeof raw.groups)[number]);
    }
  const rows = vulnerabilityRows(r).filter((x) => x.group.split(', ').length === 3);
  assert.ok(rows.length >= 8 * r.arms.length, `${rows.length} three-part rows`);
  const file = join(tempDir('dpaudit-layout-3way-'), 'report.html');
  writeFileSync(file, renderReport(r));
  await withBrowser(async (browser) => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
    await phone.goto(pathToFileURL(file).href);
    await phone.waitForSelector('body[data-charts="done"]', { timeout: 60_000 });
    const overlaps = (await phone.evaluate(LABEL_OVERLAPS)) as string[];
    assert.deepEqual(overlaps.slice(0, 5), [], `${overlaps.length} overlapping axis labels at 390 px`);
    // Two-part and three-part labels are split, one line per part.
    const lines = (await phone.evaluate(
      `[...document.querySelectorAll('#chart-vulnerability svg .role-axis-label text')].map((t) => t.querySelectorAll('tspan').length || 1)`,
    )) as number[];
    assert.ok(lines.includes(2), `lines per label: ${[...new Set(lines)].join()}`);
    assert.ok(lines.includes(3), `lines per label: ${[...new Set(lines)].join()}`);
  });
});
