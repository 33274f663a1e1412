// Builds a self-contained ONNX model following Tidemark's serving contract:
//   inputs  — one [N, 1] tensor per feature, named as the feature (float32, or string for categoricals);
//   outputs — "probabilities" float32 [N, 2] (binary) / [N, K] (multiclass), or "value" float32 [N, 1].
// Preprocessing lives inside the graph so a registered artefact can be served on its own.

import { GraphBuilder } from "./graph-builder";
import { attr } from "./onnx-proto";
import { OUTPUT_NAMES, addHead, validateLayers, type DenseLayer, type TabularTask } from "./tabular-head";
import { addFeature, featureWidth, validateFeature, type FeatureSpec } from "./tabular-preprocessing";

export type { BooleanFeature, CategoricalFeature, FeatureSpec, NumericFeature } from "./tabular-preprocessing";
export type { DenseLayer, TabularTask } from "./tabular-head";
export { OUTPUT_NAMES } from "./tabular-head";

export interface TabularModelSpec {
  task: TabularTask;
  /** Order matters: it fixes the column layout the first layer's weights are written against. */
  features: readonly FeatureSpec[];
  layers: readonly DenseLayer[];
  /** Class labels; only checked against the output width (2 for binary, K for multiclass). */
  classes?: readonly string[];
}

/** Width D of the float32 design matrix the first layer consumes. */
export function designWidth(features: readonly FeatureSpec[]): number {
  return features.reduce((sum, f) => sum + featureWidth(f), 0);
}

export function buildTabularModel(spec: TabularModelSpec): Uint8Array {
  validateSpec(spec);
  const g = new GraphBuilder();
  const columns = spec.features.map((f) => addFeature(g, f));
  const x = columns.length === 1 ? columns[0] : g.node("Concat", columns, { attrs: { axis: attr.int(1) } });
  addHead(g, x, spec.layers, spec.task);
  return g.toModel();
}

function validateSpec(spec: TabularModelSpec): void {
  if (spec.features.length === 0) throw new Error("at least one feature is required");
  const names = new Set<string>();
  for (const f of spec.features) {
    if (f.name === "") throw new Error("feature names must be non-empty");
    if (names.has(f.name)) throw new Error(`duplicate feature "${f.name}"`);
    if (f.name === OUTPUT_NAMES[spec.task]) throw new Error(`feature "${f.name}" clashes with the model output name`);
    names.add(f.name);
    validateFeature(f);
  }
  const width = validateLayers(spec.layers, designWidth(spec.features), spec.task);
  if (spec.classes !== undefined) {
    if (spec.task === "regression") throw new Error("classes are meaningless for regression");
    const expected = spec.task === "binary" ? 2 : width;
    if (spec.classes.length !== expected)
      throw new Error(`${spec.task} model has ${expected} outputs but ${spec.classes.length} classes`);
    if (new Set(spec.classes).size !== spec.classes.length) throw new Error("classes must be distinct");
  }
}
