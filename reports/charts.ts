/** Every chart of the report, by section slot; a slot is null when its data was not measured. */
import type { ResultsV1 } from '../src/results/types.js';
import type { Chart } from './chart.js';
import { attackEpsilonChart } from './specs/attack-epsilon.js';
import { calibrationChart } from './specs/calibration.js';
import { disparityChart } from './specs/disparity.js';
import { epsilonLbChart } from './specs/epsilon-lb.js';
import { federatedLeakageChart, federatedUtilityChart } from './specs/federation.js';
import { paretoChart } from './specs/pareto.js';
import { privacyUtilityChart } from './specs/privacy-utility.js';
import { rocChart } from './specs/roc.js';
import { vulnerabilityChart } from './specs/vulnerability.js';
import { whoPaysChart } from './specs/who-pays.js';

export interface ReportCharts {
  pareto: Chart | null;
  privacyUtility: Chart | null;
  disparity: Chart | null;
  whoPays: Chart | null;
  calibration: Chart | null;
  attackEpsilon: Chart | null;
  roc: Chart | null;
  epsilonLb: Chart | null;
  vulnerability: Chart | null;
  federatedUtility: Chart | null;
  federatedLeakage: Chart | null;
}

export function buildCharts(results: ResultsV1): ReportCharts {
  return {
    pareto: paretoChart(results),
    privacyUtility: privacyUtilityChart(results),
    disparity: disparityChart(results),
    whoPays: whoPaysChart(results),
    calibration: calibrationChart(results),
    attackEpsilon: attackEpsilonChart(results),
    roc: rocChart(results),
    epsilonLb: epsilonLbChart(results),
    vulnerability: vulnerabilityChart(results),
    federatedUtility: federatedUtilityChart(results),
    federatedLeakage: federatedLeakageChart(results),
  };
}

export function chartList(charts: ReportCharts): Chart[] {
  return Object.values(charts).filter((c): c is Chart => c !== null);
}
