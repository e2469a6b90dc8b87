/**
 * The results.json contract, schema version 1: one zod schema, from which the TypeScript types
 * (src/results/types.ts), the validator (src/results/read.ts) and the published JSON Schema
 * (schemas/results.schema.json, `npm run schemas`) all come. Every object is strict: a key that the
 * contract does not name is an error, so that a reader never guesses field names.
 * No row-level data and no per-example scores; subgroup cells with 0 < n < suppressBelow appear as
 * { values, suppressed: true } (docs/methods.md#suppression).
 */
import { z } from 'zod';
import { deltaReportSchema, fairnessReportSchema } from '../../metrics/fairness/schema.js';
import { gateResultSchema } from './gate.js';

export const RESULTS_SCHEMA_VERSION = 1;

const num = z.number().nullable();
const count = z.number().int().nonnegative();
const values = z.record(z.string(), z.string());

// ---------------------------------------------------------------- utility and privacy of an arm

export const intervalSchema = z.strictObject({ lo: num, hi: num });

/**
 * A number of the first seed's release model with its bootstrap CI (same model), and the mean and standard
 * deviation over all seeds (DP noise is a second source of randomness; null with one seed).
 */
export const estimateSchema = z.strictObject({
  value: num,
  ci: intervalSchema.optional(),
  seedMean: num.optional(),
  seedSd: num.optional(),
});

const utilitySchema = z.strictObject({
  auc: estimateSchema,
  accuracy: estimateSchema,
  brier: estimateSchema,
  balancedAccuracy: estimateSchema,
  /** Decision threshold picked on the validation split. */
  threshold: z.number(),
});

/** ε of a group of k rows under a record-level arm: the accountant's value (null: none finite) and the generic conversion. */
export const groupPrivacySchema = z.strictObject({
  k: z.number().int().positive(),
  epsilon: num,
  accountant: z.string(),
  generic: z.strictObject({ epsilon: z.number(), delta: z.number() }),
});

/**
 * One site's local mechanism in a federated arm (src/train/federated/types.ts SitePlan). A site whose training
 * rows are below the suppression threshold shows its name only: its size, rate, steps and σ would reveal them.
 */
export const armFederationSiteSchema = z.union([
  z.strictObject({
    name: z.string(),
    /** Training-pool units (rows, or patients under the patient unit) and rows. */
    n: count,
    rows: count,
    sampleRate: z.number(),
    stepsPerRound: count,
    noiseMultiplier: z.number(),
    /** local-dp: ε of one unit of this site over all its local steps; null otherwise. */
    epsilon: num,
  }),
  z.strictObject({ name: z.string(), suppressed: z.literal(true) }),
]);

/**
 * A federated arm's plan (docs/methods.md#federated; src/train/federated/types.ts FederationPlan). The arm's
 * top-level q, T, σ and ε then describe the mechanism guarding a record of the audited site (local-dp: its
 * local DP-SGD over all rounds; server-dp: the site-level mechanism, q = p and T = R; none: no noise).
 */
export const armFederationSchema = z.strictObject({
  mode: z.enum(['none', 'local-dp', 'server-dp']),
  /** How the sites were formed, e.g. `column "region"` or `4 sites, dirichlet:0.5 split`. */
  source: z.string(),
  rounds: count,
  localEpochs: z.number(),
  siteRate: z.number(),
  updateClip: z.number(),
  auditSite: z.string(),
  sites: z.array(armFederationSiteSchema),
  /** Server-dp: σ of the noise N(0, σ²S²) on the sum of clipped site updates; 0 otherwise. */
  serverNoiseMultiplier: z.number(),
  /** What the headline ε protects (null for `none`). */
  level: z.enum(['record', 'patient', 'site']).nullable(),
  epsilon: num,
  /** Server-dp: the record-level consequence (ε_record ≤ ε_site). */
  recordEpsilon: num,
  notes: z.array(z.string()),
});

