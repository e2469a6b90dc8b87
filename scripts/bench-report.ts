/**
 * Report rendering in a real Chromium: HTML size, time from navigation start to the last chart drawn
 * (`body[data-charts="done"]`, stamped by the report's boot script), and the layout shift while the
 * charts draw (cumulative layout-shift score, and the largest jump in px of any section heading between the
 * page with its reserved chart boxes, JavaScript off, and the page with every chart drawn). `bootMs` is when
 * the page script started (vega parsed), so lastChartMs − bootMs is the drawing itself. mainThreadCpuMs is
 * the CPU time of the page's main thread up to the last chart (Chromium's ThreadTime): close to the wall time
 * an idle machine would give, and far less sensitive to other load than lastChartMs. A last line gives
 * the page count of the printed A4 PDF and each chart's smallest printed text and height. One JSON line per viewport width, median of `--runs` page loads.
 *   node --import tsx scripts/bench-report.ts [results.json | report.html] [--runs 5]
 * Without a file it renders the test fixture (small); pass the standard audit's results.json for the
 * figure that counts (`dpaudit sweep --out DIR`, then DIR/results.json). Uses /usr/bin/chromium
 * (or $CHROMIUM_PATH). Every line carries the machine's idle share and load (bench-util).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderReport } from '../reports/html.js';
import { A4_TEXT_PX } from '../reports/specs/common.js';
import { readResults } from '../src/results/read.js';
import { Window, round } from './bench-util.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

interface Load {
  lastChartMs: number;
  /** CPU time of the page's main thread from navigation to the last chart (plus the few ms of the measurement). */
  cpuMs?: number;
  bootMs: number;
  domContentLoadedMs: number;
  layoutShift: number;
  charts: number;
}

// Section headings' positions relative to the first one (the no-script notice shifts them all alike).
const HEADINGS = `(() => { const y = [...document.querySelectorAll('h2')].map((h) => h.getBoundingClientRect().top + scrollY); return y.map((v) => v - y[0]); })()`;

// Runs in the page before any of its scripts: records layout shifts.
const OBSERVE = `(() => {
  window.__cls = 0;
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  } catch (e) {}
})()`;

const MEASURE = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  return {
    lastChartMs: Number(document.body.getAttribute('data-charts-ms')),
    domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : NaN,
    layoutShift: window.__cls,
    bootMs: Number(document.body.getAttribute('data-boot-ms')),
    charts: document.querySelectorAll('.chart-box[data-rendered="true"]').length,
  };
})()`;

/** CPU time (ms) of the renderer's main thread so far (Chromium's ThreadTime metric). */
async function threadTime(cdp: {
  send(m: 'Performance.getMetrics'): Promise<{ metrics: { name: string; value: number }[] }>;
}): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return 1000 * (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(argv: string[]): Promise<number> {
  const runsAt = argv.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  const file = argv.find((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1));
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    process.stderr.write(`bench-report: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)\n`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dpaudit-bench-report-'));
  try {
    let html: string;
    let source: string;
    if (file?.endsWith('.html')) {
      html = readFileSync(resolve(file), 'utf8');
      source = file;
    } else if (file) {
      const t0 = performance.now();
      html = renderReport(readResults(resolve(file)));
      source = file;
      console.log(JSON.stringify({ name: 'report-render-node', source, ms: round(performance.now() - t0, 0) }));
    } else {
      const { fixture } = await import('../test/reports/fixture.js');
      html = renderReport(fixture());
      source = 'test fixture';
    }
    const path = join(dir, 'report.html');
    writeFileSync(path, html);
    const browser = await chromium.launch({ executablePath, args: ARGS });
    try {
      for (const width of [1400, 390]) {
        const w = new Window();
        const loads: Load[] = [];
        const ctx = await browser.newContext({
          viewport: { width, height: 900 },
          javaScriptEnabled: false,
          ...(width < 600 ? { isMobile: true, deviceScaleFactor: 2 } : {}),
        });
        const still = await ctx.newPage();
        await still.goto(pathToFileURL(path).href);
        const reserved = (await still.evaluate(HEADINGS)) as number[];
        await ctx.close();
        let jump = 0;
        for (let i = 0; i < runs; i++) {
          const page = await browser.newPage({
            viewport: { width, height: 900 },
            ...(width < 600 ? { isMobile: true, deviceScaleFactor: 2 } : {}),
          });
          await page.addInitScript(OBSERVE);
          await page.goto('about:blank');
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          const before = await threadTime(cdp);
          await page.goto(pathToFileURL(path).href);
          await page.waitForSelector('body[data-charts="done"]', { timeout: 120_000 });
          const load = (await page.evaluate(MEASURE)) as Load;
          load.cpuMs = (await threadTime(cdp)) - before;
          loads.push(load);
          const drawn = (await page.evaluate(HEADINGS)) as number[];
          jump = Math.max(jump, ...drawn.map((y, k) => Math.abs(y - (reserved[k] ?? y))));
          await page.close();
        }
        console.log(
          JSON.stringify({
            name: `report-chromium-${width}px`,
            source,
            htmlBytes: Buffer.byteLength(html),
            runs,
            charts: loads[0].charts,
            lastChartMs: round(median(loads.map((l) => l.lastChartMs)), 0),
            lastChartMsAll: loads.map((l) => round(l.lastChartMs, 0)),
            bootMs: round(median(loads.map((l) => l.bootMs)), 0),
            // Main-thread CPU to the last chart: what the wall time would be on an idle machine (one busy thread).
            mainThreadCpuMs: round(median(loads.map((l) => l.cpuMs ?? Number.NaN)), 0),
            domContentLoadedMs: round(median(loads.map((l) => l.domContentLoadedMs)), 0),
            layoutShift: round(Math.max(...loads.map((l) => l.layoutShift)), 4),
            maxHeadingJumpPx: round(jump, 1),
            ...w.close(),
          }),
        );
      }
      // Print: pages of the A4 PDF (Chromium's print layout, as "Save as PDF" makes it).
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(pathToFileURL(path).href);
      await page.waitForSelector('body[data-charts="done"]', { timeout: 120_000 });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      // Each chart as printed: laid out at the A4 text width, its smallest text (px) and its height (mm), as the
      // browser test checks them (at least 9 px; at most a page, 269 mm).
      await page.setViewportSize({ width: Math.floor(A4_TEXT_PX), height: 1100 });
      const charts = (await page.evaluate(
        `Object.fromEntries([...document.querySelectorAll('figure.chart')].flatMap((f) => { const svg = f.querySelector('.chart-box svg'); if (!svg) return []; const k = svg.getBoundingClientRect().width / svg.width.baseVal.value; const px = Math.min(...[...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '').map((t) => parseFloat(getComputedStyle(t).fontSize) * k)); return [[f.id.replace(/^figure-/, ''), { textPx: Math.round(px * 100) / 100, mm: Math.round((svg.getBoundingClientRect().height * 25.4) / 96) }]]; }))`,
      )) as Record<string, { textPx: number; mm: number }>;
      console.log(JSON.stringify({ name: 'report-print-a4', source, pdfPages: pages, pdfBytes: pdf.length, charts }));
    } finally {
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
