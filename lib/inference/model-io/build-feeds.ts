import * as ort from "onnxruntime-node";
import { ApiError } from "@/lib/core/errors";
import type { ModelIo } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "../validate-records";

/**
 * Lays validated feature columns out as the graph's inputs: one [N,F] matrix in the bound column
 * order, or one [N,1] tensor per feature in the input's own dtype (float64 and int64 converted).
 */
export function buildFeeds(inputs: ModelIo["inputs"], columns: FeatureColumns, rows: number): Record<string, ort.Tensor> {
  if (inputs.layout === "matrix") {
    const width = inputs.features.length;
    const data = inputs.dtype === "float64" ? new Float64Array(rows * width) : new Float32Array(rows * width);
    inputs.features.forEach((feature, c) => {
      const column = numericColumn(columns, feature);
      for (let r = 0; r < rows; r++) data[r * width + c] = column[r];
    });
    return { [inputs.input]: new ort.Tensor(inputs.dtype, data, [rows, width]) };
  }
  const feeds: Record<string, ort.Tensor> = {};
  const problems: { path: string; index: number; field: string; message: string }[] = [];
  for (const { feature, input, dtype } of inputs.bindings) {
    const column = columns.get(feature);
    if (column === undefined) throw new Error(`no column for feature "${feature}"`);
    if (dtype === "string") {
      feeds[input] = new ort.Tensor("string", column as string[], [rows, 1]);
    } else if (dtype === "int64") {
      const values = new BigInt64Array(rows);
      for (let r = 0; r < rows; r++) {
        const v = (column as Float32Array)[r];
        if (Number.isInteger(v)) values[r] = BigInt(v);
        else {
          const message = `must be a whole number: the model's input "${input}" is int64${Number.isNaN(v) ? " (no missing values)" : ""}`;
          problems.push({ path: `inputs.${r}.${feature}`, index: r, field: feature, message });
        }
      }
      feeds[input] = new ort.Tensor("int64", values, [rows, 1]);
    } else if (dtype === "float64") {
      feeds[input] = new ort.Tensor("float64", Float64Array.from(column as Float32Array), [rows, 1]);
    } else {
      feeds[input] = new ort.Tensor("float32", column as Float32Array, [rows, 1]);
    }
  }
  if (problems.length) {
    throw new ApiError(
      "validation_failed",
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the inputs`,
      problems,
    );
  }
  return feeds;
}

function numericColumn(columns: FeatureColumns, feature: string): Float32Array {
  const column = columns.get(feature);
  if (!(column instanceof Float32Array)) throw new Error(`feature "${feature}" is not a numeric column`);
  return column;
}