/** The privacy accounting of an arm as planned and trained (src/train/plan.ts PrivacyPlan without the arm id). */
export const privacyAccountingSchema = z.strictObject({
  targetEpsilon: num,
  epsilon: num,
  accountant: z.string(),
  epsilonRdp: num,
  rdpOrder: num,
  delta: z.number(),
  deltaTimesN: z.number(),
  noiseMultiplier: z.number(),
  clip: num,
  sampleRate: z.number(),
  steps: count,
  n: count,
  /**
   * What one unit of the guarantee is (docs/methods.md#privacy-unit): one row, or all rows of one id. Absent
   * when the data has no id column and no unit was requested: the record.
   */
  privacyUnit: z.enum(['record', 'patient']).optional(),
  /** Patients of the training pool (data with repeated ids only). */
  poolUnits: z.strictObject({ units: count, rows: count, maxRows: count, medianRows: z.number() }).optional(),
  /**
   * Record-level arms on data whose patients repeat: the ε of a patient with the largest and the median row
   * count (group privacy at the same δ; docs/methods.md#user-level-dp).
   */
  patientEpsilon: z.strictObject({ largest: groupPrivacySchema, median: groupPrivacySchema }).optional(),
  /**
   * Patient unit only: the expected batch in patients and how it was chosen (`given` by --batch-size, or
   * `from-units` when the default was replaced by one chosen from the number of patients), in words in `note`.
   */
  batchSize: z.strictObject({ value: count, rule: z.enum(['given', 'from-units']), note: z.string() }).optional(),
  /** Federated arms only. */
  federation: armFederationSchema.optional(),
  warnings: z.array(z.string()),
});

// ---------------------------------------------------------------- attacks (metrics/attack-summary.ts)

/** An empirical ε lower bound (metrics/empirical-epsilon.ts EpsilonBound). */
export const epsilonBoundSchema = z.strictObject({
  /** "clopper-pearson-split", "clopper-pearson-bonferroni", "gdp", "one-run". */
  method: z.string(),
  epsilonLb: num,
  /** Assumptions in words. */
  label: z.string(),
  alpha: z.number(),
  details: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});

/**
 * Whether a one-run check could fail at the claimed ε (metrics/one-run-audit.ts Testability;
 * docs/methods.md#untestable) and the canaries m it would need otherwise.
 */
export const testabilitySchema = z.strictObject({ testable: z.boolean(), neededM: count.nullable() });

/** The f-DP test of a one-run audit's guesses (metrics/fdp-one-run.ts FdpOneRunResult; docs/methods.md#f-dp-one-run). */
export const fdpOneRunSchema = z.strictObject({
  method: z.literal('f-dp-one-run'),
  label: z.string(),
  alpha: z.number(),
  m: count,
  r: count,
  v: count,
  delta: z.number(),
  epsilonLb: z.number(),
  ceiling: z.number(),
  muLb: z.number(),
  gdpEpsilonLb: z.number(),
  muCeiling: z.number(),
  gdpCeiling: z.number(),
  claimedCurve: z.strictObject({ method: z.string(), rejected: z.boolean(), rejectableAtCeiling: z.boolean() }).nullable(),
});

/**
 * The one-run canary audit (metrics/one-run-audit.ts OneRunAuditResult; docs/methods.md#one-run-audit): the
 * Steinke–Nasr–Jagielski bound and, from this version of dpaudit on, the canary kind, the f-DP test, p-values
 * and testability (optional: absent in results written before them).
 */
export const oneRunSchema = epsilonBoundSchema.extend({
  v: count,
  r: count,
  m: count,
  ceiling: z.number(),
  /** `gradient`, `ood`, `flip` (docs/methods.md#gradient-canaries). */
  canaryKind: z.string().optional(),
  claimedEpsilon: num.optional(),
  pValue: num.optional(),
  snj: testabilitySchema.nullable().optional(),
  fdp: fdpOneRunSchema.optional(),
  fdpPValue: num.optional(),
  bestPValue: num.optional(),
  fdpBestPValue: num.optional(),
  fdpTestability: testabilitySchema.nullable().optional(),
  /** Present when each canary is a unit of the patient-level mechanism: m, r, v and ε_lb count patients. */
  unit: z.literal('patient').optional(),
  /** Rows of one canary when it is a synthetic patient (ood canaries, patient unit). */
  rowsPerCanary: count.optional(),
});

