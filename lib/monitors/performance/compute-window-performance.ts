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

type Judge = (value: number | null) => boolean | null;

/** What every task's metrics need: the window, its labelled rows and how to judge a value. */
type WindowContext = {
  manifest: Manifest;
  rows: WindowRow[];
  labeled: WindowRow[];
  base: Pick<WindowPerformance, "predictions" | "labeled" | "labelCoverage" | "primaryMetric">;
  judge: Judge;
  judgeRealized: Judge;
  labelDelay: WindowPerformance["labelDelay"];
};

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
  // A classifier's prediction ingested with its label only carries no score, which every metric
  // here (AUC, calibration, the confidence-based estimate) needs: such rows are left out.
  const scored = manifest.task === "regression" ? rows : rows.filter((r) => r.output.probabilities !== undefined);
  const context = windowContext(manifest, scored, options.minLabels ?? 30);
  if (manifest.task === "regression") return regressionPerformance(context);
  if (manifest.task === "binary") return binaryPerformance(context);
  return multiclassPerformance(context);
}

function windowContext(manifest: Manifest, rows: WindowRow[], minLabels: number): WindowContext {
  const { primaryMetric, deployThreshold } = manifest.evaluation.successCriteria;
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
  const base = { predictions: rows.length, labeled: labeled.length, labelCoverage: coverage, primaryMetric };
  return { manifest, rows, labeled, base, judge, judgeRealized, labelDelay };
}

function realized(
  context: WindowContext,
  metrics: Record<string, number | null>,
  primaryValue: number | null,
  expectedCost: number | null,
): WindowPerformance {
  return {
    ...context.base,
    kind: "realized",
    metrics,
    primaryValue,
    meetsThreshold: context.judgeRealized(primaryValue),
    expectedCost,
    labelDelay: context.labelDelay,
  };
}

function estimated(
  context: WindowContext,
  metrics: Record<string, number | null>,
  expectedCost: number | null,
): WindowPerformance {
  const primaryValue = metrics[context.base.primaryMetric] ?? null;
  return {
    ...context.base,
    kind: "estimated",
    metrics,
    primaryValue,
    meetsThreshold: context.judge(primaryValue),
    expectedCost,
    labelDelay: null,
  };
}

function regressionPerformance(context: WindowContext): WindowPerformance[] {
  const { labeled } = context;
  if (!labeled.length) return [];
  const r = evaluate({
    task: "regression",
    yTrue: labeled.map((x) => x.outcome!.value ?? NaN),
    predictions: labeled.map((x) => x.output.value ?? NaN),
  });
  const metrics = { mae: r.mae, rmse: r.rmse, r2: r.r2 };
  const primaryValue = metrics[context.base.primaryMetric as "mae" | "rmse"] ?? null;
  return [realized(context, metrics, primaryValue, null)];
}

function binaryPerformance(context: WindowContext): WindowPerformance[] {
  const { manifest, rows, labeled } = context;
  const { primaryMetric, costFalsePositive, costFalseNegative } = manifest.evaluation.successCriteria;
  const positive = manifest.outputs.classes![1];
  const threshold = manifest.outputs.threshold!;
  const scoreOf = (r: WindowRow) => r.output.probabilities?.[positive] ?? NaN;
  const results: WindowPerformance[] = [];
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
    const costs = costFalsePositive !== undefined && costFalseNegative !== undefined;
    const expectedCost = costs
      ? (costFalsePositive! * atThreshold.confusion.fp + costFalseNegative! * atThreshold.confusion.fn) / labeled.length
      : null;
    results.push(realized(context, metrics, metrics[primaryMetric] ?? null, expectedCost));
  }
  if (rows.length) {
    const calibration = manifest.calibration?.calibrated === false ? manifest.calibration.bins : undefined;
    const probabilities = rows.map((r) => (calibration ? calibrateScore(scoreOf(r), calibration) : scoreOf(r)));
    const est = estimateBinaryPerformance({ probabilities, threshold, costFalsePositive, costFalseNegative });
    const metrics = { auc: est.auc, f1: est.f1, precision: est.precision, recall: est.recall, accuracy: est.accuracy };
    results.push(estimated(context, metrics, est.expectedCost));
  }
  return results;
}

function multiclassPerformance(context: WindowContext): WindowPerformance[] {
  const { manifest, rows, labeled } = context;
  const classes = manifest.outputs.classes!;
  const probabilityRows = (r: WindowRow) => classes.map((c) => r.output.probabilities?.[c] ?? 0);
  const results: WindowPerformance[] = [];
  if (labeled.length) {
    const metrics = multiclassRealizedMetrics(classes, labeled, probabilityRows);
    results.push(realized(context, metrics, metrics[context.base.primaryMetric] ?? null, null));
  }
  if (rows.length) {
    const est = estimateMulticlassPerformance(rows.map(probabilityRows));
    results.push(estimated(context, { accuracy: est.accuracy, macro_f1: est.macroF1 }, null));
  }
  return results;
}

function multiclassRealizedMetrics(
  classes: string[],
  labeled: WindowRow[],
  probabilityRows: (r: WindowRow) => number[],
): Record<string, number | null> {
  const y = labeled.map((r) => classes.indexOf(r.outcome!.label ?? ""));
  try {
    const full = evaluate({
      task: "multiclass",
      yTrue: y,
      probabilities: { values: labeled.flatMap(probabilityRows), numClasses: classes.length },
    });
    const metrics: Record<string, number | null> = { accuracy: full.accuracy, macro_f1: full.macroF1, auc: full.aucOvrMacro };
    for (const c of full.perClass) {
      metrics[`recall_${classes[c.classIndex]}`] = c.recall;
    }
    return metrics;
  } catch (error) {
    // A window where some class never occurred has no one-vs-rest AUC; the rest is still defined.
    if (!(error instanceof RangeError)) throw error;
    const predictions = labeled.map((r) => classes.indexOf(r.output.label ?? ""));
    const correct = y.filter((t, i) => t === predictions[i]).length;
    return { accuracy: correct / y.length, macro_f1: null, auc: null };
  }
}
