// metricValue / metricDirection, as used by the model registry's promotion gate.

import { describe, expect, it } from "vitest";
import {
  evaluate,
  isMetricName,
  METRIC_NAMES,
  metricDirection,
  metricsForTask,
  metricValue,
  probabilityMatrixFromRows,
  type MetricName,
  type MetricsResult,
  type Task,
} from "@/lib/metrics";

const binary = evaluate({ task: "binary", yTrue: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8], threshold: 0.3 });
const multiclass = evaluate({
  task: "multiclass",
  yTrue: [0, 1, 1, 2],
  probabilities: probabilityMatrixFromRows([
    [0.7, 0.2, 0.1],
    [0.1, 0.8, 0.1],
    [0.3, 0.3, 0.4],
    [0.2, 0.2, 0.6],
  ]),
});
const regression = evaluate({ task: "regression", yTrue: [3, -0.5, 2, 7], predictions: [2.5, 0, 2, 8] });

describe("metricDirection", () => {
  it("says which way each metric improves", () => {
    const expected: Record<MetricName, string> = {
      auc: "higher_is_better",
      f1: "higher_is_better",
      macro_f1: "higher_is_better",
      accuracy: "higher_is_better",
      average_precision: "higher_is_better",
      mae: "lower_is_better",
      rmse: "lower_is_better",
      log_loss: "lower_is_better",
    };
    expect([...METRIC_NAMES].sort()).toEqual(Object.keys(expected).sort());
    for (const name of METRIC_NAMES) expect(metricDirection(name), name).toBe(expected[name]);
  });

  it("rejects unknown names (they come from configuration)", () => {
    expect(() => metricDirection("precision" as MetricName)).toThrow(RangeError);
    expect(isMetricName("auc")).toBe(true);
    expect(isMetricName("AUC")).toBe(false);
    expect(isMetricName(undefined)).toBe(false);
  });
});

describe("metricValue", () => {
  it("reads binary metrics, with f1 and accuracy taken at the evaluation threshold", () => {
    expect(metricValue(binary, "auc")).toBe(binary.auc);
    expect(metricValue(binary, "average_precision")).toBe(binary.averagePrecision);
    expect(metricValue(binary, "log_loss")).toBe(binary.logLoss);
    // At threshold 0.3: rows 0.4 (neg), 0.35 (pos), 0.8 (pos) flagged → tp 2, fp 1 → F1 0.8, accuracy 0.75.
    expect(metricValue(binary, "f1")).toBeCloseTo(0.8, 15);
    expect(metricValue(binary, "accuracy")).toBe(0.75);
  });

  it("reads multiclass metrics, with auc meaning one-vs-rest macro AUC", () => {
    expect(metricValue(multiclass, "auc")).toBe(multiclass.aucOvrMacro);
    expect(metricValue(multiclass, "macro_f1")).toBe(multiclass.macroF1);
    expect(metricValue(multiclass, "accuracy")).toBe(0.75);
    expect(metricValue(multiclass, "log_loss")).toBe(multiclass.logLoss);
  });

  it("reads regression metrics", () => {
    expect(metricValue(regression, "mae")).toBe(0.5);
    expect(metricValue(regression, "rmse")).toBeCloseTo(Math.sqrt(0.375), 15);
  });

  it("throws for a metric the task does not define instead of comparing different quantities", () => {
    expect(() => metricValue(multiclass, "f1")).toThrow(
      /metric "f1" is not defined for multiclass results; use one of auc, macro_f1/,
    );
    expect(() => metricValue(binary, "mae")).toThrow(RangeError);
    expect(() => metricValue(regression, "auc")).toThrow(RangeError);
    expect(() => metricValue(binary, "nope" as MetricName)).toThrow(/metricName must be one of/);
  });

  it("accepts exactly the names metricsForTask lists", () => {
    const results: Record<Task, MetricsResult> = { binary, multiclass, regression };
    for (const task of ["binary", "multiclass", "regression"] as const) {
      const allowed = metricsForTask(task);
      expect(allowed.length).toBeGreaterThan(0);
      for (const name of METRIC_NAMES) {
        if (allowed.includes(name)) expect(Number.isFinite(metricValue(results[task], name)), `${task}/${name}`).toBe(true);
        else expect(() => metricValue(results[task], name), `${task}/${name}`).toThrow(RangeError);
      }
    }
  });

  it("works on results that went through JSON storage", () => {
    const stored = JSON.parse(JSON.stringify(binary)) as MetricsResult;
    expect(metricValue(stored, "auc")).toBe(binary.auc);
  });

  it("supports a promotion gate comparing a candidate with a baseline", () => {
    const better = (name: MetricName, candidate: MetricsResult, baseline: MetricsResult): boolean => {
      const c = metricValue(candidate, name);
      const b = metricValue(baseline, name);
      return metricDirection(name) === "higher_is_better" ? c > b : c < b;
    };
    const worseRegression = evaluate({ task: "regression", yTrue: [3, -0.5, 2, 7], predictions: [1, 1, 1, 1] });
    expect(better("mae", regression, worseRegression)).toBe(true);
    expect(better("rmse", worseRegression, regression)).toBe(false);
    const worseBinary = evaluate({ task: "binary", yTrue: [0, 0, 1, 1], scores: [0.8, 0.4, 0.35, 0.1] });
    expect(better("auc", binary, worseBinary)).toBe(true);
    expect(better("log_loss", binary, worseBinary)).toBe(true);
  });
});
