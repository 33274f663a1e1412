import type { Feature, IoDtype, ModelIo } from "@/lib/core/manifest/manifest-schema";
import { fixedBatchProblem, shapeOf, showShape, type ValueMetadata, widthOf } from "./value-metadata";

const NUMERIC_DTYPES: readonly string[] = ["float32", "float64", "int64"];

/**
 * Works out how the features feed the graph: one [N,F] float matrix (a single input not named like
 * a feature) or one [N,1] input per feature, named like it. Every mismatch is a problem that names
 * the input or column and says how to fix it.
 */
export function describeInputs(
  inputs: readonly ValueMetadata[],
  features: readonly Feature[],
): { inputs?: ModelIo["inputs"]; problems: string[] } {
  const names = new Set(features.map((f) => f.name));
  if (inputs.length === 1 && !names.has(inputs[0].name)) return describeMatrix(inputs[0], features);
  return describePerFeature(inputs, features);
}

function describeMatrix(meta: ValueMetadata, features: readonly Feature[]): { inputs?: ModelIo["inputs"]; problems: string[] } {
  const problems: string[] = [];
  if (!meta.isTensor) return { problems: [`input "${meta.name}" is not a tensor; Tidemark feeds tensors only`] };
  if (meta.type !== "float32" && meta.type !== "float64") {
    problems.push(
      `input "${meta.name}" is ${meta.type}; a single matrix input must be float32 or float64 (export it as a float tensor)`,
    );
  }
  const shape = shapeOf(meta);
  if (shape.length !== 2) {
    problems.push(`input "${meta.name}" has shape ${showShape(meta)}; a single input must be a matrix [batch, features]`);
  } else if (shape[0] !== undefined && typeof shape[0] === "number" && shape[0] > 0) {
    problems.push(fixedBatchProblem(meta));
  }
  const width = widthOf(meta);
  if (width !== undefined && width !== features.length) {
    problems.push(
      `input "${meta.name}" takes ${width} columns but the manifest declares ${features.length} features ` +
        `(${features.map((f) => f.name).join(", ")}); declare one feature per column, in the model's column order`,
    );
  }
  for (const f of features) {
    if (f.type === "categorical") {
      problems.push(
        `feature "${f.name}" is categorical but the model takes one numeric matrix "${meta.name}"; encode it inside the ` +
          "graph (one string input per column, as skl2onnx does for a ColumnTransformer) or declare it numeric",
      );
    }
  }
  const dtype = meta.type === "float64" ? "float64" : "float32";
  return { inputs: { layout: "matrix", input: meta.name, dtype, features: features.map((f) => f.name) }, problems };
}

function describePerFeature(
  inputs: readonly ValueMetadata[],
  features: readonly Feature[],
): { inputs?: ModelIo["inputs"]; problems: string[] } {
  const problems: string[] = [];
  const byName = new Map(inputs.map((m) => [m.name, m]));
  const inputList = inputs.map((m) => m.name).join(", ");
  const bindings: { feature: string; input: string; dtype: IoDtype }[] = [];
  for (const feature of features) {
    const meta = byName.get(feature.name);
    if (!meta) {
      problems.push(
        `the data column "${feature.name}" has no model input (inputs: ${inputList}); name the model's input ` +
          `"${feature.name}" or remove the feature`,
      );
      continue;
    }
    if (!meta.isTensor) {
      problems.push(`input "${meta.name}" is not a tensor; Tidemark feeds tensors only`);
      continue;
    }
    const type = meta.type;
    if (feature.type === "categorical" && type !== "string") {
      problems.push(
        `input "${meta.name}" is ${type} but the feature "${feature.name}" is categorical; export the input as a string ` +
          "tensor (StringTensorType([None, 1])) or declare the feature numeric",
      );
    } else if (feature.type !== "categorical" && !NUMERIC_DTYPES.includes(type)) {
      problems.push(
        `input "${meta.name}" is ${type} but the feature "${feature.name}" is ${feature.type}; Tidemark feeds it as ` +
          `float32, float64 or int64${type === "string" ? ", or declare the feature categorical" : ""}`,
      );
    }
    const shape = shapeOf(meta);
    const width = widthOf(meta);
    if (shape.length !== 2 || (width !== undefined && width !== 1)) {
      problems.push(`input "${meta.name}" has shape ${showShape(meta)}; an input per feature must be [batch, 1]`);
    } else if (typeof shape[0] === "number" && shape[0] > 0) {
      problems.push(fixedBatchProblem(meta));
    }
    bindings.push({
      feature: feature.name,
      input: meta.name,
      dtype: (type === "string" || NUMERIC_DTYPES.includes(type) ? type : "float32") as IoDtype,
    });
  }
  const declared = new Set(features.map((f) => f.name));
  for (const meta of inputs) {
    if (!declared.has(meta.name)) {
      problems.push(
        `the model input "${meta.name}" has no column in the data (features: ${features.map((f) => f.name).join(", ")}); ` +
          `add a feature named "${meta.name}" or re-export the model without that input`,
      );
    }
  }
  return { inputs: { layout: "per_feature", bindings }, problems };
}
