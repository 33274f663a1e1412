import "server-only";
// The one place `tidemark register` loads and runs the user's model on data-file rows, through the
// same binding the server makes at registration (lib/inference/model-io): Tidemark's own layout, or
// the exporter's ([N, F] matrix, per-column inputs, logits, skl2onnx's ZipMap rewritten away).

import type { InferenceSession } from "onnxruntime-node";
import { loadSession } from "@/lib/inference/load-session";
import { bindModelIo } from "@/lib/inference/model-io/bind-model-io";
import { prepareOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";
import { ModelRuntimeError, runModel, type PredictionOutput } from "@/lib/inference/run-model";
import type { FeatureColumns } from "@/lib/inference/validate-records";
import type { Manifest, ModelIo } from "@/lib/core/manifest/manifest-schema";
import type { Table } from "@/lib/training/table";
import { ManifestInferenceError } from "./inference-error";

/** Runs the model on `rows` of a table whose columns are named as in the data file. */
export type ReferenceModel = (table: Table, rows: ArrayLike<number>) => Promise<PredictionOutput[]>;

/** Rows per session.run: bounds the memory of one call whatever the file's size. */
const BATCH_ROWS = 4096;

/** The model bound to the manifest: `run` on table rows, and the binding (`io`) when not Tidemark's own layout. */
export async function openReferenceModel(onnx: Uint8Array, draft: Manifest): Promise<{ run: ReferenceModel; io?: ModelIo }> {
  let session: InferenceSession;
  let zipMapClasses: string[] | undefined;
  try {
    const prepared = prepareOnnxModel(onnx);
    zipMapClasses = prepared.zipMapClasses;
    session = await loadSession(prepared.bytes);
  } catch (error) {
    throw new ManifestInferenceError(
      `the model file does not load in ONNX Runtime: ${String((error as Error).message ?? error).slice(0, 500)}`,
    );
  }
  const binding = await bindModelIo(session, draft, { zipMapClasses });
  const mismatches = binding.problems;
  const manifest: Manifest = binding.io ? { ...draft, io: binding.io } : draft;
  if (mismatches.length) {
    throw new ManifestInferenceError(
      `the model does not fit the data:\n${mismatches.map((m) => `  - ${inDataTerms(m, manifest)}`).join("\n")}\n` +
        "Feature types come from the data; override one with --manifest (features: [{ name, type }]).",
    );
  }
  const run: ReferenceModel = async (table, rows) => {
    const outputs: PredictionOutput[] = [];
    for (let start = 0; start < rows.length; start += BATCH_ROWS) {
      const batch = Array.from({ length: Math.min(BATCH_ROWS, rows.length - start) }, (_, i) => rows[start + i]);
      try {
        outputs.push(...(await runModel(session, manifest, featureColumns(table, manifest, batch), batch.length)));
      } catch (error) {
        if (!(error instanceof ModelRuntimeError)) throw error;
        const cause = error.cause instanceof Error ? `: ${error.cause.message.slice(0, 500)}` : "";
        throw new ManifestInferenceError(`the model failed on the data rows (${error.message}${cause})`);
      }
    }
    return outputs;
  };
  return { run, ...(binding.io ? { io: binding.io } : {}) };
}

/** The graph's feeds from table rows: float32 for numeric and boolean (NaN when missing), strings for categories. */
function featureColumns(table: Table, manifest: Manifest, rows: number[]): FeatureColumns {
  const columns: FeatureColumns = new Map();
  for (const feature of manifest.features) {
    const source = table.columns.find((c) => c.name === (feature.column ?? feature.name));
    if (!source)
      throw new ManifestInferenceError(
        `the data has no column "${feature.column ?? feature.name}" for the model input "${feature.name}"`,
      );
    if (source.type === "categorical") {
      columns.set(
        feature.name,
        rows.map((r) => (source.codes[r] < 0 ? "" : source.categories[source.codes[r]])),
      );
    } else {
      columns.set(
        feature.name,
        Float32Array.from(rows, (r) => source.values[r]),
      );
    }
  }
  return columns;
}

/** The signature check speaks of manifest features; here they are the data file's columns. */
function inDataTerms(problem: string, manifest: Manifest): string {
  const noInput = /^the model has no input named "(.*)" \(inputs: (.*)\)$/.exec(problem);
  if (noInput) {
    const feature = manifest.features.find((f) => f.name === noInput[1]);
    const column = feature?.column ?? noInput[1];
    return `the data column "${column}" has no model input (inputs: ${noInput[2]}); leave it out with --exclude "${column}"`;
  }
  const undeclared = /^the model input "(.*)" is not declared in manifest.features$/.exec(problem);
  if (undeclared)
    return `the model input "${undeclared[1]}" has no column in the data; add it to --reference (and do not --exclude it)`;
  const width = /^output "probabilities" has (\d+) columns but the manifest declares (\d+)$/.exec(problem);
  if (width)
    return (
      `the model outputs ${width[1]} class probabilities but the target has ${width[2]} classes ` +
      `(${manifest.outputs.classes?.join(", ")}); the target column or --task may be wrong`
    );
  return problem;
}
