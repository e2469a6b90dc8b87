/** Comparator semantics: whether a value passes, and how far it is from failing (for picking the worst). */
import type { Comparator } from './policy-schema.js';

export function passes(value: number, cmp: Comparator, threshold: number): boolean {
  switch (cmp) {
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
  }
}

/** Signed margin: positive = on the failing side. The worst item has the largest margin. */
export function margin(value: number, cmp: Comparator, threshold: number): number {
  return cmp === '<=' || cmp === '<' ? value - threshold : threshold - value;
}

/** A value known only to lie in [lo, hi] (e.g. a suppressed count): pass, fail or undecidable. */
export function rangeOutcome(lo: number, hi: number, cmp: Comparator, threshold: number): 'pass' | 'fail' | 'unresolved' {
  const a = passes(lo, cmp, threshold);
  const b = passes(hi, cmp, threshold);
  if (a && b) return 'pass';
  if (!a && !b) return 'fail';
  return 'unresolved';
}
