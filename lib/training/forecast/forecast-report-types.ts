// What a forecast run found, as one typed object: written as report.json, rendered as report.html,
// summarised in the manifest and printed by the CLI.

import type { ForecastMetrics } from "./forecast-metrics";
import type { ForecastParity } from "./forecast-parity";
import type { EpochLoss, ForecastModelName } from "./forecaster";

export interface ForecastCandidate {
  name: ForecastModelName;
  description: string;
  validation: ForecastMetrics;
  test: ForecastMetrics;
  history?: EpochLoss[];
}

export interface ForecastReport {
  task: "forecast";
  target: string;
  timeColumn: string;
  metric: "mae" | "rmse" | "mase";
  deployThreshold: number;
  data: { file: string; sha256: string; observations: number; gaps: number };
  frequency: string | null;
  period: number;
  periodSource: "frequency" | "autocorrelation";
  lookback: number;
  horizon: number;
  /** In-sample seasonal-naive MAE on train: MASE's denominator. */
  maseScale: number;
  split: Record<"train" | "validation" | "test", { observations: number; windows: number; from: string; to: string }>;
  candidates: ForecastCandidate[];
  selected: ForecastModelName;
  /** Whether the selected model's test MASE is below seasonal naive's. */
  beatsSeasonalNaive: boolean;
  verdict: { passed: boolean; message: string };
  ledger: { splitId: string; file: string; evaluations: number; reused: boolean };
  parity: ForecastParity;
  /**
   * The selected model's test forecasts for the chart: one step ahead at `times` (each window's first
   * target), and H steps ahead at `lastStepTimes` (its last target, the time that forecast is for).
   */
  testForecast: {
    times: number[];
    actual: number[];
    firstStep: number[];
    lastStepTimes: number[];
    lastStepActual: number[];
    lastStep: number[];
  };
  seed: number;
  startedAt: string;
  toolVersion: string;
}
