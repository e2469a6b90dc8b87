/**
 * The HTML audit report: one self-contained file, vega and vega-embed inlined, Vega-Lite
 * specs pre-compiled to Vega in Node, no network request (enforced by a Content-Security-Policy that
 * allows only the page's own inline scripts, by hash). Data-derived strings reach the page only through
 * Handlebars `{{ }}` (HTML-escaped) or `jsonForScript` (script-safe JSON).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import type { ResultsV1 } from '../src/results/types.js';
import { loadAssets, templatePath } from './assets.js';
import { buildCharts, chartList } from './charts.js';
import { compileSpec } from './compile.js';

export { warmUpCompiler } from './compile.js';
import { jsonForScript } from './escape.js';
import { estimateChartSize } from './size.js';
import { narrowSpec } from './narrow.js';
import { packSpecData, type PackedRows } from './pack.js';
import { buildChecklist } from './sections/checklist.js';
import { buildConventions } from './sections/conventions.js';
import { buildData } from './sections/data.js';
import { buildGate } from './sections/gate.js';
import { buildFederation } from './sections/federation.js';
import { buildGroups } from './sections/groups.js';
import { buildModelCard } from './sections/model-card.js';
import { buildVerdict } from './sections/verdict.js';
import { buildSummary } from './sections/summary.js';

export interface RenderOptions {
  /** Report title (default: the dataset file name). */
  title?: string;
  /** Called with Vega-Lite compile warnings (default: ignored). */
  onWarning?: (chartId: string, message: string) => void;
}

type Template = (context: unknown) => string;
let compiled: Template | null = null;

function template(): Template {
  if (compiled) return compiled;
  const hb = Handlebars.create();
  // `inline` is for trusted static assets only (library code, CSS, boot script); data never goes through it.
  hb.registerHelper('inline', (text: unknown) => new hb.SafeString(typeof text === 'string' ? text : ''));
  hb.registerHelper('jsonScript', (value: unknown) => new hb.SafeString(jsonForScript(value)));
  for (const [name, file] of [
    ['chart', 'chart.hbs'],
    ['table', 'table.hbs'],
    ['chartOrMissing', 'chart-or-missing.hbs'],
  ] as const) {
    hb.registerPartial(name, readFileSync(templatePath(file), 'utf8'));
  }
  compiled = hb.compile(readFileSync(templatePath('report.hbs'), 'utf8'), { strict: false, knownHelpersOnly: false });
  return compiled;
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** CSP allowing exactly the given inline scripts; Vega's expression compiler needs 'unsafe-eval'. */
export function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  return [
    "default-src 'none'",
    `script-src ${inlineScripts.map(sha256).join(' ')} 'unsafe-eval'`,
    "style-src 'unsafe-inline'",
    'img-src data: blob:',
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderReport(results: ResultsV1, options: RenderOptions = {}): string {
  const assets = loadAssets();
  const built = buildCharts(results);
  // Per chart: the wide spec and, when it differs, the phone spec (both pre-compiled Vega); their inline
  // data are packed into one store shared by the page (reports/pack.ts), so each data set is embedded once.
  const data: Record<string, PackedRows> = {};
  const specs: Record<string, { w: unknown; n: unknown }> = {};
  const charts: Record<string, unknown> = {};
  for (const [slot, c] of Object.entries(built)) {
    if (!c) {
      charts[slot] = null;
      continue;
    }
    const wide = compileSpec(c.spec);
    for (const w of wide.warnings) options.onWarning?.(c.id, w);
    const phone = narrowSpec(c.spec);
    const narrow = phone ? compileSpec(phone).spec : null;
    packSpecData(wide.spec, data);
    if (narrow) packSpecData(narrow, data);
    specs[c.id] = { w: wide.spec, n: narrow };
    const size = estimateChartSize(c.spec);
    const small = phone ? estimateChartSize(phone) : size;
    // Reserved box heights (no layout jump while the charts draw): the wide chart's height, scaled with the
    // width where the page is narrower than the chart; the phone chart's height under the phone breakpoint.
    const w = Math.min(1056, size.width);
    charts[slot] = {
      ...c,
      boxStyle: `--h-w:min(${size.height}px, ${((100 * size.height) / w).toFixed(2)}vw);--h-n:${small.height}px`,
    };
  }
  void chartList;
  const context = {
    title: options.title ?? results.dataset.file.split(/[\\/]/).pop() ?? 'dataset',
    version: results.tool.version,
    createdAt: results.createdAt,
    csp: contentSecurityPolicy([assets.vega, assets.vegaEmbed, assets.boot]),
    css: assets.css,
    vega: assets.vega,
    vegaEmbed: assets.vegaEmbed,
    boot: assets.boot,
    verdict: buildVerdict(results),
    groups: buildGroups(results),
    modelCard: buildModelCard(results),
    gate: buildGate(results),
    summary: buildSummary(results),
    checklist: buildChecklist(results),
    data: buildData(results),
    conventions: buildConventions(results),
    federation: buildFederation(results),
    charts,
    specs: { data, charts: specs },
  };
  return template()(context);
}
