/**
 * Shared pieces of the report's Vega-Lite specs: schema URL, config (fonts, sizes), the ε axis
 * (log scale) and the arm colour encoding. Field names are fixed identifiers chosen here; data-derived
 * strings only ever appear as values (never as field names, which Vega would parse as paths).
 */
import type { Config } from 'vega-lite/types_unstable/config.js';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/layer.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';
import type { ArmResult, ResultsV1 } from '../../src/results/types.js';
import { armScale, type ArmScale } from '../colors.js';

export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

export const CONFIG: Config = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  title: { fontSize: 13, anchor: 'start', fontWeight: 600 },
  axis: { labelFontSize: 11, titleFontSize: 11, grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 },
  header: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  view: { stroke: '#cccccc' },
  background: 'white',
};

/** The text width of report.css's A4 print page (210 mm less its 12 mm side margins) in CSS px: 703. */
export const A4_TEXT_PX = ((210 - 2 * 12) * 96) / 25.4;
/** Smallest text a printed chart may have (px); the charts' text is 11 px (CONFIG). */
export const PRINT_MIN_TEXT_PX = 9;
/**
 * Widest natural chart width (px) whose 11 px text prints at PRINT_MIN_TEXT_PX or more on A4: a chart wider
 * than A4_TEXT_PX is scaled down to it (703 × 11 / 9 ≈ 859).
 */
export const PRINT_WIDTH = Math.floor((A4_TEXT_PX * 11) / PRINT_MIN_TEXT_PX);
/** Widest legend label under a chart (px); the table under the chart has every label in full. */
const BELOW_LABEL_LIMIT = 160;

/**
 * CONFIG with the legend under the plot, as many entries a row as fit in the print width: for the faceted
 * charts, whose legend beside the panels made them 880–1,070 px wide, so that printed at the A4 text width their
 * 11 px text was scaled to 7.3–8.8 px. `labels` are the legend's entries (their length sets the columns: about
 * 6.5 px a character at 11 px, plus the symbol and gap). The phone layout (narrow.ts) replaces this legend
 * config with its own.
 */
export function configLegendBelow(labels: readonly string[]): Config {
  const widest = Math.min(BELOW_LABEL_LIMIT, Math.max(1, ...labels.map((l) => l.length)) * 6.5);
  // The legend's title sits to its left (about 70 px).
  const columns = Math.max(1, Math.min(labels.length, Math.floor((PRINT_WIDTH - 70) / (widest + 30))));
  return {
    ...CONFIG,
    legend: {
      ...CONFIG.legend,
      orient: 'bottom',
      direction: 'horizontal',
      columns,
      labelLimit: BELOW_LABEL_LIMIT,
      titleOrient: 'left',
      symbolLimit: 0,
      // Two legends (the ε lower-bound chart's bound and attack) one above the other, not side by side: Vega's
      // legend layout, passed through by Vega-Lite but absent from its config type.
      ...({ layout: { bottom: { anchor: 'start', direction: 'vertical' } } } as object),
    },
  };
}

export function armColorScale(results: ResultsV1): ArmScale {
  return armScale(results.arms);
}

export function dpArms(results: ResultsV1): ArmResult[] {
  return results.arms.filter((a) => a.kind === 'dp' && a.epsilon !== null).sort((a, b) => (a.epsilon ?? 0) - (b.epsilon ?? 0));
}

export function referenceArms(results: ResultsV1): ArmResult[] {
  return results.arms.filter((a) => a.kind === 'nondp' || a.kind === 'cliponly');
}

/** Domain of the ε axis, padded on a log scale. */
export function epsilonDomain(results: ResultsV1): [number, number] {
  const eps = dpArms(results).map((a) => a.epsilon as number);
  if (eps.length === 0) return [0.1, 10];
  const lo = Math.min(...eps);
  const hi = Math.max(...eps);
  return [lo / 1.5, hi * 1.5];
}

/** Stable slug for a label (chart ids). */
export function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}

/**
 * The layers of a "metric vs ε" panel: the non-DP value as a dashed horizontal rule, the DP arms' 95 % CI
 * as vertical bars, and the DP arms as a line with points. Rows carry `kind`, `epsilon`, `value`, `lo`, `hi`.
 */
export function epsilonPanelLayers(opts: {
  x: object;
  yTitle: string;
  yScale?: object;
  color: object;
  tooltip: object[];
}): LayerSpec<Field>['layer'] {
  const { x, color, tooltip } = opts;
  const layers = [
    {
      transform: [{ filter: "datum.kind === 'nondp'" }],
      mark: { type: 'rule', strokeDash: [6, 4] },
      encoding: {
        y: { field: 'value', type: 'quantitative', title: opts.yTitle, ...(opts.yScale ? { scale: opts.yScale } : {}) },
        color,
        tooltip,
      },
    },
    {
      transform: [{ filter: "datum.kind === 'dp' && isValid(datum.lo) && isValid(datum.hi)" }],
      mark: { type: 'rule' },
      encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, tooltip },
    },
    {
      transform: [{ filter: "datum.kind === 'dp'" }],
      mark: { type: 'line', point: { filled: true, size: 40 } },
      encoding: { x, y: { field: 'value', type: 'quantitative' }, color, tooltip },
    },
  ];
  return layers as UnitSpec<Field>[];
}
