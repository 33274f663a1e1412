// Shared pieces of the explainer tests: manifests, feature columns and ONNX Runtime margins.
import * as ort from "onnxruntime-node";
import { type Manifest, type ManifestInput, manifestSchema } from "@/lib/core/manifest/manifest-schema";
import type { FeatureColumns } from "@/lib/inference/validate-records";

export function manifestFor(
  task: Manifest["task"],
  features: ManifestInput["features"],
  classes?: string[],
  io?: ManifestInput["io"],
): Manifest {
  const regression = task === "regression";
  return manifestSchema.parse({
    schemaVersion: 1,
    task,
    features,
    outputs: regression ? { valueName: "y" } : { classes, threshold: 0.5 },
    evaluation: {
      successCriteria: { primaryMetric: regression ? "rmse" : "accuracy", deployThreshold: regression ? 10 : 0 },
      test: regression ? { rmse: 1 } : { accuracy: 0.9 },
    },
    ...(io ? { io } : {}),
  });
}

/** Columns as validateRecords lays them out: Float32Array (NaN = missing) or strings ("" = missing). */
export function columnsOf(manifest: Manifest, rows: readonly Record<string, number | string>[]): FeatureColumns {
  return new Map(
    manifest.features.map((f) => [
      f.name,
      f.type === "categorical" ? rows.map((r) => String(r[f.name] ?? "")) : Float32Array.from(rows, (r) => Number(r[f.name])),
    ]),
  );
}

/** Runs `output` of an ONNX model on per-feature or matrix feeds; returns its data as numbers. */
export async function runOnnx(bytes: Uint8Array, feeds: Record<string, ort.Tensor>, output: string): Promise<Float64Array> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  try {
    return Float64Array.from((await session.run(feeds, [output]))[output].data as Float32Array);
  } finally {
    await session.release();
  }
}

export function perFeatureFeeds(columns: FeatureColumns, rows: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const [name, c] of columns)
    feeds[name] = c instanceof Float32Array ? new ort.Tensor("float32", c, [rows, 1]) : new ort.Tensor("string", c, [rows, 1]);
  return feeds;
}
