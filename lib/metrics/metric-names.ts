// Named access to stored results for the model registry's promotion gate, which compares a
// candidate with its baselines on one configured metric. Names are the stable, snake_case keys
// used in configuration; each is defined only for the tasks where its meaning is unambiguous, and
// asking for it elsewhere throws rather than silently comparing different quantities.

import type { MetricsResult, Task } from "./evaluate";

export const METRIC_NAMES = ["auc", "f1", "macro_f1", "accuracy", "mae", "rmse", "log_loss", "average_precision"] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

export type MetricDirection = "higher_is_better" | "lower_is_better";

const DIRECTIONS: Readonly<Record<MetricName, MetricDirection>> = {
  auc: "higher_is_better",
  f1: "higher_is_better",
  macro_f1: "higher_is_better",
  accuracy: "higher_is_better",
  average_precision: "higher_is_better",
  mae: "lower_is_better",
  rmse: "lower_is_better",
  log_loss: "lower_is_better",
};

const METRICS_BY_TASK: Readonly<Record<Task, readonly MetricName[]>> = {
  // "f1" is the F1 of the positive class at the evaluation threshold; it has no single meaning
  // for multiclass, where "macro_f1" must be asked for explicitly.
  binary: ["auc", "f1", "accuracy", "log_loss", "average_precision"],
  // "auc" is the one-vs-rest macro AUC.
  multiclass: ["auc", "macro_f1", "accuracy", "log_loss"],
  regression: ["mae", "rmse"],
};

export function isMetricName(name: unknown): name is MetricName {
  return typeof name === "string" && (METRIC_NAMES as readonly string[]).includes(name);
}

function assertMetricName(name: unknown): asserts name is MetricName {
  if (!isMetricName(name)) {
    throw new RangeError(`metricName must be one of ${METRIC_NAMES.join(", ")}; got ${JSON.stringify(name)}`);
  }
}

export function metricDirection(name: MetricName): MetricDirection {
  assertMetricName(name);
  return DIRECTIONS[name];
}

/** The metric names metricValue accepts for results of this task. */
export function metricsForTask(task: Task): readonly MetricName[] {
  const names = METRICS_BY_TASK[task];
  if (names === undefined)
    throw new RangeError(`task must be "binary", "multiclass" or "regression", got ${JSON.stringify(task)}`);
  return names;
}

export function metricValue(result: MetricsResult, metricName: MetricName): number {
  assertMetricName(metricName);
  if (result === null || typeof result !== "object") throw new TypeError("result must be a metrics result object");
  switch (result.kind) {
    case "binary":
      switch (metricName) {
        case "auc":
          return result.auc;
        case "f1":
          return result.atThreshold.f1;
        case "accuracy":
          return result.atThreshold.accuracy;
        case "log_loss":
          return result.logLoss;
        case "average_precision":
          return result.averagePrecision;
      }
      break;
    case "multiclass":
      switch (metricName) {
        case "auc":
          if (result.aucOvrMacro === null) throw new RangeError(result.aucUndefinedReason ?? "the one-vs-rest AUC is undefined");
          return result.aucOvrMacro;
        case "macro_f1":
          return result.macroF1;
        case "accuracy":
          return result.accuracy;
        case "log_loss":
          return result.logLoss;
      }
      break;
    case "regression":
      switch (metricName) {
        case "mae":
          return result.mae;
        case "rmse":
          return result.rmse;
      }
      break;
    default: {
      const kind: unknown = (result as { kind?: unknown }).kind;
      throw new RangeError(`result.kind must be "binary", "multiclass" or "regression", got ${JSON.stringify(kind)}`);
    }
  }
  throw new RangeError(
    `metric "${metricName}" is not defined for ${result.kind} results; use one of ${METRICS_BY_TASK[result.kind].join(", ")}`,
  );
}
