/**
 * The common discretisation grid of the PRV accountant: n (a power of 2) points
 * t_k = (k − n/2)·h + shift, k = 0..n−1. Bin k is (t_k − h/2, t_k + h/2].
 * Aligning the index origin at n/2 lets T-fold cyclic convolution land back on the same lattice:
 * a sum of T grid values with indices k_1..k_T sits at index Σk_j − (T − 1)·n/2.
 */
export interface Grid {
  size: number;
  mesh: number;
}

export function gridPoint(grid: Grid, k: number, shift = 0): number {
  return (k - grid.size / 2) * grid.mesh + shift;
}