/** The per-target one-run bound on the reference fleet (metrics/one-run-audit.ts FleetTargetBound; docs/methods.md#per-target-bound). */
export const fleetTargetBoundSchema = z.strictObject({
  attack: z.string(),
  targets: count,
  m: count,
  r: count,
  alphaPerTarget: z.number(),
  epsilonLb: z.number(),
  ceiling: z.number(),
  bestTarget: count,
  v: count,
  claimedEpsilon: num,
  pValue: num,
  bestPValue: num,
  testability: testabilitySchema.nullable(),
  label: z.string(),
});

/** The theory violation check (metrics/overlay.ts ViolationCheck; docs/methods.md#overlay). */
export const violationCheckSchema = z.strictObject({
  violated: z.boolean(),
  worstPoint: z.strictObject({ fpr: z.number(), tpr: z.number(), fprUb: z.number(), tprLb: z.number(), tprMax: z.number() }).nullable(),
  method: z.string(),
  thresholdsTested: count,
});

/** TPR at a fixed FPR level α (metrics/tpr-at-fpr.ts TprAtFpr): resolved, or unresolved with the reason. */
export const tprAtFprSchema = z.discriminatedUnion('resolved', [
  z.strictObject({
    alpha: z.number(),
    resolved: z.literal(true),
    tpr: num,
    fpr: z.number(),
    ci: z.strictObject({ lower: z.number(), upper: z.number() }).nullable(),
    ciMethod: z.string(),
    nIn: count,
    nOut: count,
  }),
  z.strictObject({ alpha: z.number(), resolved: z.literal(false), reason: z.string(), nIn: count, nOut: count }),
]);

/** A subgroup cell of an attack's per-group vulnerability (metrics/attack-summary.ts GroupCell). */
export const attackGroupCellSchema = z.discriminatedUnion('suppressed', [
  z.strictObject({ values, suppressed: z.literal(true) }),
  z.strictObject({
    values,
    suppressed: z.literal(false),
    n: count,
    nIn: count,
    nOut: count,
    small: z.boolean(),
    auc: num,
    tprAtFpr: z.array(tprAtFprSchema),
  }),
]);

export const groupVulnerabilitySchema = z.strictObject({
  attributes: z.array(z.string()),
  cells: z.array(attackGroupCellSchema),
  worstAuc: num,
  worstAucExcludingSmall: num,
});

/** One attack pooled over targets and seeds (metrics/attack-summary.ts AttackSummary). */
export const attackSummarySchema = z.strictObject({
  attack: z.string(),
  convention: z.string(),
  conventions: z.record(z.string(), z.union([z.string(), z.number()])),
  diagnostics: z.strictObject({ fallbackIn: count, fallbackOut: count, flooredSigma: count }),
  tunedA: z.array(z.number()).nullable(),
  nTargets: count,
  nRows: count,
  nIn: count,
  nOut: count,
  auc: num,
  aucCi: z
    .strictObject({
      lower: z.number(),
      upper: z.number(),
      level: z.number(),
      method: z.string(),
      /** Bootstrap replicates: only in files written before the interval became DeLong's (still read). */
      replicates: count.optional(),
    })
    .nullable(),
  advantage: num,
  balancedAccuracy: num,
  /** Downsampled ROC: no thresholds, at most 200 points. */
  roc: z.array(z.strictObject({ fpr: z.number(), tpr: z.number() })),
  rocConvention: z.string(),
  tprAtFpr: z.array(tprAtFprSchema),
  epsilonBounds: z.array(epsilonBoundSchema),
  /** null when the arm claims no guarantee. */
  violation: violationCheckSchema.nullable(),
  groups: z.array(groupVulnerabilitySchema),
  groupRules: z.strictObject({ minGroupSize: count, suppressBelow: count, note: z.string() }),
});

