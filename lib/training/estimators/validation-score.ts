import "server-only";
// How a candidate is scored on validation — for the search's trials and for the selection between
// estimators — and the record of a random search. Never on test.

import { chooseThreshold, type ThresholdChoice } from "../evaluation/choose-threshold";
import { evaluatePredictions, metricsRecord, primaryValue } from "../evaluation/evaluate-predictions";
import { metricDirection } from "@/lib/metrics";
import type { Predictions } from "../models/predictions";
import type { TrainSpec } from "../train-spec";

export type { SearchResult, SearchTrial } from "../report/report-types";

export interface ValidationScore {
  threshold?: ThresholdChoice;
  metrics: Record<string, number>;
  primary: number;
}

/** A candidate's validation score: binary models at the operating threshold chosen on validation. */
export function scoreOnValidation(
  predictions: Predictions,
  y: Float64Array,
  spec: Pick<TrainSpec, "metric" | "costFp" | "costFn">,
): ValidationScore {
  const costs = spec.costFp !== undefined ? { costFp: spec.costFp, costFn: spec.costFn! } : undefined;
  const threshold = predictions.task === "binary" ? chooseThreshold(y, predictions.scores, costs) : undefined;
  const metrics = evaluatePredictions(predictions, y, threshold?.threshold);
  return { threshold, metrics: metricsRecord(metrics), primary: primaryValue(metrics, spec.metric) };
}

export interface CandidateContext {
  spec: TrainSpec;
  task: TrainSpec["task"];
  numClasses: number;
  classWeights?: readonly number[];
  stage: (message: string) => void;
}

/** Strictly better, so ties keep the earlier trial (a stable, seed-determined choice). */
export function isBetter(a: number, b: number, metric: TrainSpec["metric"]): boolean {
  return metricDirection(metric) === "higher_is_better" ? a > b : a < b;
}
