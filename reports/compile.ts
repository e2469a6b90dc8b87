/**
 * Vega-Lite → Vega in Node, so that the page needs only vega (not vega-lite): the report stays
 * small and the browser does no spec compilation. Warnings are collected, errors thrown.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Spec as VegaSpec } from 'vega';

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
