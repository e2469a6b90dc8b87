/**
 * Files the report inlines: vega and vega-embed builds (resolved from node_modules wherever they are
 * installed), the stylesheet and the page script (from reports/templates, found with packagePath
 * from src via tsx and from dist/). Read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { packagePath } from '../src/paths.js';

export interface ReportAssets {
  vega: string;
  vegaEmbed: string;
  css: string;
  boot: string;
}

let cached: ReportAssets | null = null;

/** `build/` folder of an installed package whose main entry lives in build/. */
function buildFile(pkg: string, file: string): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(pkg)), file);
}

/** Inline scripts must not contain "</script" (it would end the element). */
function scriptSafe(code: string, what: string): string {
  if (/<\/script/i.test(code)) throw new Error(`report asset ${what} contains "</script"`);
  return code;
}

export function templatePath(name: string): string {
  return packagePath('reports', 'templates', name);
}

export function loadAssets(): ReportAssets {
  if (cached) return cached;
  cached = {
    vega: scriptSafe(readFileSync(buildFile('vega', 'vega.min.js'), 'utf8'), 'vega.min.js'),
    vegaEmbed: scriptSafe(readFileSync(buildFile('vega-embed', 'vega-embed.min.js'), 'utf8'), 'vega-embed.min.js'),
    css: readFileSync(templatePath('report.css'), 'utf8'),
    boot: scriptSafe(readFileSync(templatePath('boot.js'), 'utf8'), 'boot.js'),
  };
  return cached;
}