// ---------------------------------------------------------------- fairness spread, calibration, overlay

/** Spread over seeds of the fairness results (seeds > 1): per grouping, between-group disparities and per-group SDs. */
export const fairnessSeedSpreadSchema = z.strictObject({
  seeds: z.number().int().min(2),
  groupings: z.array(
    z.strictObject({
      attributes: z.array(z.string()),
      disparities: z.record(z.string(), z.strictObject({ mean: num, sd: num })),
      groups: z.array(
        z.union([z.strictObject({ values, sd: z.record(z.string(), num) }), z.strictObject({ values, suppressed: z.literal(true) })]),
      ),
    }),
  ),
});

/** Per-group reliability curve (10 bins); suppressed cells are left out. */
export const calibrationCurveSchema = z.strictObject({
  group: values,
  bins: z.array(z.strictObject({ meanScore: z.number(), fracPositive: z.number(), n: count })),
});

/** Theory overlay point TPR_max(FPR) from the accountant's privacy profile (docs/methods.md#overlay). */
export const overlayPointSchema = z.strictObject({ fpr: z.number(), tprMax: z.number() });

// ---------------------------------------------------------------- an arm

/** `federated`: FedAvg over sites (fed-none, fed-local@ε, fed-server@ε; docs/methods.md#federated). */
export const armKindSchema = z.enum(['nondp', 'cliponly', 'dp', 'federated']);

export const armResultSchema = z.strictObject({
  /** "nondp", "cliponly", "dp@ε", "fed-none", "fed-local@ε" or "fed-server@ε". */
  arm: z.string(),
  kind: armKindSchema,
  epsilon: num,
  privacy: privacyAccountingSchema,
  utility: utilitySchema,
  /** FairnessReport of the release model on the test split, first seed (CIs by bootstrap); null when not measured. */
  fairness: fairnessReportSchema.nullable(),
  /** Spread of the fairness results over seeds (null with one seed). */
  fairnessSeedSpread: fairnessSeedSpreadSchema.nullable().optional(),
  /** "Who pays for privacy": per-group change vs nondp (DP and cliponly arms; null for nondp). */
  whoPays: deltaReportSchema.nullable(),
  /** One summary per attack, pooled over targets and seeds. */
  attacks: z.array(attackSummarySchema),
  /** Data with repeated patients: the same attacks with patient-level membership and masks (docs/methods.md#user-level-dp). */
  patientAttacks: z.array(attackSummarySchema).optional(),
  /** One-run canary audit, or null when disabled. */
  oneRun: oneRunSchema.nullable(),
  /** Per-target one-run bound on the fleet (DP arms with bernoulli masks); absent in older results. */
  fleetOneRun: fleetTargetBoundSchema.nullable().optional(),
  calibration: z.array(calibrationCurveSchema),
  /** Theory overlay curve (DP arms), log-spaced FPRs; null for arms without a guarantee. */
  overlay: z.array(overlayPointSchema).nullable(),
  seeds: z.number().int().positive(),
  timing: z.strictObject({ trainSeconds: z.number(), modelsTrained: count }),
});

// ---------------------------------------------------------------- the file

/** A subgroup size of the dataset (as `dpaudit inspect` writes it; src/data/inspect.ts CellCount). */
export const groupCountSchema = z.union([
  z.strictObject({
    values,
    n: count,
    /** Distinct patients of the cell (ids repeat); n is rows. */
    patients: count.optional(),
    belowMinGroupSize: z.boolean(),
  }),
  z.strictObject({ values, suppressed: z.literal(true) }),
]);

const sha = z.string().regex(/^[0-9a-f]{64}$/);

