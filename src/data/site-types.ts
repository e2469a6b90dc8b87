/**
 * The data side of the federated seam (docs/methods.md#federated): how records are spread over sites. Re-exported
 * by src/train/federated/types.ts, where the rest of the seam lives.
 */

/** How the records are spread over sites. */
export type SiteSource =
  | { kind: 'column'; column: string }
  | { kind: 'split'; k: number; split: { kind: 'iid' } | { kind: 'dirichlet'; alpha: number } };

/** The site of every prepared row (the same for all rows of one patient). */
export interface SiteAssignment {
  source: SiteSource;
  /** Site names in site order (column levels, or `site-1` … `site-k`). */
  names: string[];
  /** Site index of every prepared dataset row. */
  siteOfRow: Int32Array;
  /** Data notes (e.g. patients whose rows were at several sites). */
  warnings?: string[];
}
