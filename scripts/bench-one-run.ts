/**
 * One-run audit analysis timings (docs/methods.md#one-run-audit, #f-dp-one-run): one ε_lb of the
 * Steinke–Nasr–Jagielski bound, the per-target fleet bound, the f-DP blow-up inverse of an accountant's
 * profile, and a whole auditOneRun with a profile. One JSON line per figure with the machine's idle share.
 * Usage: node --import tsx scripts/bench-one-run.ts [repeats]
 */
import { createAccountant } from '../src/privacy/registry.js';
import { profileBlowUpInverse } from '../metrics/fdp-one-run.js';
import { auditOneRun, fleetTargetBound } from '../metrics/one-run-audit.js';
import { oneRunEpsilon } from '../metrics/one-run.js';
import { Rng } from '../src/random/rng.js';
import { Window } from './bench-util.js';

const repeats = Number(process.argv[2] ?? 20);

/** δ of call k: distinct per call so that oneRunEpsilon's memo never answers (each call does the full work). */
const deltaOf = (k: number) => 1e-5 * (1 + 1e-9 * k);

function timed(name: string, fn: (k: number) => unknown, extra: Record<string, unknown> = {}): void {
  fn(-1); // warm-up (JIT, module state)
  const w = new Window();
  for (let k = 0; k < repeats; k++) fn(k);
  const c = w.close();
  console.log(JSON.stringify({ name, msPerCall: +((c.wallSeconds * 1000) / repeats).toFixed(2), repeats, ...extra, ...c }));
}

timed('one-run-epsilon', (k) => oneRunEpsilon(100000, 1000, 900, deltaOf(k)), { m: 100000, r: 1000, v: 900, delta: 1e-5 });

const M = 4;
const n = 4700;
const scores = new Float64Array(M * n);
const isMember = new Uint8Array(M * n);
const rng = Rng.from('bench-one-run');
for (let i = 0; i < M * n; i++) {
  isMember[i] = rng.next() < 0.5 ? 1 : 0;
  scores[i] = rng.normal() + (isMember[i] ? 0.5 : 0);
}
timed(
  'one-run-fleet-target-bound',
  (k) => fleetTargetBound(scores, isMember, M, { attack: 'lira', delta: deltaOf(k), claimedEpsilon: 1 }),
  {
    targets: M,
    rows: n,
  },
);

// A fresh profile per call: profileBlowUpInverse memoises per profile object.
const acc = createAccountant('prv');
acc.step(1.1, 256 / 4700, 2000);
const prv = acc.profile();
timed('one-run-profile-blow-up-inverse-prv', () => profileBlowUpInverse({ delta: (e) => prv.delta(e), method: prv.method }), {
  sigma: 1.1,
  q: +(256 / 4700).toFixed(4),
  steps: 2000,
});

const m = 20000;
const s = new Float64Array(m);
const inc = new Uint8Array(m);
for (let i = 0; i < m; i++) {
  inc[i] = rng.next() < 0.5 ? 1 : 0;
  s[i] = rng.normal() + (inc[i] ? 1 : 0);
}
timed(
  'one-run-audit-gradient-with-profile',
  (k) => auditOneRun(s, inc, { delta: deltaOf(k), canaryKind: 'gradient', claimedEpsilon: 4, profile: prv, testAlpha: 0.0125 }),
  { m },
);
timed(
  'one-run-audit-ood-with-profile',
  (k) => auditOneRun(s, inc, { delta: deltaOf(k), canaryKind: 'ood', claimedEpsilon: 4, profile: prv, testAlpha: 0.0125 }),
  {
    m,
  },
);
