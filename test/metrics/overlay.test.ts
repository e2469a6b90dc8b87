import { test } from 'node:test';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { SortedScores } from '../../metrics/empirical-epsilon.js';
import { overlayCurve, profileTradeoff, tprMaxEpsDelta, tprMaxGdp, tradeoffFrom, violationCheck } from '../../metrics/overlay.js';
import { Rng } from '../../src/random/rng.js';

const Phi = (x: number): number => normalCdf(x, 0, 1);
const fprs = [0, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.3, 0.5, 0.9, 1];

test('(ε, δ) region: min{1, e^ε FPR + δ, 1 − e^−ε (1 − δ − FPR)}', () => {
  assert.ok(Math.abs(tprMaxEpsDelta(0.01, 1, 1e-5) - (Math.E * 0.01 + 1e-5)) < 1e-15);
  assert.ok(Math.abs(tprMaxEpsDelta(0.5, 1, 0) - (1 - 0.5 / Math.E)) < 1e-15);
  assert.equal(tprMaxEpsDelta(0, 2, 0.001), 0.001);
  assert.equal(tprMaxEpsDelta(1, 2, 0), 1);
});

test('μ-GDP curve Φ(Φ⁻¹(FPR) + μ) and labelled an approximation', () => {
  assert.ok(Math.abs(tprMaxGdp(0.1, 1) - Phi(normalQuantile(0.1, 0, 1) + 1)) < 1e-15);
  assert.equal(tradeoffFrom({ kind: 'gdp', mu: 1 }).approximation, true);
});

test('profile of exact μ-GDP gives Φ(Φ⁻¹(FPR) + μ)', () => {
  for (const mu of [0.5, 1, 2]) {
    const profile = { method: 'exact μ-GDP', delta: (e: number) => Phi(-e / mu + mu / 2) - Math.exp(e) * Phi(-e / mu - mu / 2) };
    const t = profileTradeoff(profile);
    for (const f of fprs) {
      const exact = f === 0 ? 0 : f === 1 ? 1 : Phi(normalQuantile(f, 0, 1) + mu);
      assert.ok(Math.abs(t.tprMax(f) - exact) < 1e-3, `μ ${mu} FPR ${f}: ${t.tprMax(f)} vs ${exact}`);
    }
  }
});

test('profile of pure ε-DP (randomized response) gives the (ε, 0) region', () => {
  const eps = 1.3;
  const profile = { method: 'RR', delta: (e: number) => Math.max(0, (Math.exp(eps) - Math.exp(e)) / (1 + Math.exp(eps))) };
  const t = profileTradeoff(profile);
  for (const f of fprs) assert.ok(Math.abs(t.tprMax(f) - tprMaxEpsDelta(f, eps, 0)) < 1e-3, `FPR ${f}`);
});

test('overlay curve: log-spaced FPRs, starts at 0', () => {
  const c = overlayCurve(tradeoffFrom({ kind: 'eps-delta', epsilon: 1, delta: 1e-5 }), 20);
  assert.equal(c.length, 21);
  assert.equal(c[0].fpr, 0);
  assert.ok(Math.abs(c[c.length - 1].fpr - 1) < 1e-12);
});

function gaussian(seed: number, muTrue: number, n: number): SortedScores {
  const rng = new Rng(seed);
  const s: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < n; i++) {
    const member = i % 2;
    s.push(rng.normal() + muTrue * member);
    m.push(member);
  }
  return new SortedScores(s, m);
}

test('violation check: honest Gaussian not flagged, 4× under-noised one flagged', () => {
  const claim = tradeoffFrom({ kind: 'gdp', mu: 1 });
  const ok = violationCheck(gaussian(1, 1, 20000), claim);
  assert.equal(ok.violated, false);
  assert.equal(ok.thresholdsTested, 100);
  const broken = violationCheck(gaussian(1, 4, 20000), claim);
  assert.equal(broken.violated, true);
  const w = broken.worstPoint!;
  assert.ok(w.tprLb > w.tprMax && w.fprUb >= w.fpr && w.tprLb <= w.tpr);
  assert.ok(Math.abs(w.tprMax - claim.tprMax(w.fprUb)) < 1e-15);
});

test('violation check against ε = 0: perfect separation is a violation', () => {
  const s = Array.from({ length: 200 }, (_, i) => i);
  const m = s.map((i) => (i >= 100 ? 1 : 0));
  const v = violationCheck(new SortedScores(s, m), tradeoffFrom({ kind: 'eps-delta', epsilon: 0, delta: 0 }));
  assert.equal(v.violated, true);
  assert.match(v.method, /Bonferroni/);
});
