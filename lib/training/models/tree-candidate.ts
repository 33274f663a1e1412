// The gradient-boosted trees as a pipeline candidate: trained on the raw feature values (NaN kept,
// categoricals one-hot over the same fitted vocabulary as the MLP), early-stopped on validation,
// exported as TreeEnsemble ONNX with the same inputs and outputs as every other candidate.

import {
  encodeTreeColumns,
  exportGbdtToOnnx,
  importanceByInputFeature,
  trainGbdt,
  treeDesignColumns,
  type GbdtModel,
  type GbdtParams,
  type InputFeatureImportance,
  type TreeInputColumn,
} from "../gbdt";
import type { Preprocessor } from "../data/preprocessor";
import type { Table } from "../table";
import type { GbdtOptions, TrainTask } from "../train-spec";
import type { Predictions } from "./predictions";

export interface TreeData {
  table: Table;
  preprocessor: Preprocessor;
  /** Class index or target per table row. */
  y: Float64Array;
}

export interface FitTreesOptions {
  task: TrainTask;
  numClasses: number;
  classWeights?: readonly number[];
  seed: number;
  options: GbdtOptions;
  trainRows: Int32Array;
  validationRows: Int32Array;
}

export interface TrainedTrees {
  model: GbdtModel;
  params: GbdtParams;
  seconds: number;
  predict(rows: Int32Array): Predictions;
  exportOnnx(classes?: readonly string[]): Uint8Array;
  /** Gain per input feature (a categorical's one-hot columns summed), in the preprocessor's order. */
  importance(): InputFeatureImportance[];
}

export function gbdtParamsFor(options: GbdtOptions): Partial<GbdtParams> {
  return {
    numRounds: options.rounds,
    learningRate: options.learningRate,
    maxDepth: options.maxDepth,
    maxLeaves: options.maxLeaves,
    // A leaf budget is what LightGBM-style best-first growth spends; depth-wise growth ignores it.
    growPolicy: options.maxLeaves > 0 ? "lossguide" : "depthwise",
    lambda: options.l2,
    minChildWeight: options.minChildWeight,
    earlyStoppingRounds: options.earlyStoppingRounds,
  };
}

/** Builds the encoder once per table; every trial of a search reuses the encoded splits. */
export function treeEncoder(data: TreeData): (rows: Int32Array) => Float32Array {
  const byName = new Map(data.table.columns.map((c) => [c.name, c]));
  const features = data.preprocessor.features.map((f) => f.spec);
  const columns: TreeInputColumn[] = data.preprocessor.features.map((f) => {
    const column = byName.get(f.column)!;
    return column.type === "categorical" ? { codes: column.codes, categories: column.categories } : { values: column.values };
  });
  const cache = new Map<Int32Array, Float32Array>();
  return (rows) => {
    let x = cache.get(rows);
    if (!x) cache.set(rows, (x = encodeTreeColumns({ features, columns, rows })));
    return x;
  };
}

export function fitTrees(data: TreeData, encode: (rows: Int32Array) => Float32Array, o: FitTreesOptions): TrainedTrees {
  const features = data.preprocessor.features.map((f) => f.spec);
  const labels = (rows: Int32Array) => Float64Array.from(rows, (r) => data.y[r]);
  const weights =
    o.classWeights && o.task !== "regression" ? Float64Array.from(o.trainRows, (r) => o.classWeights![data.y[r]]) : undefined;
  const started = performance.now();
  const model = trainGbdt({
    task: o.task,
    numClasses: o.numClasses,
    X: encode(o.trainRows),
    y: labels(o.trainRows),
    weights,
    validation: { X: encode(o.validationRows), y: labels(o.validationRows) },
    featureNames: treeDesignColumns(features),
    params: gbdtParamsFor(o.options),
    seed: o.seed,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    model,
    params: model.params,
    seconds,
    predict: (rows) => toPredictions(model.predict(encode(rows)), o.task, o.numClasses),
    exportOnnx: (classes) => exportGbdtToOnnx({ model, features, classes }),
    importance: () => importanceByInputFeature(features, model.importance()),
  };
}

function toPredictions(out: Float32Array, task: TrainTask, numClasses: number): Predictions {
  if (task === "binary") return { task, scores: Float64Array.from({ length: out.length / 2 }, (_, r) => out[2 * r + 1]) };
  if (task === "multiclass") return { task, numClasses, probabilities: Float64Array.from(out) };
  return { task, values: Float64Array.from(out) };
}