/** Plan conformance of an external trainer (docs/methods.md#external-trainers; gate check builtin.plan-conformance). */
export const trainerConformanceSchema = z
  .strictObject({
    command: z.array(z.string()),
    version: z.string().nullable(),
    libraries: z.array(z.string()),
    conforms: z.boolean(),
    arms: z.array(
      z.strictObject({
        arm: z.string(),
        planned: z.strictObject({
          steps: z.number().int(),
          sampling: z.string(),
          sampleRate: z.number(),
          noiseMultiplier: z.number(),
          maxGradNorm: z.number().nullable(),
        }),
        models: z.number().int(),
        epsilon: z.number().nullable(),
        trainerEpsilon: z.strictObject({ min: z.number(), max: z.number() }).nullable(),
        mismatches: z.array(
          z.strictObject({
            job: z.string(),
            model: z.number().int(),
            field: z.string(),
            planned: z.union([z.number(), z.string()]).nullable(),
            reported: z.union([z.number(), z.string()]).nullable(),
          }),
        ),
      }),
    ),
  })
  .describe('present when an external trainer (--trainer) trained the models: its report against the plan');

// ---------------------------------------------------------------- recommendation and verdict

/** Paired difference of a DP or clip-only arm against non-DP (same test rows, same bootstrap resamples). */
export const pairedDeltaSchema = z.strictObject({
  arm: z.string(),
  epsilon: num,
  /** metric(arm) − metric(nondp). */
  delta: num,
  ci: intervalSchema.nullable(),
});

/** The worst per-group loss of an arm vs non-DP for one metric (groups with n ≥ minGroupSize, not suppressed). */
export const groupLossSchema = z.strictObject({
  arm: z.string(),
  epsilon: num,
  metric: z.enum(['tpr', 'fpr', 'ece']),
  /** "age = 60-69"; null when no group had a defined value. */
  group: z.string().nullable(),
  /** Loss (positive = worse under DP): nondp − arm for TPR, arm − nondp for FPR and ECE. */
  loss: num,
  /** Paired-bootstrap interval of the loss. */
  ci: intervalSchema.nullable(),
  /** Value in the non-DP model and in the arm. */
  baseline: num,
  value: num,
});

/** Largest absolute between-group disparity of an arm (equal opportunity or equalized odds, any grouping). */
export const absoluteDisparitySchema = z.strictObject({
  arm: z.string(),
  epsilon: num,
  measure: z.string(),
  grouping: z.string(),
  value: num,
  ci: intervalSchema.nullable(),
});

/** Status of a built-in check: `untestable` when the check could not fail (nothing measured, no power). */
export const verdictStatusSchema = z.enum(['pass', 'warn', 'fail', 'untestable']);

/** One built-in check of the verdict strip (report top, summary.md first lines). */
export const verdictCheckSchema = z.strictObject({
  id: z.string(),
  status: verdictStatusSchema,
  /** One plain-language line: what is checked and what was found. */
  summary: z.string(),
});

// ---------------------------------------------------------------- federation (src/sweep/federation.ts)

/** One site's size: pool and test rows and positive rate, or hidden when a count is below the threshold. */
export const federationSiteSchema = z.discriminatedUnion('suppressed', [
  z.strictObject({ site: z.string(), suppressed: z.literal(true) }),
  z.strictObject({
    site: z.string(),
    suppressed: z.literal(false),
    train: count,
    test: count,
    positiveRate: num,
    /** Test rows below minGroupSize: per-site metrics are noisy and left out of the excluding-small aggregates. */
    small: z.boolean(),
  }),
]);

/** Per-site utility of a federated arm's global model on the site's test rows (site as a group). */
export const federationSiteUtilitySchema = z.discriminatedUnion('suppressed', [
  z.strictObject({ site: z.string(), suppressed: z.literal(true) }),
  z.strictObject({
    site: z.string(),
    suppressed: z.literal(false),
    n: count,
    nPos: count,
    small: z.boolean(),
    auc: estimateSchema,
    accuracy: estimateSchema,
    tpr: estimateSchema,
    fpr: estimateSchema,
  }),
]);

