/**
 * Standard normal variates by the ziggurat method (Marsaglia & Tsang 2000, 128 layers), exact up to the
 * resolution of the uniforms. The layer index and the sign/value come from independent random bits (the
 * original ZIGNOR shares them, a known flaw). About 5× faster than the polar method; used for DP noise.
 */
const R = 3.442619855899;
const V = 9.91256303526217e-3;
export const kn = new Uint32Array(128);
export const wn = new Float64Array(128);
export const fn = new Float64Array(128);
{
  const m1 = 2147483648.0;
  let dn = R;
  let tn = dn;
  const q = V / Math.exp(-0.5 * dn * dn);
  kn[0] = Math.floor((dn / q) * m1);
  kn[1] = 0;
  wn[0] = q / m1;
  wn[127] = dn / m1;
  fn[0] = 1.0;
  fn[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2.0 * Math.log(V / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = Math.floor((dn / tn) * m1);
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
}

export interface U32Source {
  nextU32(): number;
  next(): number;
}

/** One standard normal from a uint32 source. */
export function zigguratNormal(src: U32Source): number {
  for (;;) {
    const hz = src.nextU32() | 0; // signed 32-bit: sign and magnitude
    const iz = src.nextU32() & 127; // independent layer index
    const abs = hz < 0 ? -hz : hz;
    if (abs < kn[iz]) return hz * wn[iz];
    if (iz === 0) {
      // tail beyond R
      let x: number, y: number;
      do {
        x = -Math.log(1 - src.next()) / R;
        y = -Math.log(1 - src.next());
      } while (y + y < x * x);
      return hz > 0 ? R + x : -R - x;
    }
    const x = hz * wn[iz];
    if (fn[iz] + src.next() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
  }
}

/**
 * The rest of zigguratNormal after its first two draws (hz signed, iz layer) missed the fast path
 * (|hz| ≥ kn[iz]): the same numbers as zigguratNormal, for callers that inline the fast path.
 */
export function zigguratAfterMiss(src: U32Source, hz: number, iz: number): number {
  if (iz === 0) {
    let x: number, y: number;
    do {
      x = -Math.log(1 - src.next()) / R;
      y = -Math.log(1 - src.next());
    } while (y + y < x * x);
    return hz > 0 ? R + x : -R - x;
  }
  const x = hz * wn[iz];
  if (fn[iz] + src.next() * (fn[iz - 1] - fn[iz]) < Math.exp(-0.5 * x * x)) return x;
  return zigguratNormal(src);
}
