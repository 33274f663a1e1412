import "server-only";
import * as ort from "onnxruntime-node";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "./validate-records";
import { ModelRuntimeError, type PredictionOutput } from "./prediction-output";
import { runWithIo } from "./model-io/run-with-io";

export { ModelRuntimeError, type PredictionOutput };

/**
 * Runs one batch and turns the raw output tensor into per-record predictions. A manifest with `io`
 * (an exporter's own layout) goes through its binding; without it, Tidemark's layout is fed directly.
 */
export async function runModel(
  session: ort.InferenceSession,
  manifest: Manifest,
  columns: FeatureColumns,
  rows: number,
): Promise<PredictionOutput[]> {
  if (manifest.io) return runWithIo(session, manifest, manifest.io, columns, rows);
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, column] of columns) {
    feeds[name] =
      column instanceof Float32Array ? new ort.Tensor("float32", column, [rows, 1]) : new ort.Tensor("string", column, [rows, 1]);
  }
  const outputName = manifest.task === "regression" ? "value" : "probabilities";
  let data: Float32Array;
  try {
    const result = await session.run(feeds, [outputName]);
    data = result[outputName].data as Float32Array;
  } catch (error) {
    throw new ModelRuntimeError("The model failed while running", { cause: error });
  }
  if (manifest.task === "regression") {
    if (data.length !== rows) throw new ModelRuntimeError(`value has ${data.length} entries for ${rows} rows`);
    return Array.from(data, (value) => ({ value }));
  }
  const classes = manifest.outputs.classes!;
  const k = classes.length;
  if (data.length !== rows * k) throw new ModelRuntimeError(`probabilities has ${data.length} entries for ${rows}×${k}`);
  const outputs: PredictionOutput[] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const probabilities: Record<string, number> = {};
    let best = 0;
    for (let c = 0; c < k; c++) {
      probabilities[classes[c]] = data[r * k + c];
      if (data[r * k + c] > data[r * k + best]) best = c;
    }
    // Binary models decide at the operating threshold declared in the manifest, not at argmax.
    const label = manifest.task === "binary" ? classes[data[r * k + 1] >= manifest.outputs.threshold! ? 1 : 0] : classes[best];
    outputs[r] = { label, probabilities };
  }
  return outputs;
}