/** Who pays per site: loss = baseline − arm for AUC, accuracy, TPR; arm − baseline for FPR (paired bootstrap CIs). */
const federationLossSchema = z.strictObject({ auc: estimateSchema, accuracy: estimateSchema, tpr: estimateSchema, fpr: estimateSchema });
export const federationWhoPaysSchema = z.strictObject({
  /** `federation`: fed-none vs the centralised non-DP arm; `dp`: a DP federated arm vs fed-none. */
  kind: z.enum(['federation', 'dp']),
  baseline: z.string(),
  overall: federationLossSchema,
  sites: z.array(
    z.discriminatedUnion('suppressed', [
      z.strictObject({ site: z.string(), suppressed: z.literal(true) }),
      z.strictObject({ site: z.string(), suppressed: z.literal(false), n: count, small: z.boolean(), loss: federationLossSchema }),
    ]),
  ),
  /** Sites (not small, not suppressed) whose AUC loss exceeds the overall AUC loss. */
  aucLossAboveOverall: z.array(z.string()),
});

/** One attack on the audited site's rows: on the final global model or on the site's last-round update. */
export const federationAttackSchema = z.strictObject({
  attack: z.string(),
  target: z.enum(['final-model', 'site-update']),
  nTargets: count,
  nIn: count,
  nOut: count,
  auc: num,
  aucCi: intervalSchema.nullable(),
  tprAtFpr: z.array(tprAtFprSchema),
  /** The Clopper–Pearson bound (split or Bonferroni, as configured; multi-run, assumes independent trials). */
  epsilonLb: num,
  epsilonMethod: z.string(),
});

export const federationArmSchema = z.strictObject({
  arm: z.string(),
  mode: z.enum(['none', 'local-dp', 'server-dp']),
  /** What the headline ε protects; null for `none`. */
  level: z.enum(['record', 'patient', 'site']).nullable(),
  targetEpsilon: num,
  epsilon: num,
  /** Server-dp: the record-level consequence (ε_record ≤ ε_site). */
  recordEpsilon: num,
  delta: z.number(),
  /** Plain sentence naming the privacy unit and level of ε. */
  privacySentence: z.string(),
  notes: z.array(z.string()),
  auc: estimateSchema,
  accuracy: estimateSchema,
  /** The site with the lowest test AUC among shown sites (null when none is defined). */
  worstSite: z.strictObject({ site: z.string().nullable(), auc: num, ci: intervalSchema.nullable(), excludingSmall: z.boolean() }),
  sites: z.array(federationSiteUtilitySchema),
  whoPays: z.array(federationWhoPaysSchema),
  /** Leakage of the audited site's rows: the same attacks on the final global model and on the site's update. */
  leakage: z
    .strictObject({
      auditSite: z.string(),
      /** Pool rows of the audited site (null when the site is suppressed). */
      candidates: count.nullable(),
      finalModel: z.array(federationAttackSchema),
      siteUpdate: z.array(federationAttackSchema),
      /** Pre-registered headline attacks (fixed before looking at the scores). */
      headline: z.strictObject({ finalModel: z.string().nullable(), siteUpdate: z.string().nullable() }),
    })
    .nullable(),
  /** The centralised arm at the same ε (nondp for `none`), on the same split. */
  centralised: z
    .strictObject({ arm: z.string(), auc: estimateSchema, attack: z.string().nullable(), attackAuc: num, epsilonLb: num })
    .nullable(),
});

export const federationSchema = z.strictObject({
  /** How sites were formed: `column region`, `split 5 iid`, `split 5 dirichlet:0.5`. */
  source: z.string(),
  sites: z.array(federationSiteSchema),
  config: z.strictObject({
    rounds: count,
    localEpochs: z.number(),
    siteRate: z.number(),
    updateClip: z.number(),
    auditSite: z.string(),
  }),
  arms: z.array(federationArmSchema),
  notes: z.array(z.string()),
});

