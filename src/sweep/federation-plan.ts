import { describeSiteSource } from '../data/sites.js';
import { isSuppressed } from '../data/groups.js';
import { complementarySuppression } from '../data/suppression.js';
import type { ArmFederation } from '../results/types.js';
import type { PrivacyPlan } from '../train/plan.js';

/**
 * A federated arm's plan as results.json records it (arms[].privacy.federation; docs/methods.md#federated): sites
 * by name, and a site whose training rows are below the suppression threshold by name only (its size, rate,
 * steps and σ would reveal how many rows it has; docs/methods.md#suppression).
 */
export function armFederationRecord(plan: PrivacyPlan, suppressBelow: number): ArmFederation | null {
  const f = plan.federation;
  if (!f) return null;
  // Primary suppression by training rows or units, then complementary suppression over the published pool size
  // (Σ sites), in rows and in units, so that no hidden site's size is the total minus the shown ones.
  const hidden = Uint8Array.from(f.sites, (s) => (isSuppressed(s.rows, suppressBelow) || isSuppressed(s.n, suppressBelow) ? 1 : 0));
  const all = f.sites.map((_, i) => i);
  complementarySuppression((i) => f.sites[i].rows, hidden, [[-1, all]], suppressBelow);
  complementarySuppression((i) => f.sites[i].n, hidden, [[-1, all]], suppressBelow);
  return {
    mode: f.mode,
    source: describeSiteSource(f.source),
    rounds: f.config.rounds,
    localEpochs: f.config.localEpochs,
    siteRate: f.config.siteRate,
    updateClip: f.config.updateClip,
    auditSite: f.sites[f.config.auditSite]?.name ?? String(f.config.auditSite),
    sites: f.sites.map((s, i) =>
      hidden[i]
        ? { name: s.name, suppressed: true as const }
        : {
            name: s.name,
            n: s.n,
            rows: s.rows,
            sampleRate: s.sampleRate,
            stepsPerRound: s.stepsPerRound,
            noiseMultiplier: s.noiseMultiplier,
            epsilon: s.epsilon,
          },
    ),
    serverNoiseMultiplier: f.serverNoiseMultiplier,
    level: f.level,
    epsilon: f.epsilon,
    recordEpsilon: f.recordEpsilon,
    notes: f.notes,
  };
}
