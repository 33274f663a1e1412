// Scores a candidate's predictions with lib/metrics (the implementation monitoring uses, checked
// against scikit-learn), and gathers what the report draws: curves, confusion, calibration, residuals.

import {
  evaluate,
  metricValue,
  precisionRecallCurve,
  reliabilityTable,
  rocCurve,
  type MetricsResult,
  type ReliabilityBin,
} from "@/lib/metrics";
import type { Predictions } from "../models/predictions";
import type { TrainMetric } from "../train-spec";

export function evaluatePredictions(predictions: Predictions, y: Float64Array, threshold = 0.5): MetricsResult {
  if (predictions.task === "binary") return evaluate({ task: "binary", yTrue: y, scores: predictions.scores, threshold });
  if (predictions.task === "multiclass") {
    return evaluate({
      task: "multiclass",
      yTrue: y,
      probabilities: { values: predictions.probabilities, numClasses: predictions.numClasses },
      // A class missing from a (chronological) split leaves only the AUC undefined, not the run.
      aucWhenClassMissing: "null",
    });
  }
  return evaluate({ task: "regression", yTrue: y, predictions: predictions.values });
}

export function primaryValue(result: MetricsResult, metric: TrainMetric): number {
  return metricValue(result, metric);
}

/** The flat name → number record the manifest stores (and the registry's gate reads). */
export function metricsRecord(result: MetricsResult): Record<string, number> {
  switch (result.kind) {
    case "binary":
      return {
        auc: result.auc,
        average_precision: result.averagePrecision,
        f1: result.atThreshold.f1,
        precision: result.atThreshold.precision,
        recall: result.atThreshold.recall,
        accuracy: result.atThreshold.accuracy,
        log_loss: result.logLoss,
        brier: result.brier,
        ece: result.expectedCalibrationError,
        threshold: result.atThreshold.threshold,
      };
    case "multiclass":
      return {
        // An undefined AUC is left out: the manifest's metrics are numbers, and absent means unknown.
        ...(result.aucOvrMacro === null ? {} : { auc: result.aucOvrMacro }),
        macro_f1: result.macroF1,
        weighted_f1: result.weightedF1,
        accuracy: result.accuracy,
        log_loss: result.logLoss,
      };
    case "regression":
      return { mae: result.mae, rmse: result.rmse, r2: result.r2, median_absolute_error: result.medianAbsoluteError };
  }
}

export interface CurvePoint {
  x: number;
  y: number;
}

export type EvaluationDetail =
  | {
      kind: "binary";
      metrics: MetricsResult;
      roc: CurvePoint[];
      pr: CurvePoint[];
      calibration: ReliabilityBin[];
      /** [[tn, fp], [fn, tp]] at the operating threshold. */
      confusion: number[][];
    }
  | { kind: "multiclass"; metrics: MetricsResult; confusion: number[][] }
  | {
      kind: "regression";
      metrics: MetricsResult;
      residuals: { quantiles: Record<string, number>; histogram: { edges: number[]; counts: number[] } };
    };

/** Curves are thinned to at most this many points: enough to draw, small enough for report.json. */
const MAX_CURVE_POINTS = 400;

export function evaluationDetail(predictions: Predictions, y: Float64Array, threshold = 0.5): EvaluationDetail {
  const metrics = evaluatePredictions(predictions, y, threshold);
  if (predictions.task === "binary" && metrics.kind === "binary") {
    const roc = rocCurve(y, predictions.scores);
    const pr = precisionRecallCurve(y, predictions.scores);
    const { tp, fp, tn, fn } = metrics.atThreshold.confusion;
    return {
      kind: "binary",
      metrics,
      roc: thin(roc.fpr.map((x, i) => ({ x, y: roc.tpr[i] }))),
      pr: thin(pr.recall.map((x, i) => ({ x, y: pr.precision[i] }))),
      calibration: reliabilityTable(y, predictions.scores),
      confusion: [
        [tn, fp],
        [fn, tp],
      ],
    };
  }
  if (metrics.kind === "multiclass") return { kind: "multiclass", metrics, confusion: metrics.confusion };
  const values = (predictions as Extract<Predictions, { task: "regression" }>).values;
  const residuals = Float64Array.from(y, (t, i) => t - values[i]).sort();
  const q = (p: number) => residuals[Math.min(residuals.length - 1, Math.floor(p * (residuals.length - 1)))];
  const lo = residuals[0];
  const hi = residuals[residuals.length - 1];
  const bins = 20;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  for (const r of residuals) counts[Math.min(bins - 1, hi === lo ? 0 : Math.floor(((r - lo) / (hi - lo)) * bins))]++;
  return {
    kind: "regression",
    metrics,
    residuals: {
      quantiles: { "0.05": q(0.05), "0.25": q(0.25), "0.5": q(0.5), "0.75": q(0.75), "0.95": q(0.95) },
      histogram: { edges, counts },
    },
  };
}

function thin(points: CurvePoint[]): CurvePoint[] {
  if (points.length <= MAX_CURVE_POINTS) return points;
  const step = (points.length - 1) / (MAX_CURVE_POINTS - 1);
  return Array.from({ length: MAX_CURVE_POINTS }, (_, i) => points[Math.round(i * step)]);
}