export const resultsSchema = z.strictObject({
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  tool: z.strictObject({ name: z.literal('dpaudit'), version: z.string() }),
  createdAt: z.string(),
  /** The audit record: ties the report to its inputs. */
  audit: z.strictObject({
    dataSha256: sha,
    configSha256: sha,
    lockfileSha256: sha.nullable(),
    dpauditVersion: z.string(),
    commandLine: z.string(),
  }),
  backend: z.strictObject({
    name: z.string(),
    simd: z.boolean().nullable(),
    tfjsVersion: z.string(),
    /**
     * Engines that computed dpaudit's own per-example gradient steps: `wasm-simd` (the WebAssembly kernel of the
     * dense families) and/or `tfjs` (the general path on the backend above). Absent when no job reported one
     * (external trainer, or results written before the kernel existed).
     */
    kernel: z.array(z.enum(['wasm-simd', 'tfjs'])).optional(),
  }),
  /** The resolved options of the sweep, as they determine the results. */
  config: z.record(z.string(), z.unknown()),
  dataset: z.strictObject({
    file: z.string(),
    rows: count,
    label: z.string(),
    positiveLabel: z.string(),
    positiveRate: z.number(),
    sensitive: z.array(z.string()),
    features: z.array(z.string()),
    encodedFeatures: count,
    splits: z.strictObject({ train: count, validation: count, test: count }),
    droppedMissingLabel: count,
    duplicateRows: count,
    /** How rows identical in every column were handled: group (one record), keep or drop. */
    duplicateHandling: z.enum(['group', 'keep', 'drop']).optional(),
    /** Subgroup sizes: each sensitive attribute, then their intersection. */
    groups: z.array(z.strictObject({ attributes: z.array(z.string()), cells: z.array(groupCountSchema) })),
    warnings: z.array(z.string()),
    preprocessing: z.array(z.string()),
  }),
  conventions: z.record(z.string(), z.string()),
  arms: z.array(armResultSchema),
  recommendation: z.strictObject({
    epsilon: num,
    reason: z.string(),
    tolerances: z.strictObject({
      aucFraction: z.number(),
      disparityIncrease: z.number(),
      /** Largest allowed sensitivity (TPR) loss of any group vs non-DP (absent in older results). */
      groupTprLoss: z.number().optional(),
      /** Largest allowed calibration-error (ECE) increase of any group vs non-DP (absent in older results). */
      groupEceIncrease: z.number().optional(),
    }),
    pareto: z.array(z.strictObject({ arm: z.string(), epsilon: num, auc: num, disparity: num })),
    /** What `pareto[].disparity` measures. */
    disparityMeasure: z.string().optional(),
    /** Per arm (clip-only and DP): paired ΔAUC vs non-DP with its paired-bootstrap CI. */
    pairedAuc: z.array(pairedDeltaSchema).optional(),
    /** Per arm and metric (tpr, fpr, ece): the group that loses most vs non-DP. */
    groupLosses: z.array(groupLossSchema).optional(),
    /** DP arms whose paired ΔAUC CI overlaps the recommended arm's (not distinguishable from it by AUC). */
    indistinguishable: z.array(z.string()).optional(),
    /** Absolute disparity per arm (largest between-group equal-opportunity or equalized-odds difference). */
    absoluteDisparity: z.array(absoluteDisparitySchema).optional(),
  }),
  /** The built-in checks (always run; a policy gate adds `gate`). */
  verdict: z.strictObject({ checks: z.array(verdictCheckSchema) }).optional(),
  warnings: z.array(z.string()),
  suppressBelow: count,
  notDifferentiallyPrivateNotice: z.string(),
  timing: z.strictObject({ totalSeconds: z.number(), jobs: count }),
  /** The evaluated gate (`dpaudit sweep --gate` or `dpaudit gate`), as in gate.json. */
  gate: gateResultSchema.optional(),
  trainer: trainerConformanceSchema.optional(),
  /** Federated arms (a sweep with --sites): sites, FedAvg settings, per arm utility per site and leakage of one site's update. */
  federation: federationSchema.optional(),
});

/** The published JSON Schema (draft 2020-12) of results.json v1. */
export function resultsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(resultsSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/dpaudit/dpaudit/schemas/results.schema.json',
    title: 'dpaudit results.json, schema version 1',
    description:
      'Everything the report and the gate show. No row-level data, no per-example scores; subgroup cells with 0 < n < suppressBelow appear as { values, suppressed: true }. Generated from the zod schema in src/results/schema.ts.',
  };
}
