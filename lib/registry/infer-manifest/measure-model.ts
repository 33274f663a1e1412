// Scores the user's model on labelled rows with the metric code tidemark train and monitoring use,
// and measures how much it relies on each input by permutation (Breiman 2001; scikit-learn's
// permutation_importance with n_repeats=1): shuffle one column across the rows, and the metric
// lost is that input's importance.

import { metricDirection } from "@/lib/metrics";
import { evaluatePredictions, metricsRecord, primaryValue } from "@/lib/training/evaluation/evaluate-predictions";
import { createRandom, deriveSeed, shuffleInPlace } from "@/lib/training/random";
import { selectRows, type Column, type Table } from "@/lib/training/table";
import type { TrainMetric } from "@/lib/training/train-spec";
import type { Task } from "@/lib/core/manifest/manifest-schema";
import type { ReferenceModel } from "./run-reference-model";
import { toPredictions } from "./model-outputs";

export type ScoringRows = { table: Table; rows: Int32Array; y: Float64Array };
export type ScoringContext = { task: Task; classes?: string[]; threshold?: number };

export async function measureMetrics(model: ReferenceModel, data: ScoringRows, context: ScoringContext) {
  const predictions = toPredictions(await model(data.table, data.rows), context.task, context.classes);
  return metricsRecord(evaluatePredictions(predictions, data.y, context.threshold));
}

export type PermutationImportanceOptions = ScoringRows &
  ScoringContext & {
    model: ReferenceModel;
    /** Data column → manifest feature name: importances are keyed by feature name. */
    features: ReadonlyMap<string, string>;
    metric: TrainMetric;
    seed: number;
  };

export type FeatureImportance = { feature: string; drop: number; share: number };

/** The drop per feature (never below 0: a lucky shuffle is not importance) and its share of the total. */
export async function permutationImportance(o: PermutationImportanceOptions): Promise<FeatureImportance[]> {
  // A copy of just these rows, so a shuffle moves |rows| values and never the whole file.
  const all = Int32Array.from({ length: o.rows.length }, (_, i) => i);
  const columns = o.table.columns.filter((c) => o.features.has(c.name)).map((c) => selectRows(c, o.rows));
  const score = async (cols: Column[]) => {
    const outputs = await o.model({ rows: all.length, columns: cols }, all);
    return primaryValue(evaluatePredictions(toPredictions(outputs, o.task, o.classes), o.y, o.threshold), o.metric);
  };
  const base = await score(columns);
  const higherIsBetter = metricDirection(o.metric) === "higher_is_better";
  const random = createRandom(deriveSeed(o.seed, "permutation-importance"));
  const drops: { feature: string; drop: number }[] = [];
  for (const column of columns) {
    const order = shuffleInPlace(Int32Array.from(all), random);
    const value = await score(columns.map((c) => (c === column ? selectRows(c, order) : c)));
    drops.push({ feature: o.features.get(column.name)!, drop: Math.max(0, higherIsBetter ? base - value : value - base) });
  }
  const total = drops.reduce((s, d) => s + d.drop, 0);
  return drops.map((d) => ({ ...d, share: total > 0 ? d.drop / total : 0 }));
}
