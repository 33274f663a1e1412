// The sections only running the model can fill: the reference profile of its outputs, its
// calibration, how much it relies on each input and, with test rows, its test metrics beside the
// baselines measured on the same rows.

import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { TrainMetric } from "@/lib/training/train-spec";
import { createRandom, deriveSeed, shuffleInPlace } from "@/lib/training/random";
import type { ReferenceData } from "./read-reference-data";
import type { ReferenceModel } from "./run-reference-model";
import { calibrationOf, outputProfiles, toPredictions } from "./model-outputs";
import { measureMetrics, permutationImportance, type ScoringRows } from "./measure-model";
import { measureBaselines } from "./measure-baselines";

/** Rows the importance is measured on at most: one model pass per feature over them. */
export const IMPORTANCE_MAX_ROWS = 5000;

export type ModelMeasurements = {
  manifest: Manifest;
  summary: {
    importanceRows: { source: "test" | "reference"; rows: number };
    calibrated?: boolean;
    test?: Record<string, number>;
    baselines?: { name: string; metrics: Record<string, number> }[];
  };
};

export async function measureWithModel(o: {
  model: ReferenceModel;
  manifest: Manifest;
  data: ReferenceData;
  names: ReadonlyMap<string, string>;
  options: { reference: string; target: string; seed?: number };
}): Promise<ModelMeasurements> {
  const { model, manifest, data } = o;
  const task = manifest.task;
  const classes = manifest.outputs.classes;
  const threshold = manifest.outputs.threshold;
  const metric = manifest.evaluation.successCriteria.primaryMetric as TrainMetric;
  const seed = o.options.seed ?? 42;
  const referenceOutputs = await model(data.reference.table, data.reference.rows);
  const scored: ScoringRows = data.test ?? data.reference;
  const scoredOutputs = data.test ? await model(data.test.table, data.test.rows) : referenceOutputs;
  const scores = toPredictions(scoredOutputs, task, classes);
  const calibration = scores.task === "binary" ? calibrationOf(scored.y, scores.scores) : undefined;

  const sample = sampleRows(scored, IMPORTANCE_MAX_ROWS, seed);
  const importance = await permutationImportance({ ...sample, task, classes, threshold, model, features: o.names, metric, seed });
  const featureImportance = importance.some((f) => f.drop > 0)
    ? Object.fromEntries(importance.map((f) => [f.feature, f.share]))
    : undefined;

  const test = data.test ? await measureMetrics(model, data.test, { task, classes, threshold }) : undefined;
  const baselines = data.test
    ? await measureBaselines({
        task,
        metric,
        deployThreshold: manifest.evaluation.successCriteria.deployThreshold,
        classes,
        threshold,
        featureColumns: data.featureColumns,
        names: o.names,
        reference: { ...data.reference, file: o.options.reference, target: o.options.target },
        test: data.test,
      })
    : undefined;

  return {
    manifest: {
      ...manifest,
      referenceProfile: {
        ...manifest.referenceProfile!,
        outputs: outputProfiles(referenceOutputs, task, classes),
      },
      ...(featureImportance ? { featureImportance } : {}),
      ...(calibration ? { calibration } : {}),
      evaluation: {
        ...manifest.evaluation,
        ...(test ? { test } : {}),
        ...(baselines ? { baselines } : {}),
      },
    },
    summary: {
      importanceRows: { source: data.test ? "test" : "reference", rows: sample.rows.length },
      ...(calibration ? { calibrated: calibration.calibrated } : {}),
      ...(test ? { test } : {}),
      ...(baselines ? { baselines } : {}),
    },
  };
}

/** At most `max` of the rows, drawn without replacement by the seed, in their original order. */
function sampleRows(data: ScoringRows, max: number, seed: number): ScoringRows {
  if (data.rows.length <= max) return data;
  const picked = shuffleInPlace(
    Int32Array.from({ length: data.rows.length }, (_, i) => i),
    createRandom(deriveSeed(seed, "importance-rows")),
  )
    .slice(0, max)
    .sort();
  return {
    table: data.table,
    rows: Int32Array.from(picked, (i) => data.rows[i]),
    y: Float64Array.from(picked, (i) => data.y[i]),
  };
}
