import type { ExplanationBatch } from "@/lib/explain/types";

/** One feature's attributions over a window's explained records. */
export type FeatureImportance = {
  feature: string;
  /** Mean over records of |attribution|, averaged over the outputs (classes) it has. */
  meanAbs: number;
  /** Mean signed attribution: which way the feature pushes on average. */
  mean: number;
};

export type WindowImportance = {
  method: ExplanationBatch["method"];
  space: ExplanationBatch["space"];
  records: number;
  features: FeatureImportance[];
};

/**
 * Production importance of a window: the mean absolute attribution of each feature (SHAP's global
 * importance), so a feature that pushes some predictions up and others down still counts. A
 * multiclass model's per-class attributions are averaged, each class weighing the same. Sorted
 * by importance, largest first.
 */
export function productionImportance(batch: ExplanationBatch): WindowImportance {
  const totals = new Map<string, { abs: number; signed: number }>();
  for (const record of batch.records) {
    for (const [feature, values] of Object.entries(record.values)) {
      const total = totals.get(feature) ?? { abs: 0, signed: 0 };
      let abs = 0;
      let signed = 0;
      for (const v of values) {
        abs += Math.abs(v);
        signed += v;
      }
      total.abs += abs / values.length;
      total.signed += signed / values.length;
      totals.set(feature, total);
    }
  }
  const n = batch.records.length;
  const features = [...totals].map(([feature, t]) => ({ feature, meanAbs: n ? t.abs / n : 0, mean: n ? t.signed / n : 0 }));
  features.sort((a, b) => b.meanAbs - a.meanAbs || a.feature.localeCompare(b.feature));
  return { method: batch.method, space: batch.space, records: n, features };
}

/**
 * Each feature's share of the total importance, so windows (and training's permutation
 * importance, on another scale) compare by rank and share rather than by raw size.
 */
export function importanceShares(features: readonly { feature: string; meanAbs: number }[]): Map<string, number> {
  const total = features.reduce((sum, f) => sum + f.meanAbs, 0);
  return new Map(features.map((f) => [f.feature, total > 0 ? f.meanAbs / total : 0]));
}
