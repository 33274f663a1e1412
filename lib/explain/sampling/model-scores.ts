import "server-only";
import * as ort from "onnxruntime-node";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { ModelRuntimeError } from "@/lib/inference/prediction-output";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import { runOutput } from "@/lib/inference/model-io/run-with-io";
import { scoresToProbabilities } from "@/lib/inference/model-io/read-scores";

/**
 * One ONNX Runtime run as numbers, row-major: probabilities `rows × classes`, or the value
 * `rows × 1`. The same feeds and output reading as serving (the manifest's `io` binding for an
 * exporter's layout), without building a prediction object per row: explanations run many rows.
 */
export async function modelScores(
  session: ort.InferenceSession,
  manifest: Manifest,
  columns: FeatureColumns,
  rows: number,
): Promise<Float64Array> {
  const classes = manifest.outputs.classes?.length ?? 0;
  if (manifest.io) {
    const data = await runOutput(session, manifest.io, columns, rows);
    if (manifest.task === "regression") return checked(Float64Array.from(data), rows, manifest.io.output.name);
    return scoresToProbabilities(data, rows, classes, manifest.io.output.kind, manifest.io.output.name);
  }
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, column] of columns) {
    feeds[name] =
      column instanceof Float32Array ? new ort.Tensor("float32", column, [rows, 1]) : new ort.Tensor("string", column, [rows, 1]);
  }
  const outputName = manifest.task === "regression" ? "value" : "probabilities";
  let data: Float32Array;
  try {
    data = (await session.run(feeds, [outputName]))[outputName].data as Float32Array;
  } catch (error) {
    throw new ModelRuntimeError("The model failed while running", { cause: error });
  }
  const width = manifest.task === "regression" ? 1 : classes;
  if (data.length !== rows * width) throw new ModelRuntimeError(`${outputName} has ${data.length} entries for ${rows}×${width}`);
  return Float64Array.from(data);
}

function checked(values: Float64Array, rows: number, name: string): Float64Array {
  if (values.length !== rows) throw new ModelRuntimeError(`${name} has ${values.length} entries for ${rows} rows`);
  return values;
}
