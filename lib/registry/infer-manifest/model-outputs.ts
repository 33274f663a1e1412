// What the model's answers on data rows become in the manifest: the predictions in the shape
// lib/metrics scores, the reference profile of each named output (as monitoring reads them), and
// the reliability bins monitoring uses to estimate performance before labels arrive.

import { expectedCalibrationErrorFromTable } from "@/lib/metrics/calibration";
import { reliabilityTable } from "@/lib/metrics";
import type { PredictionOutput } from "@/lib/inference/run-model";
import type { Predictions } from "@/lib/training/models/predictions";
import type { Manifest, Task } from "@/lib/core/manifest/manifest-schema";
import { profileCategorical, profileNumeric, type ColumnProfile } from "@/lib/profiles/column-profile";

/** Expected calibration error at or below this counts as calibrated (the bar tidemark train uses). */
export const CALIBRATED_ECE = 0.05;

export function toPredictions(outputs: readonly PredictionOutput[], task: Task, classes: readonly string[] = []): Predictions {
  if (task === "regression") return { task, values: Float64Array.from(outputs, (o) => ("value" in o ? o.value : Number.NaN)) };
  // float32 probabilities can stray a rounding step outside [0, 1], which lib/metrics refuses.
  const probability = (o: PredictionOutput, c: string) =>
    Math.min(1, Math.max(0, ("probabilities" in o ? o.probabilities[c] : undefined) ?? Number.NaN));
  if (task === "binary") return { task, scores: Float64Array.from(outputs, (o) => probability(o, classes[1])) };
  const k = classes.length;
  const matrix = new Float64Array(outputs.length * k);
  outputs.forEach((o, r) => {
    classes.forEach((c, j) => {
      matrix[r * k + j] = probability(o, c);
    });
  });
  return { task, numClasses: k, probabilities: matrix };
}

type OutputProfiles = NonNullable<NonNullable<Manifest["referenceProfile"]>["outputs"]>;

/** class: the predicted label; score: P(positive) for binary, the top probability for multiclass; value. */
export function outputProfiles(
  outputs: readonly PredictionOutput[],
  task: Task,
  classes: readonly string[] = [],
): OutputProfiles {
  if (task === "regression") return { value: profileNumeric(outputs.map((o) => ("value" in o ? o.value : Number.NaN))) };
  const labelled = outputs as Extract<PredictionOutput, { label: string }>[];
  const score = (o: (typeof labelled)[number]): number => {
    // By class name, not key order: an object lists integer-like keys ("0", "1") numerically.
    return task === "binary" ? o.probabilities[classes[1]] : Math.max(...classes.map((c) => o.probabilities[c]));
  };
  const profiles: { class: ColumnProfile; score: ColumnProfile } = {
    class: profileCategorical(labelled.map((o) => o.label)),
    score: profileNumeric(labelled.map(score)),
  };
  return profiles;
}

export function calibrationOf(y: Float64Array, scores: Float64Array): NonNullable<Manifest["calibration"]> {
  const bins = reliabilityTable(y, scores);
  return {
    calibrated: expectedCalibrationErrorFromTable(bins) <= CALIBRATED_ECE,
    bins: bins.map((b) => ({ lower: b.lower, upper: b.upper, count: b.count, fractionPositive: b.fractionPositive })),
  };
}
