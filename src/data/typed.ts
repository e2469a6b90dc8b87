/**
 * Typed-array gathers as plain loops: `TypedArray.from(src, fn)` goes through the iterator protocol and a
 * callback per element, which costs seconds on million-row columns.
 */
export function gatherF64(index: ArrayLike<number>, values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i]];
  return out;
}

export function gatherI32(index: ArrayLike<number>, values: ArrayLike<number>): Int32Array {
  const out = new Int32Array(index.length);
  for (let i = 0; i < index.length; i++) out[i] = values[index[i]];
  return out;
}

/** 0, 1, …, n − 1. */
export function iota(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}
