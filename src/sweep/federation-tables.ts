import type { FederationArm, FederationAttack, ResultsV1 } from '../results/types.js';

/**
 * The federated section as CSV tables (docs/methods.md#federated): one row per federated arm
 * (tables/federation.csv) and one row per (arm, site) (tables/federation-sites.csv; suppressed sites carry no
 * numbers). Aggregates only, as in results.json.
 */
const num = (v: number | null | undefined, d = 4): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toFixed(d)));

export const FEDERATION_COLUMNS = [
  'arm',
  'mode',
  'level',
  'epsilon',
  'record_epsilon',
  'auc',
  'auc_lo',
  'auc_hi',
  'worst_site',
  'worst_site_auc',
  'final_attack',
  'final_auc',
  'final_eps_lb',
  'update_attack',
  'update_auc',
  'update_eps_lb',
  'centralised_arm',
  'centralised_auc',
];

function headline(list: FederationAttack[] | undefined, name: string | null | undefined): FederationAttack | undefined {
  return list?.find((x) => x.attack === name);
}

export function federationRows(r: ResultsV1): string[][] {
  return (r.federation?.arms ?? []).map((a: FederationArm) => {
    const fin = headline(a.leakage?.finalModel, a.leakage?.headline.finalModel);
    const upd = headline(a.leakage?.siteUpdate, a.leakage?.headline.siteUpdate);
    return [
      a.arm,
      a.mode,
      a.level ?? '',
      num(a.epsilon),
      num(a.recordEpsilon),
      num(a.auc.value),
      num(a.auc.ci?.lo),
      num(a.auc.ci?.hi),
      a.worstSite.site ?? '',
      num(a.worstSite.auc),
      fin?.attack ?? '',
      num(fin?.auc),
      num(fin?.epsilonLb),
      upd?.attack ?? '',
      num(upd?.auc),
      num(upd?.epsilonLb),
      a.centralised?.arm ?? '',
      num(a.centralised?.auc.value),
    ];
  });
}

export const FEDERATION_SITE_COLUMNS = ['arm', 'site', 'suppressed', 'n', 'auc', 'auc_lo', 'auc_hi', 'accuracy', 'tpr', 'fpr'];

export function federationSiteRows(r: ResultsV1): string[][] {
  return (r.federation?.arms ?? []).flatMap((a) =>
    a.sites.map((s) =>
      s.suppressed
        ? [a.arm, s.site, 'true', '', '', '', '', '', '', '']
        : [
            a.arm,
            s.site,
            'false',
            String(s.n),
            num(s.auc.value),
            num(s.auc.ci?.lo),
            num(s.auc.ci?.hi),
            num(s.accuracy.value),
            num(s.tpr.value),
            num(s.fpr.value),
          ],
    ),
  );
}
