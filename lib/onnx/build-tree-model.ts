// A gradient-boosted tree ensemble as a self-contained ONNX model under Tidemark's serving
// contract — the same inputs as build-tabular-model (one [N, 1] tensor per feature, float32 with
// NaN = missing, or string for categoricals) and the same outputs ("probabilities" / "value").
//
// Numeric features reach the trees raw, NaN included (the trees learned where missing values go);
// categoricals are one-hot encoded in the graph exactly as for the MLP.
//
// Operators: TreeEnsembleClassifier for multiclass (its scores, then Softmax) and
// TreeEnsembleRegressor for regression and for the binary margin (then [σ(−z), σ(z)]). The
// classifier is not used for binary because ONNX Runtime's two-class path rewrites the scores by
// heuristics that depend on the leaf weights' signs; a one-target regressor sums the margin with
// no such special case.

import { GraphBuilder } from "./graph-builder";
import { attr } from "./onnx-proto";
import { OUTPUT_NAMES, type TabularTask } from "./tabular-head";
import { addFeature, featureWidth, validateFeature, type FeatureSpec } from "./tabular-preprocessing";
import { addTreeEnsemble, ensembleInputWidth, type TreeEnsembleSpec } from "./tree-ensemble";

export type { EnsembleTree, TreeEnsembleSpec } from "./tree-ensemble";

export interface TreeModelSpec {
  task: TabularTask;
  /** Order fixes the design-matrix columns the trees' feature indices refer to. */
  features: readonly FeatureSpec[];
  ensemble: TreeEnsembleSpec;
  /** Class labels, only checked against the output width. */
  classes?: readonly string[];
}

/** Column names of the design matrix the trees read: the feature name, or "name=category" per one-hot column. */
export function treeDesignColumns(features: readonly FeatureSpec[]): string[] {
  return features.flatMap((f) => (f.type === "categorical" ? f.vocabulary.map((c) => `${f.name}=${c}`) : [f.name]));
}

export function buildTreeModel(spec: TreeModelSpec): Uint8Array {
  validateSpec(spec);
  const g = new GraphBuilder();
  const columns = spec.features.map((f) => addFeature(g, f, { missing: "keep", standardize: false }));
  const x = columns.length === 1 ? columns[0] : g.node("Concat", columns, { attrs: { axis: attr.int(1) } });
  const K = spec.ensemble.numTargets;
  if (spec.task === "regression") {
    const value = addTreeEnsemble(g, x, spec.ensemble, "TreeEnsembleRegressor");
    g.node("Identity", [value], { output: OUTPUT_NAMES.regression });
    g.output(OUTPUT_NAMES.regression, "float", ["N", 1]);
  } else if (spec.task === "binary") {
    const z = addTreeEnsemble(g, x, spec.ensemble, "TreeEnsembleRegressor");
    // [σ(−z), σ(z)] rather than [1 − p, p]: the small probability keeps its relative precision.
    const both = g.node("Concat", [g.node("Neg", [z]), z], { attrs: { axis: attr.int(1) } });
    g.node("Sigmoid", [both], { output: OUTPUT_NAMES.binary });
    g.output(OUTPUT_NAMES.binary, "float", ["N", 2]);
  } else {
    const scores = addTreeEnsemble(g, x, spec.ensemble, "TreeEnsembleClassifier");
    g.node("Softmax", [scores], { attrs: { axis: attr.int(1) }, output: OUTPUT_NAMES.multiclass });
    g.output(OUTPUT_NAMES.multiclass, "float", ["N", K]);
  }
  return g.toModel();
}

function validateSpec(spec: TreeModelSpec): void {
  if (spec.features.length === 0) throw new Error("at least one feature is required");
  const names = new Set<string>();
  for (const f of spec.features) {
    if (f.name === "") throw new Error("feature names must be non-empty");
    if (names.has(f.name)) throw new Error(`duplicate feature "${f.name}"`);
    if (f.name === OUTPUT_NAMES[spec.task]) throw new Error(`feature "${f.name}" clashes with the model output name`);
    names.add(f.name);
    validateFeature(f);
  }
  const width = spec.features.reduce((s, f) => s + featureWidth(f), 0);
  const used = ensembleInputWidth(spec.ensemble);
  if (used > width) throw new Error(`the trees read column ${used - 1} but the features provide only ${width} columns`);
  const K = spec.ensemble.numTargets;
  if (spec.task === "multiclass" ? K < 3 : K !== 1) {
    throw new Error(
      `${spec.task} needs ${spec.task === "multiclass" ? "at least 3 outputs" : "a single output"}, the ensemble has ${K}`,
    );
  }
  if (spec.classes !== undefined) {
    if (spec.task === "regression") throw new Error("classes are meaningless for regression");
    const expected = spec.task === "binary" ? 2 : K;
    if (spec.classes.length !== expected)
      throw new Error(`${spec.task} model has ${expected} outputs but ${spec.classes.length} classes`);
    if (new Set(spec.classes).size !== spec.classes.length) throw new Error("classes must be distinct");
  }
}
