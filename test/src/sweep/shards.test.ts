import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobCost, shardJobs } from '../../../src/sweep/jobs.js';
import type { JobSpec } from '../../../src/sweep/job.js';

const job = (id: string, kind: 'models' | 'canary', steps: number, fleetModels: number): JobSpec =>
  ({ id, kind, seedIndex: 0, plan: { steps } as JobSpec['plan'], fleetModels, masks: 'bernoulli', canaries: 0 }) as JobSpec;

test('shards are balanced by estimated cost, cover every job once, and are deterministic', () => {
  // models jobs (cost 9 × steps) and canary jobs (cost 1 × steps) alternate, as buildJobs lists them
  const jobs: JobSpec[] = [];
  for (let a = 0; a < 5; a++) jobs.push(job(`m${a}`, 'models', 100, 16), job(`c${a}`, 'canary', 100, 0));
  const n = 2;
  const parts = Array.from({ length: n }, (_, i) => shardJobs(jobs, { index: i + 1, count: n }));
  assert.deepEqual(
    parts
      .flat()
      .map((j) => j.id)
      .sort(),
    jobs.map((j) => j.id).sort(),
  );
  const cost = parts.map((p) => p.reduce((s, j) => s + jobCost(j), 0));
  const total = cost[0] + cost[1];
  // greedy longest-first on 5 × 900 + 5 × 100: the heavier shard carries at most 900 more than the lighter
  assert.ok(Math.max(...cost) - Math.min(...cost) <= 900, cost.join(' vs '));
  // the old round-robin (k mod n) put every models job on shard 1: 4500 vs 500
  const rr = [0, 1].map((s) => jobs.filter((_, k) => k % n === s).reduce((a, j) => a + jobCost(j), 0));
  assert.deepEqual(rr, [4500, 500]);
  assert.ok(Math.max(...cost) < 0.6 * total);
  assert.deepEqual(shardJobs(jobs, { index: 1, count: 2 }), parts[0]);
});
