import type * as ort from "onnxruntime-node";
import type { Manifest, ModelIo } from "@/lib/core/manifest/manifest-schema";
import { ModelRuntimeError, type PredictionOutput } from "../prediction-output";
import type { FeatureColumns } from "../validate-records";
import { buildFeeds } from "./build-feeds";
import { readPredictions } from "./read-scores";

/** Runs the bound output only; a label output beside it is never computed for serving. */
export async function runOutput(
  session: ort.InferenceSession,
  io: ModelIo,
  columns: FeatureColumns,
  rows: number,
): Promise<ArrayLike<number>> {
  const feeds = buildFeeds(io.inputs, columns, rows);
  let tensor: ort.Tensor;
  try {
    tensor = (await session.run(feeds, [io.output.name]))[io.output.name];
  } catch (error) {
    throw new ModelRuntimeError("The model failed while running", { cause: error });
  }
  if (tensor.type !== "float32" && tensor.type !== "float64") {
    throw new ModelRuntimeError(`${io.output.name} is ${tensor.type}, expected float32 or float64`);
  }
  return tensor.data as Float32Array | Float64Array;
}

export async function runWithIo(
  session: ort.InferenceSession,
  manifest: Manifest,
  io: ModelIo,
  columns: FeatureColumns,
  rows: number,
): Promise<PredictionOutput[]> {
  return readPredictions(manifest, io, await runOutput(session, io, columns, rows), rows);
}
