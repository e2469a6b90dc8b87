/**
 * Full-page PNG screenshot of a dpaudit HTML report (for the README):
 *   node --import tsx scripts/screenshot-report.ts FILE.html OUT.png [--width 1200]
 * Uses the system Chromium (/usr/bin/chromium, or $CHROMIUM_PATH) through playwright-core and waits
 * until every chart has been drawn.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

async function main(argv: string[]): Promise<number> {
  const widthAt = argv.indexOf('--width');
  const width = widthAt >= 0 ? Number(argv[widthAt + 1]) : 1200;
  const files = argv.filter((a, i) => !a.startsWith('--') && (widthAt < 0 || i !== widthAt + 1));
  if (files.length !== 2 || !Number.isFinite(width) || width < 320) {
    process.stderr.write('usage: screenshot-report.ts FILE.html OUT.png [--width 1200]\n');
    return 2;
  }
  const [input, output] = files.map((f) => resolve(f));
  if (!existsSync(input)) {
    process.stderr.write(`screenshot-report: ${input} does not exist\n`);
    return 2;
  }
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    process.stderr.write(`screenshot-report: no Chromium at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH)\n`);
    return 2;
  }
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(input).href);
    await page.waitForSelector('body[data-charts="done"]', { timeout: 30_000 });
    await page.screenshot({ path: output, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`${output}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
