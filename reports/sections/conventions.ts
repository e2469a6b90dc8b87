/** Conventions and reproducibility: convention switches, versions, seeds, audit-record hashes. */
import type { ResultsV1 } from '../../src/results/types.js';
import { defaultOf } from '../../src/options/registry.js';

export interface ConventionsView {
  conventions: { name: string; value: string }[];
  versions: { name: string; value: string }[];
  audit: { name: string; value: string }[];
  notice: string;
}

export function buildConventions(results: ResultsV1): ConventionsView {
  const seeds = results.arms.map((a) => `${a.arm}: ${a.seeds}`).join(', ');
  return {
    conventions: Object.entries(results.conventions).map(([name, value]) => ({ name, value: String(value) })),
    versions: [
      { name: 'dpaudit', value: results.tool.version },
      { name: 'TensorFlow.js', value: results.backend.tfjsVersion },
      { name: 'Backend', value: results.backend.name },
      { name: 'Results schema', value: String(results.schemaVersion) },
      { name: 'Root seed', value: String(results.config.seed ?? defaultOf('seed')) },
      { name: 'Seeds per arm', value: seeds },
      { name: 'Created', value: results.createdAt },
      { name: 'Run time', value: `${results.timing.totalSeconds.toFixed(1)} s, ${results.timing.jobs} jobs` },
    ],
    audit: [
      { name: 'Data file SHA-256', value: results.audit.dataSha256 },
      { name: 'Resolved config SHA-256', value: results.audit.configSha256 },
      { name: 'Lockfile SHA-256', value: results.audit.lockfileSha256 ?? 'no lockfile found' },
      { name: 'dpaudit version', value: results.audit.dpauditVersion },
      { name: 'Command line', value: results.audit.commandLine },
    ],
    notice: results.notDifferentiallyPrivateNotice,
  };
}
