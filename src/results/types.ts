/**
 * results.json, schema version 1: the TypeScript types of the contract, inferred from the zod schema
 * (src/results/schema.ts). Fairness and who-pays keep the precise interfaces of metrics/fairness (the schema
 * accepts them, checked below); every other nested type is the schema's and is checked to be the same as the
 * type its producer in metrics/ or src/train declares, so that a change on either side fails the type check.
 */
import type { z } from 'zod';
import type { DeltaReport, FairnessReport } from '../../metrics/fairness/types.js';
import type { deltaReportSchema, fairnessReportSchema } from '../../metrics/fairness/schema.js';
import type { AttackSummary, GroupCell, GroupVulnerability } from '../../metrics/attack-summary.js';
import type { EpsilonBound as MetricsEpsilonBound } from '../../metrics/empirical-epsilon.js';
import type { OneRunResult as MetricsOneRunResult } from '../../metrics/one-run.js';
import type {
  FleetTargetBound as MetricsFleetTargetBound,
  OneRunAuditResult as MetricsOneRunAuditResult,
} from '../../metrics/one-run-audit.js';
import type { ViolationCheck as MetricsViolationCheck } from '../../metrics/overlay.js';
import type { TprAtFpr as MetricsTprAtFpr } from '../../metrics/tpr-at-fpr.js';
import type { CellCount } from '../data/inspect.js';
import type { PrivacyPlan } from '../train/plan.js';
import type {
  armResultSchema,
  attackGroupCellSchema,
  attackSummarySchema,
  calibrationCurveSchema,
  epsilonBoundSchema,
  estimateSchema,
  fleetTargetBoundSchema,
  fairnessSeedSpreadSchema,
  groupCountSchema,
  groupVulnerabilitySchema,
  intervalSchema,
  oneRunSchema,
  overlayPointSchema,
  privacyAccountingSchema,
  resultsSchema,
  tprAtFprSchema,
  trainerConformanceSchema,
  violationCheckSchema,
  pairedDeltaSchema,
  groupLossSchema,
  absoluteDisparitySchema,
  verdictStatusSchema,
  verdictCheckSchema,
  federationSchema,
  federationArmSchema,
  federationAttackSchema,
  federationSiteSchema,
  federationSiteUtilitySchema,
  federationWhoPaysSchema,
  armFederationSchema,
} from './schema.js';

export { RESULTS_SCHEMA_VERSION } from './schema.js';
/** A federated arm's plan as results.json records it (arms[].privacy.federation). */
export type ArmFederation = z.infer<typeof armFederationSchema>;
export type { GateResult } from './gate.js';

export type Interval = z.infer<typeof intervalSchema>;
export type Estimate = z.infer<typeof estimateSchema>;
export type PrivacyAccounting = z.infer<typeof privacyAccountingSchema>;
export type EpsilonBound = z.infer<typeof epsilonBoundSchema>;
export type OneRunAudit = z.infer<typeof oneRunSchema>;
export type FleetOneRunBound = z.infer<typeof fleetTargetBoundSchema>;
export type ViolationCheck = z.infer<typeof violationCheckSchema>;
export type TprAtFpr = z.infer<typeof tprAtFprSchema>;
export type AttackGroupCell = z.infer<typeof attackGroupCellSchema>;
export type AttackGroupVulnerability = z.infer<typeof groupVulnerabilitySchema>;
export type AttackSummaryV1 = z.infer<typeof attackSummarySchema>;
export type FairnessSeedSpread = z.infer<typeof fairnessSeedSpreadSchema>;
export type CalibrationCurve = z.infer<typeof calibrationCurveSchema>;
export type OverlayPoint = z.infer<typeof overlayPointSchema>;
export type TrainerConformance = z.infer<typeof trainerConformanceSchema>;
export type DatasetGroupCount = z.infer<typeof groupCountSchema>;
export type UtilityMetrics = ArmResult['utility'];
export type PairedDelta = z.infer<typeof pairedDeltaSchema>;
export type GroupLoss = z.infer<typeof groupLossSchema>;
export type AbsoluteDisparity = z.infer<typeof absoluteDisparitySchema>;
export type VerdictStatus = z.infer<typeof verdictStatusSchema>;
export type VerdictCheck = z.infer<typeof verdictCheckSchema>;
export type FederationResults = z.infer<typeof federationSchema>;
export type FederationArm = z.infer<typeof federationArmSchema>;
export type FederationAttack = z.infer<typeof federationAttackSchema>;
export type FederationSite = z.infer<typeof federationSiteSchema>;
export type FederationSiteUtility = z.infer<typeof federationSiteUtilitySchema>;
export type FederationWhoPays = z.infer<typeof federationWhoPaysSchema>;

/** One arm of the sweep; `fairness` and `whoPays` are metrics/fairness's FairnessReport and DeltaReport. */
export type ArmResult = Omit<z.infer<typeof armResultSchema>, 'fairness' | 'whoPays'> & {
  fairness: FairnessReport | null;
  whoPays: DeltaReport | null;
};

export type ResultsV1 = Omit<z.infer<typeof resultsSchema>, 'arms'> & { arms: ArmResult[] };

// ---------------------------------------------------------------- compile-time checks of the contract

/** Mutual assignability: A and B describe the same values. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when T is `true`. */
type Check<T extends true> = T;

export type ContractChecks = [
  Check<Same<EpsilonBound, MetricsEpsilonBound>>,
  // The audit's additions are optional in the contract (absent in results written before them).
  Check<Same<OneRunAudit, MetricsOneRunResult & Partial<Omit<MetricsOneRunAuditResult, keyof MetricsOneRunResult>>>>,
  Check<[MetricsOneRunAuditResult] extends [OneRunAudit] ? true : false>,
  Check<Same<FleetOneRunBound, MetricsFleetTargetBound>>,
  Check<Same<ViolationCheck, MetricsViolationCheck>>,
  Check<Same<TprAtFpr, MetricsTprAtFpr>>,
  Check<Same<AttackGroupCell, GroupCell>>,
  Check<Same<AttackGroupVulnerability, GroupVulnerability>>,
  Check<Same<AttackSummaryV1, AttackSummary>>,
  // privacyUnit is optional in results.json (absent: the record); a federated arm's plan is written in its own
  // shape (site names instead of indices, small sites suppressed: src/sweep/federation-plan.ts).
  Check<
    Same<
      PrivacyAccounting,
      Omit<PrivacyPlan, 'arm' | 'privacyUnit' | 'federation'> & { privacyUnit?: PrivacyPlan['privacyUnit']; federation?: ArmFederation }
    >
  >,
  Check<Same<DatasetGroupCount, CellCount>>,
  // The fairness schemas accept every FairnessReport / DeltaReport (their inferred types are wider).
  Check<[FairnessReport] extends [z.infer<typeof fairnessReportSchema>] ? true : false>,
  Check<[DeltaReport] extends [z.infer<typeof deltaReportSchema>] ? true : false>,
  Check<[ResultsV1] extends [z.infer<typeof resultsSchema>] ? true : false>,
];
