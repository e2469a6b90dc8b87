/**
 * The complementary error function erfc(x) = 1 − erf(x), by the rational approximations of fdlibm's s_erf.c
 * (Sun Microsystems, 1993: "Permission to use, copy, modify, and distribute this software is freely granted,
 * provided that this notice is preserved"), the same coefficients and the same order of operations as
 * @stdlib/math-base-special-erfc, but with the engine's Math.exp (also fdlibm's e_exp.c) in place of a second
 * exp written in JavaScript: the same values (test/src/math/erfc.test.ts compares about 460 000 arguments over every
 * branch with @stdlib's) at less cost (`npm run bench -- kernels`, line erfc-2^18). The PRV accountant evaluates it
 * twice per grid point and direction of every composition (docs/methods.md#prv).
 */
const TINY = 1.0e-300;
const SMALL = 1.3877787807814457e-17; // 2^-56
const ERX = 0.8450629115104675;
const PPC = 0.12837916709551256;
const PAC = -0.0023621185607526594;
const RAC = -0.009864944034847148;
const RBC = -0.0098649429247001;

function pp(x: number): number {
  if (x === 0.0) return -0.3250421072470015;
  return -0.3250421072470015 + x * (-0.02848174957559851 + x * (-0.005770270296489442 + x * -0.000023763016656650163));
}
function qq(x: number): number {
  if (x === 0.0) return 0.39791722395915535;
  return (
    0.39791722395915535 +
    x * (0.0650222499887673 + x * (0.005081306281875766 + x * (0.00013249473800432164 + x * -0.000003960228278775368)))
  );
}
function pa(x: number): number {
  if (x === 0.0) return 0.41485611868374833;
  return (
    0.41485611868374833 +
    x *
      (-0.3722078760357013 +
        x * (0.31834661990116175 + x * (-0.11089469428239668 + x * (0.035478304325618236 + x * -0.002166375594868791))))
  );
}
function qa(x: number): number {
  if (x === 0.0) return 0.10642088040084423;
  return (
    0.10642088040084423 +
    x * (0.540397917702171 + x * (0.07182865441419627 + x * (0.12617121980876164 + x * (0.01363708391202905 + x * 0.011984499846799107))))
  );
}
function ra(x: number): number {
  if (x === 0.0) return -0.6938585727071818;
  return (
    -0.6938585727071818 +
    x *
      (-10.558626225323291 +
        x *
          (-62.375332450326006 + x * (-162.39666946257347 + x * (-184.60509290671104 + x * (-81.2874355063066 + x * -9.814329344169145)))))
  );
}
function sa(x: number): number {
  if (x === 0.0) return 19.651271667439257;
  return (
    19.651271667439257 +
    x *
      (137.65775414351904 +
        x *
          (434.56587747522923 +
            x *
              (645.3872717332679 +
                x * (429.00814002756783 + x * (108.63500554177944 + x * (6.570249770319282 + x * -0.0604244152148581))))))
  );
}
function rb(x: number): number {
  if (x === 0.0) return -0.799283237680523;
  return (
    -0.799283237680523 +
    x * (-17.757954917754752 + x * (-160.63638485582192 + x * (-637.5664433683896 + x * (-1025.0951316110772 + x * -483.5191916086514))))
  );
}
function sb(x: number): number {
  if (x === 0.0) return 30.33806074348246;
  return (
    30.33806074348246 +
    x *
      (325.7925129965739 +
        x * (1536.729586084437 + x * (3199.8582195085955 + x * (2553.0504064331644 + x * (474.52854120695537 + x * -22.44095244658582)))))
  );
}

// x with the low 32 bits of its representation cleared (fdlibm's SET_LOW_WORD(z, 0)).
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // index of the low word
function clearLowWord(x: number): number {
  f64[0] = x;
  u32[LOW] = 0;
  return f64[0];
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0.0;
  if (x === Number.NEGATIVE_INFINITY) return 2.0;
  if (x === 0.0) return 1.0;
  const sign = x < 0.0;
  const ax = sign ? -x : x;
  if (ax < 0.84375) {
    if (ax < SMALL) return 1.0 - x;
    const z = x * x;
    const r = PPC + z * pp(z);
    const s = 1.0 + z * qq(z);
    const y = r / s;
    if (x < 0.25) return 1.0 - (x + x * y);
    let u = x * y;
    u += x - 0.5;
    return 0.5 - u;
  }
  if (ax < 1.25) {
    const s = ax - 1.0;
    const p = PAC + s * pa(s);
    const q = 1.0 + s * qa(s);
    if (sign) return 1.0 + ERX + p / q;
    return 1.0 - ERX - p / q;
  }
  if (ax < 28.0) {
    let s = 1.0 / (ax * ax);
    let r: number;
    if (ax < 2.857142857142857) {
      r = RAC + s * ra(s);
      s = 1.0 + s * sa(s);
    } else {
      if (x < -6.0) return 2.0 - TINY;
      r = RBC + s * rb(s);
      s = 1.0 + s * sb(s);
    }
    const z = clearLowWord(ax);
    r = Math.exp(-(z * z) - 0.5625) * Math.exp((z - ax) * (z + ax) + r / s);
    if (sign) return 2.0 - r / ax;
    return r / ax;
  }
  if (sign) return 2.0 - TINY;
  return TINY * TINY;
}
