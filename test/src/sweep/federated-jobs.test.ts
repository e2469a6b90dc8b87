import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/data/dataset.js';
import { assignSites, parseSiteSource } from '../../../src/data/sites.js';
import { resolveTrainConfig } from '../../../src/train/config.js';
import { materialise } from '../../../src/train/materialise.js';
import { planArm, type Arm } from '../../../src/train/plan.js';
import { federatedArms, planFederatedArm } from '../../../src/train/federated/plan.js';
import { buildJobs } from '../../../src/sweep/jobs.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { datasetOptions } from '../../helpers/dataset.js';

const dir = tempDir();
const lines = ['x,region,y'];
for (let i = 0; i < 300; i++) lines.push(`${(i * 7) % 13},${['n', 's', 'e'][(i * 5) % 3]},${i % 2}`);
const ds = loadDataset(
  datasetOptions(writeFixture(dir, 'f.csv', lines.join('\n') + '\n'), {
    duplicates: 'keep',
  }),
);
const train = resolveTrainConfig({ epochs: 1, batchSize: 16 });
const sites = assignSites(ds, parseSiteSource('region'), 5);
const config = { rounds: 2, localEpochs: 1, siteRate: 1, updateClip: 1, auditSite: 2 };
const central = ([{ kind: 'nondp' }, { kind: 'cliponly' }, { kind: 'dp', epsilon: 1 }, { kind: 'dp', epsilon: 8 }] as Arm[]).map((a) =>
  planArm(a, train, ds.splits.train.length),
);
const fed = federatedArms(['none', 'local-dp', 'server-dp'], [1, 8]).map((a) => planFederatedArm(a, train, ds, sites, config));
const opts = { seeds: 1, referenceModels: 2, masks: 'bernoulli' as const, canaryKind: 'gradient' as const, train, preset: 'test' as const };

test('federated arms add their jobs without changing the centralised ones; gradient canaries become ood canary runs', () => {
  const before = buildJobs(opts, central, 20000);
  const after = buildJobs(opts, [...central, ...fed], 20000);
  // The centralised jobs are the same (same ids, same gradient canary counts: the one-run family is theirs).
  assert.deepEqual(
    after.filter((j) => !j.plan.federation),
    before,
  );
  const f = after.filter((j) => j.plan.federation);
  assert.deepEqual(
    f.map((j) => j.id),
    [
      's0/fed-local@1/canary',
      's0/fed-local@1/models',
      's0/fed-local@8/canary',
      's0/fed-local@8/models',
      's0/fed-none/canary',
      's0/fed-none/models',
      's0/fed-server@1/canary',
      's0/fed-server@1/models',
      's0/fed-server@8/canary',
      's0/fed-server@8/models',
    ],
  );
  for (const j of f) {
    if (j.kind === 'models') assert.equal(j.canaries, 0);
    else {
      assert.equal(j.canaryKind, 'ood');
      // The test preset's input-space count (100), at most 10 % of the pool.
      assert.equal(j.canaries, Math.min(100, Math.floor(0.1 * ds.splits.train.length)));
    }
  }
});

test('materialise: a federated job carries its plan and the site of every row, canaries at the audited site', () => {
  const plan = fed.find((p) => p.arm === 'fed-local@1')!;
  const m = materialise(
    ds,
    { rootSeed: 5, train },
    { id: 'c', kind: 'canary', seedIndex: 0, plan, fleetModels: 0, masks: 'bernoulli', canaries: 12, canaryKind: 'ood' },
  );
  const fedIn = m.inputs.federation!;
  assert.equal(fedIn.plan, plan.federation);
  assert.equal(fedIn.siteOfRow.length, m.inputs.nRows);
  assert.deepEqual(fedIn.siteOfRow.subarray(0, ds.y.length), sites.siteOfRow);
  assert.ok(m.inputs.nRows > ds.y.length);
  for (let i = ds.y.length; i < m.inputs.nRows; i++) assert.equal(fedIn.siteOfRow[i], 2);
  // Centralised jobs carry none.
  const c = materialise(
    ds,
    { rootSeed: 5, train },
    { id: 'm', kind: 'models', seedIndex: 0, plan: central[2], fleetModels: 1, masks: 'bernoulli', canaries: 0 },
  );
  assert.equal(c.inputs.federation, undefined);
});

test('patient unit: the ood canaries of a federated arm are at most 10 % of the pool’s patients, not of its rows', () => {
  const pl = ['pid,x,region,y'];
  for (let i = 0; i < 600; i++) {
    const p = Math.floor(i / 3);
    pl.push(`${p},${(i * 7) % 13},${['n', 's', 'e'][p % 3]},${p % 2}`);
  }
  const pds = loadDataset(datasetOptions(writeFixture(dir, 'patients.csv', pl.join('\n') + '\n'), { id: 'pid', duplicates: 'keep' }));
  assert.equal(pds.units.kind, 'patient');
  const psites = assignSites(pds, parseSiteSource('region'), 5);
  const ptrain = resolveTrainConfig({ epochs: 1, batchSize: 16, privacyUnit: 'patient' });
  const plan = planFederatedArm({ kind: 'fed', mode: 'none' }, ptrain, pds, psites, config);
  const patients = new Set(Array.from(pds.splits.train, (r) => pds.units.unitOfRow[r])).size;
  assert.ok(Math.floor(0.1 * patients) < Math.min(100, Math.floor(0.1 * pds.splits.train.length)));
  const canary = buildJobs({ ...opts, train: ptrain }, [plan], 20000).find((j) => j.kind === 'canary');
  assert.equal(canary?.canaries, Math.floor(0.1 * patients));
});
