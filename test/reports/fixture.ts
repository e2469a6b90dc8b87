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

/**
 * The fixture at the size of the standard audit on the embedded data: 7 arms (non-DP, clip-only, DP at ε =
 * 0.5, 1, 2, 4, 8), 4 attacks, 14 groups (sex, age group and their intersections). Every arm is a copy of the
 * fixture's first DP arm with its name, kind and ε changed; the attacks' per-group AUCs are made up (0.50–0.58).
 */
export function standardSizeFixture(): ResultsV1 {
  const r = fixture();
  const dp = r.arms.find((a) => a.kind === 'dp');
  const attack = dp?.attacks?.[0];
  if (!dp || !attack) throw new Error('the fixture has no DP arm with an attack');
  const sexes = ['F', 'M'];
  const ages = ['50-59', '60-69', '70-79', '80+'];
  let k = 0;
  const cell = (values: Record<string, string>) => ({
    values,
    suppressed: false,
    n: 400,
    nIn: 1000,
    nOut: 1000,
    small: false,
    auc: 0.5 + (k++ % 9) / 100,
    tprAtFpr: [],
  });
  const groups = () => [
    { attributes: ['sex'], cells: sexes.map((s) => cell({ sex: s })) },
    { attributes: ['age_group'], cells: ages.map((a) => cell({ age_group: a })) },
    { attributes: ['sex', 'age_group'], cells: sexes.flatMap((s) => ages.map((a) => cell({ sex: s, age_group: a }))) },
  ];
  const names = ['nondp', 'cliponly', 'dp@0.5', 'dp@1', 'dp@2', 'dp@4', 'dp@8'];
  r.arms = names.map((arm, i) => {
    const a = structuredClone(dp);
    a.arm = arm;
    a.kind = i === 0 ? 'nondp' : i === 1 ? 'cliponly' : 'dp';
    a.epsilon = i < 2 ? null : Number(arm.slice(3));
    a.attacks = ['loss', 'lira-online', 'lira-offline', 'rmia-online'].map((name) => ({
      ...structuredClone(attack),
      attack: name,
      groups: groups() as unknown as typeof attack.groups,
    }));
    return a;
  });
  return r;
}
