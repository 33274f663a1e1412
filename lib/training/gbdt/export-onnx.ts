// GbdtModel → ONNX under Tidemark's serving contract (see lib/onnx/build-tree-model.ts).

import { buildTreeModel, treeDesignColumns } from "@/lib/onnx/build-tree-model";
import type { FeatureSpec } from "@/lib/onnx/tabular-preprocessing";
import type { GbdtModel } from "./gbdt-model";

export interface ExportGbdtOptions {
  model: GbdtModel;
  /** The features the model was trained on through encodeTreeInputs, in the same order. */
  features: readonly FeatureSpec[];
  classes?: readonly string[];
}

export function exportGbdtToOnnx(o: ExportGbdtOptions): Uint8Array {
  const expected = treeDesignColumns(o.features);
  const actual = o.model.featureNames;
  // Tree feature indices are column positions: a reordered or renamed feature list would load fine
  // and silently read the wrong columns.
  if (expected.length !== actual.length || expected.some((name, i) => name !== actual[i])) {
    throw new Error(`the model was trained on columns [${actual.join(", ")}] but the features describe [${expected.join(", ")}]`);
  }
  return buildTreeModel({
    task: o.model.task,
    features: o.features,
    classes: o.classes,
    ensemble: { numTargets: o.model.numOutputs, baseValues: o.model.baseScores, trees: o.model.trees },
  });
}
