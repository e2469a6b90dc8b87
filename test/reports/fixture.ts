import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../helpers/cli.js';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { compileSpec } from '../../reports/compile.js';
import type { ResultsV1 } from '../../src/results/types.js';

export const FIXTURE_PATH = join(projectRoot, 'test', 'fixtures', 'results-v1.json');

/** A fresh deep copy of the results.json v1 fixture (tests may mutate it). */
export function fixture(): ResultsV1 {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as ResultsV1;
}

export const XSS_STRINGS = ['<script>alert(1)</script>', '</script>', '{{x}}', '<img src=x onerror="window.__xss=1">'];

/** A Vega-Lite spec compiled as the report compiles it and rendered to SVG in Node, with vega-lite's compile warnings and Vega's runtime warnings. */
export async function renderSvg(vl: TopLevelSpec): Promise<{ svg: string; compileWarnings: string[]; runtimeWarnings: string[] }> {
  const { spec, warnings } = compileSpec(vl);
  const runtimeWarnings: string[] = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: readonly unknown[]) => {
    runtimeWarnings.push(args.map(String).join(' '));
    return logger;
  };
  const view = new vega.View(vega.parse(spec), { renderer: 'none', logger });
  const svg = await view.toSVG();
  view.finalize();
  return { svg, compileWarnings: warnings, runtimeWarnings };
}
