// The success criteria when --metric/--deploy-threshold are not given: a bar any useful model of
// the task clears, said in the summary so the user can set their own.

import type { Task } from "@/lib/core/manifest/manifest-schema";
import { METRICS_FOR_TASK, type TrainMetric } from "@/lib/training/train-spec";
import { ManifestInferenceError } from "./inference-error";

export type SuccessCriteria = { primaryMetric: TrainMetric; deployThreshold: number; defaulted: string[] };

export function chooseSuccessCriteria(o: {
  task: Task;
  metric?: string;
  deployThreshold?: number;
  /** Regression targets of the reference rows: the default bar is the error of predicting their mean. */
  y: Float64Array;
}): SuccessCriteria {
  const allowed = METRICS_FOR_TASK[o.task];
  if (o.metric !== undefined && !allowed.includes(o.metric as TrainMetric))
    throw new ManifestInferenceError(`--metric ${o.metric} does not fit a ${o.task} model; use one of ${allowed.join(", ")}`);
  const metric = (o.metric ?? { binary: "auc", multiclass: "macro_f1", regression: "rmse" }[o.task]) as TrainMetric;
  const defaulted = [
    ...(o.metric === undefined ? ["metric"] : []),
    ...(o.deployThreshold === undefined ? ["deployThreshold"] : []),
  ];
  return { primaryMetric: metric, deployThreshold: o.deployThreshold ?? defaultThreshold(metric, o.y), defaulted };
}

function defaultThreshold(metric: TrainMetric, y: Float64Array): number {
  switch (metric) {
    case "auc":
      return 0.7;
    case "f1":
    case "macro_f1":
    case "accuracy":
      return 0.5;
    case "mae":
    case "rmse": {
      // The error of always predicting the reference mean (rmse: the standard deviation; mae: the mean absolute deviation).
      const mean = y.reduce((s, v) => s + v, 0) / y.length;
      const deviation =
        metric === "rmse"
          ? Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / y.length)
          : y.reduce((s, v) => s + Math.abs(v - mean), 0) / y.length;
      return Number(deviation.toPrecision(6));
    }
  }
}
