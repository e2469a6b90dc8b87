import type { ResultsV1 } from '../../src/results/types.js';

/** A federated arm cloned from dp@1 of a results fixture, with the federated plan of `mode`. */
export function federatedArm(r: ResultsV1, arm: string, mode: 'none' | 'local-dp' | 'server-dp', sigma: number): ResultsV1['arms'][number] {
  const base = structuredClone(r.arms.find((a) => a.arm === 'dp@1')!);
  const dp = mode !== 'none';
  const site = (name: string, s: number) => ({
    name,
    n: 100,
    rows: 100,
    sampleRate: 0.1,
    stepsPerRound: 5,
    noiseMultiplier: mode === 'local-dp' ? s : 0,
    epsilon: mode === 'local-dp' ? 0.99 : null,
  });
  return {
    ...base,
    arm,
    kind: 'federated',
    epsilon: dp ? 1 : null,
    privacy: {
      ...base.privacy,
      targetEpsilon: dp ? 1 : null,
      epsilon: dp ? 0.997 : null,
      noiseMultiplier: sigma,
      federation: {
        mode,
        source: 'column "region"',
        rounds: 10,
        localEpochs: 1,
        siteRate: 1,
        updateClip: 1,
        auditSite: 'a',
        sites: [site('a', sigma), site('b', sigma + 1)],
        serverNoiseMultiplier: mode === 'server-dp' ? sigma : 0,
        level: mode === 'none' ? null : mode === 'server-dp' ? 'site' : 'record',
        epsilon: dp ? 0.997 : null,
        recordEpsilon: dp ? 0.997 : null,
        notes: [],
      },
    },
  } as ResultsV1['arms'][number];
}
