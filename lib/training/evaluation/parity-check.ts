import "server-only";
// Every run checks that ONNX Runtime, fed the raw test rows exactly as the serving API would feed
// them, reproduces the in-process model's outputs. A mismatch means the exported preprocessing or
// weights differ from what was evaluated, so the test metrics would not describe the served model.

import * as ort from "onnxruntime-node";
import { loadSession } from "@/lib/inference/load-session";
import type { Predictions } from "../models/predictions";
import type { Preprocessor } from "../data/preprocessor";
import type { Table } from "../table";

export const PARITY_TOLERANCE = 1e-4;

export interface ParityResult {
  rows: number;
  /** Largest absolute difference: in probability for classifiers, in target standard deviations for regression. */
  maxAbsDifference: number;
  tolerance: number;
  passed: boolean;
}

/** Raw feature columns as the ONNX inputs take them: float32 with NaN for missing, strings with "" for missing. */
export function onnxFeeds(table: Table, preprocessor: Preprocessor, rows: ArrayLike<number>): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  for (const feature of preprocessor.features) {
    const column = byName.get(feature.column)!;
    if (column.type === "categorical") {
      const values = Array.from({ length: rows.length }, (_, i) => {
        const code = column.codes[rows[i]];
        return code < 0 ? "" : column.categories[code];
      });
      feeds[feature.spec.name] = new ort.Tensor("string", values, [rows.length, 1]);
    } else {
      feeds[feature.spec.name] = new ort.Tensor(
        "float32",
        Float32Array.from({ length: rows.length }, (_, i) => column.values[rows[i]]),
        [rows.length, 1],
      );
    }
  }
  return feeds;
}

export async function runOnnx(
  onnx: Uint8Array,
  feeds: Record<string, ort.Tensor>,
  task: Predictions["task"],
  numClasses: number,
): Promise<Predictions> {
  const session = await loadSession(onnx);
  try {
    const name = task === "regression" ? "value" : "probabilities";
    const data = (await session.run(feeds, [name]))[name].data as Float32Array;
    if (task === "regression") return { task, values: Float64Array.from(data) };
    if (task === "binary") return { task, scores: Float64Array.from({ length: data.length / 2 }, (_, i) => data[2 * i + 1]) };
    return { task, numClasses, probabilities: Float64Array.from(data) };
  } finally {
    await session.release();
  }
}

export function compareOutputs(
  expected: Predictions,
  actual: Predictions,
  targetScale = 1,
  tolerance = PARITY_TOLERANCE,
): ParityResult {
  const a =
    expected.task === "binary" ? expected.scores : expected.task === "multiclass" ? expected.probabilities : expected.values;
  const b = actual.task === "binary" ? actual.scores : actual.task === "multiclass" ? actual.probabilities : actual.values;
  if (a.length !== b.length) throw new Error(`ONNX returned ${b.length} values, the in-process model ${a.length}`);
  // Regression values carry the target's unit; float32 cannot hold 1e-4 absolute on a target in the
  // thousands, so the difference is measured in the target's standard deviations.
  const scale = expected.task === "regression" ? Math.max(targetScale, 1e-12) : 1;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]) / scale);
  return {
    rows: expected.task === "multiclass" ? a.length / expected.numClasses : a.length,
    maxAbsDifference: max,
    tolerance,
    passed: max <= tolerance,
  };
}
