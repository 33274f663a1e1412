// The floors a registered model must beat, measured on the same test rows as the model: the
// majority (or mean) and linear baselines of tidemark train, fitted on the reference rows with the
// same preprocessing, so the promotion gate compares the model with what a trivial one achieves.

import { createEstimators } from "@/lib/training/estimators/registry";
import type { SplitData } from "@/lib/training/estimators/estimator";
import { fitPreprocessor, transform } from "@/lib/training/data/preprocessor";
import { evaluatePredictions, metricsRecord } from "@/lib/training/evaluation/evaluate-predictions";
import { trainSpecSchema, type TrainMetric } from "@/lib/training/train-spec";
import type { Column } from "@/lib/training/table";
import type { Task } from "@/lib/core/manifest/manifest-schema";
import type { ScoringRows } from "./measure-model";

export type BaselineOptions = {
  task: Task;
  metric: TrainMetric;
  deployThreshold: number;
  classes?: string[];
  threshold?: number;
  featureColumns: readonly Column[];
  /** Data column → manifest feature name. */
  names: ReadonlyMap<string, string>;
  reference: ScoringRows & { file: string; target: string };
  test: ScoringRows;
};

export async function measureBaselines(o: BaselineOptions): Promise<{ name: string; metrics: Record<string, number> }[]> {
  const preprocessor = fitPreprocessor(o.reference.table, o.featureColumns, o.names, o.reference.rows);
  const split = (data: ScoringRows): SplitData => ({
    x: transform(data.table, preprocessor, data.rows),
    rows: data.rows.length,
    width: preprocessor.width,
    y: data.y,
    sourceRows: data.rows,
  });
  const train = split(o.reference);
  const test = split(o.test);
  const spec = trainSpecSchema.parse({
    data: o.reference.file,
    target: o.reference.target,
    task: o.task,
    metric: o.metric,
    deployThreshold: o.deployThreshold,
    out: ".",
    models: ["majority", "linear"],
  });
  const baselines = [];
  for (const estimator of createEstimators(["majority", "linear"])) {
    await estimator.fit({
      spec,
      numClasses: o.classes?.length ?? 1,
      table: o.reference.table,
      preprocessor,
      y: fullTarget(o.reference),
      train,
      // Neither baseline stops early or searches; the reference rows stand in for validation.
      validation: train,
      stage: () => {},
      onEpoch: () => {},
    });
    const metrics = metricsRecord(evaluatePredictions(estimator.predict(test), o.test.y, o.threshold));
    baselines.push({ name: estimator.kind, metrics });
    estimator.dispose();
  }
  return baselines;
}

/** The target per table row (NaN where it is missing), as FitData carries it. */
function fullTarget(data: ScoringRows): Float64Array {
  const y = new Float64Array(data.table.rows).fill(Number.NaN);
  data.rows.forEach((row, i) => {
    y[row] = data.y[i];
  });
  return y;
}
