import { evaluate, metricDirection, thresholdMetrics, type MetricName } from "@/lib/metrics";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { estimateBinaryPerformance, estimateMulticlassPerformance } from "@/lib/monitors/performance/estimate-performance";
import { calibrateScore } from "@/lib/monitors/performance/score-calibration";
import type { WindowRow } from "@/lib/monitors/shared/window-rows";

export type WindowPerformance = {
  kind: "realized" | "estimated";
  predictions: number;
  labeled: number;
  labelCoverage: number;
  metrics: Record<string, number | null>;
  primaryMetric: string;
  primaryValue: number | null;
  meetsThreshold: boolean | null;
  expectedCost: number | null;
  labelDelay: { p50Seconds: number; p90Seconds: number; maxSeconds: number } | null;
};

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/**
 * Realized performance from the labelled predictions of a window, with the same lib/metrics as
 * training, and (classifiers) the confidence-based estimate from all its predictions. Realized
 * metrics from fewer than minLabels labels are kept but not judged (meetsThreshold null).
 */
export function computeWindowPerformance(
  manifest: Manifest,
  rows: WindowRow[],
  options: { minLabels?: number } = {},
): WindowPerformance[] {
  const minLabels = options.minLabels ?? 30;
  // A classifier's prediction ingested with its label only carries no score, which every metric
  // here (AUC, calibration, the confidence-based estimate) needs: such rows are left out.
  if (manifest.task !== "regression") rows = rows.filter((r) => r.output.probabilities !== undefined);
  const { primaryMetric, deployThreshold, costFalsePositive, costFalseNegative } = manifest.evaluation.successCriteria;
  const labeled = rows.filter((r) => r.outcome !== null);
  const coverage = rows.length ? labeled.length / rows.length : 0;
  const judge = (value: number | null) =>
    value === null
      ? null
      : metricDirection(primaryMetric as MetricName) === "higher_is_better"
        ? value >= deployThreshold
        : value <= deployThreshold;
  const judgeRealized = (value: number | null) => (labeled.length < minLabels ? null : judge(value));
  const delays = labeled.map((r) => (r.outcome!.observedAt.getTime() - r.createdAt.getTime()) / 1000).sort((a, b) => a - b);
  const labelDelay = delays.length
    ? { p50Seconds: quantile(delays, 0.5), p90Seconds: quantile(delays, 0.9), maxSeconds: delays[delays.length - 1] }
    : null;
  const results: WindowPerformance[] = [];
  const base = { predictions: rows.length, labeled: labeled.length, labelCoverage: coverage, primaryMetric };

  if (manifest.task === "regression") {
    if (labeled.length) {
      const r = evaluate({
        task: "regression",
        yTrue: labeled.map((x) => x.outcome!.value ?? NaN),
        predictions: labeled.map((x) => x.output.value ?? NaN),
      });
      const metrics = { mae: r.mae, rmse: r.rmse, r2: r.r2 };
      const primaryValue = metrics[primaryMetric as "mae" | "rmse"] ?? null;
      results.push({
        ...base,
        kind: "realized",
        metrics,
        primaryValue,
        meetsThreshold: judgeRealized(primaryValue),
        expectedCost: null,
        labelDelay,
      });
    }
    return results;
  }

  const classes = manifest.outputs.classes!;
  const costs = costFalsePositive !== undefined && costFalseNegative !== undefined;
  if (manifest.task === "binary") {
    const positive = classes[1];
    const threshold = manifest.outputs.threshold!;
    const scoreOf = (r: WindowRow) => r.output.probabilities?.[positive] ?? NaN;
    if (labeled.length) {
      const y = labeled.map((r) => (r.outcome!.label === positive ? 1 : 0));
      const s = labeled.map(scoreOf);
      const atThreshold = thresholdMetrics(y, s, { threshold });
      const bothClasses = y.includes(0) && y.includes(1);
      const full = bothClasses ? evaluate({ task: "binary", yTrue: y, scores: s, threshold }) : null;
      const metrics: Record<string, number | null> = {
        auc: full?.auc ?? null,
        f1: atThreshold.f1,
        precision: atThreshold.precision,
        recall: atThreshold.recall,
        accuracy: atThreshold.accuracy,
        calibration_error: full?.expectedCalibrationError ?? null,
        tp: atThreshold.confusion.tp,
        fp: atThreshold.confusion.fp,
        tn: atThreshold.confusion.tn,
        fn: atThreshold.confusion.fn,
      };
      const primaryValue = metrics[primaryMetric] ?? null;
      const expectedCost = costs
        ? (costFalsePositive! * atThreshold.confusion.fp + costFalseNegative! * atThreshold.confusion.fn) / labeled.length
        : null;
      results.push({
        ...base,
        kind: "realized",
        metrics,
        primaryValue,
        meetsThreshold: judgeRealized(primaryValue),
        expectedCost,
        labelDelay,
      });
    }
    if (rows.length) {
      const calibration = manifest.calibration?.calibrated === false ? manifest.calibration.bins : undefined;
      const probabilities = rows.map((r) => (calibration ? calibrateScore(scoreOf(r), calibration) : scoreOf(r)));
      const est = estimateBinaryPerformance({ probabilities, threshold, costFalsePositive, costFalseNegative });
      const metrics = { auc: est.auc, f1: est.f1, precision: est.precision, recall: est.recall, accuracy: est.accuracy };
      const primaryValue = (metrics as Record<string, number | null>)[primaryMetric] ?? null;
      results.push({
        ...base,
        kind: "estimated",
        metrics,
        primaryValue,
        meetsThreshold: judge(primaryValue),
        expectedCost: est.expectedCost,
        labelDelay: null,
      });
    }
    return results;
  }

  const probabilityRows = (r: WindowRow) => classes.map((c) => r.output.probabilities?.[c] ?? 0);
  if (labeled.length) {
    const y = labeled.map((r) => classes.indexOf(r.outcome!.label ?? ""));
    const predictions = labeled.map((r) => classes.indexOf(r.output.label ?? ""));
    let metrics: Record<string, number | null>;
    try {
      const full = evaluate({
        task: "multiclass",
        yTrue: y,
        probabilities: { values: labeled.flatMap(probabilityRows), numClasses: classes.length },
      });
      metrics = { accuracy: full.accuracy, macro_f1: full.macroF1, auc: full.aucOvrMacro };
      full.perClass.forEach((c) => (metrics[`recall_${classes[c.classIndex]}`] = c.recall));
    } catch (error) {
      // A window where some class never occurred has no one-vs-rest AUC; the rest is still defined.
      if (!(error instanceof RangeError)) throw error;
      const correct = y.filter((t, i) => t === predictions[i]).length;
      metrics = { accuracy: correct / y.length, macro_f1: null, auc: null };
    }
    const primaryValue = metrics[primaryMetric] ?? null;
    results.push({
      ...base,
      kind: "realized",
      metrics,
      primaryValue,
      meetsThreshold: judgeRealized(primaryValue),
      expectedCost: null,
      labelDelay,
    });
  }
  if (rows.length) {
    const est = estimateMulticlassPerformance(rows.map(probabilityRows));
    const metrics: Record<string, number | null> = { accuracy: est.accuracy, macro_f1: est.macroF1 };
    const primaryValue = metrics[primaryMetric] ?? null;
    results.push({
      ...base,
      kind: "estimated",
      metrics,
      primaryValue,
      meetsThreshold: judge(primaryValue),
      expectedCost: null,
      labelDelay: null,
    });
  }
  return results;
}
