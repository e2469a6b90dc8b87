/**
 * A chart of the report: a Vega-Lite spec plus the same numbers as an accessible table
 * (rendered collapsed under the chart). Cells are plain strings; the template escapes them.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface Table {
  columns: string[];
  rows: string[][];
}

export interface Chart {
  /** DOM id suffix, [a-z0-9-] only. */
  id: string;
  title: string;
  /** One or two sentences on how to read the chart. */
  description: string;
  spec: TopLevelSpec;
  table: Table;
}
