/**
 * Vega-Lite → Vega in Node, so that the page needs only vega (not vega-lite): the report stays
 * small and the browser does no spec compilation. Warnings are collected, errors thrown.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Spec as VegaSpec } from 'vega';
import { CONFIG, VL_SCHEMA } from './specs/common.js';

export interface Compiled {
  spec: VegaSpec;
  warnings: string[];
}

export function compileSpec(spec: TopLevelSpec): Compiled {
  const warnings: string[] = [];
  let level = 0;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]): never {
      throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  const out = compile(spec, { logger: logger as never });
  return { spec: out.spec, warnings };
}

/**
 * Compile a small spec that uses what the report's charts use (facets, layers of rule, point, line, tick, rect and
 * text marks, log scales, transforms, independent scales, the report's config), and throw the result away. The
 * first compile in a process costs several times the later ones (vega-lite's code is compiled on first use); a
 * sweep calls this while its pool finishes the last analyses, so that the report's compiles are the cheap ones.
 */
export function warmUpCompiler(): Compiled {
  const values = Array.from({ length: 12 }, (_, i) => ({
    x: 0.5 * 2 ** (i % 5),
    y: (i % 7) / 7,
    lo: (i % 7) / 8,
    hi: (i % 7) / 6,
    g: `g${i % 3}`,
    p: `p${i % 2}`,
  }));
  const x = { field: 'x', type: 'quantitative' as const, scale: { type: 'log' as const } };
  const y = { field: 'y', type: 'quantitative' as const, scale: { zero: false } };
  const color = { field: 'g', type: 'nominal' as const, legend: { title: 'group' } };
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    config: CONFIG,
    data: { values },
    transform: [{ filter: 'datum.y >= 0' }, { calculate: 'datum.hi - datum.lo', as: 'w' }],
    facet: { column: { field: 'p', type: 'nominal', header: { title: null } } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 120,
      height: 80,
      layer: [
        { mark: { type: 'rule' }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
        { mark: { type: 'line', point: true }, encoding: { x, y, color, tooltip: [{ field: 'w', type: 'quantitative', format: '.3f' }] } },
        { mark: { type: 'tick' }, encoding: { x, y, color } },
        {
          mark: { type: 'rect', opacity: 0.1 },
          encoding: { x, x2: { field: 'x' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
        },
        { mark: { type: 'text', dy: -6 }, encoding: { x, y, text: { field: 'g', type: 'nominal' } } },
        { mark: { type: 'point', shape: 'diamond' }, encoding: { x, y, shape: color } },
      ],
    },
  };
  return compileSpec(spec);
}
