// Gradient-boosted decision trees for Tidemark's training pipeline: histogram-based boosting in
// the manner of LightGBM and XGBoost's `hist` method, in TypeScript with typed arrays and no
// native code, exported to ONNX (ai.onnx.ml TreeEnsemble*) under the serving contract.
//
// ## Use
//
//   const X = encodeTreeInputs(features, trainRecords);            // float32 n × D, NaN = missing
//   // or, from typed columns: encodeTreeColumns({ features, columns, rows: trainRows })
//   const model = trainGbdt({
//     task: "binary",                        // | "multiclass" (+ numClasses ≥ 3) | "regression"
//     X, y,                                  // y: 0/1, class index 0..K−1, or the target
//     weights,                               // optional, ≥ 0
//     validation: { X: validX, y: validY },  // optional; enables early stopping
//     featureNames: treeDesignColumns(features),
//     params: { numRounds: 500, learningRate: 0.05, maxDepth: 6, earlyStoppingRounds: 20 },
//     seed: 42,
//     onRound: ({ round, trainLoss, validationLoss }) => {},      // return false to stop
//   });
//   model.predict(X);        // binary n×2 [1−p, p] · multiclass n×K · regression n×1 (float32)
//   model.importance();      // gain per design column; importanceByInputFeature() sums one-hot columns
//   model.toJSON();          // GbdtModel.fromJSON() restores it with bit-identical predictions
//   exportGbdtToOnnx({ model, features, classes });   // ONNX bytes; same inputs as the MLP's model
//
// Parameters and their defaults (XGBoost's, where XGBoost has one): see params.ts.
//
// ## What it does
//
// - Losses: binary log loss; multiclass softmax (one tree per class per round, XGBoost's
//   2·p·(1−p) hessian); regression squared error, or absolute error (leaves re-fitted to the
//   weighted median residual).
// - Binning: per-feature quantile thresholds fitted on the training rows (≤ 255 value bins, a
//   separate slot for missing values). Thresholds are float32 midpoints between neighbouring
//   training values and a row's bin is decided by the same `x <= t` test as ONNX's BRANCH_LEQ,
//   so training, in-process prediction and ONNX Runtime route every row identically.
// - Missing values: every split tries the node's missing rows on both sides and keeps the better
//   (the learned default direction, exported as nodes_missing_value_tracks_true); a split on
//   missingness alone is possible. A node that saw no missing rows sends them to its heavier child.
// - Categorical features: one-hot columns (the ONNX graph does the encoding, exactly as for the
//   MLP; unseen and missing categories are all zeros). Sorted-category splits are not implemented:
//   ai.onnx.ml opset 3 TreeEnsemble has no set-membership branch.
// - Growth: depth-wise (default) or loss-guided (best leaf first), bounded by maxDepth and/or
//   maxLeaves; L2 (lambda), minChildWeight (hessian), minSplitGain; the histogram subtraction trick
//   (only the smaller child's histogram is built from rows). Features whose most frequent bin
//   holds ≥ 70% of the rows (one-hot columns) are stored sparsely and cost nothing for those rows.
// - Sampling: rows (Bernoulli per round) and columns (per tree), from a seeded PRNG: the same seed
//   gives the same model, bit for bit.
// - Early stopping on the validation loss; the model keeps the best round's trees.
// - Feature importance: total split gain per feature.
// - predict() sums leaf values in float32 in tree order and adds the base score last, as ONNX
//   Runtime does, so in-process and served predictions agree to float32 rounding of the link
//   function (tested within 1e-5).

export { trainGbdt, type GbdtDataset, type TrainGbdtOptions } from "./train-gbdt";
export { GbdtModel, type FeatureImportance } from "./gbdt-model";
export { DEFAULT_GBDT_PARAMS, resolveGbdtParams } from "./params";
export {
  encodeTreeColumns,
  encodeTreeInputs,
  importanceByInputFeature,
  treeDesignColumns,
  type EncodeTreeColumnsOptions,
  type InputFeatureImportance,
  type RawRecord,
  type RawValue,
  type TreeInputColumn,
} from "./encode-tree-inputs";
export { exportGbdtToOnnx, type ExportGbdtOptions } from "./export-onnx";
export type { GbdtModelJSON, GbdtParams, GbdtTask, GrowPolicy, RegressionLoss, RoundLog, Tree } from "./types";
