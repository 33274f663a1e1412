import type { InferenceSession } from "onnxruntime-node";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";

/**
 * Tidemark's own serving contract (a manifest without `io`; exporters' layouts are bound by
 * model-io/bind-model-io.ts): one graph input per manifest feature, named like it, shaped [N, 1]
 * (float32 for numeric and boolean, string for categorical); the output `probabilities` [N, classes]
 * for classifiers or `value` [N, 1] for regression. Returns every mismatch.
 */
export function checkModelSignature(session: InferenceSession, manifest: Manifest): string[] {
  const problems: string[] = [];
  const inputs = new Map(session.inputMetadata.map((m) => [m.name, m]));
  for (const feature of manifest.features) {
    const meta = inputs.get(feature.name);
    if (!meta) {
      problems.push(`the model has no input named "${feature.name}" (inputs: ${session.inputNames.join(", ")})`);
      continue;
    }
    const want = feature.type === "categorical" ? "string" : "float32";
    if (meta.isTensor && meta.type !== want) {
      problems.push(`input "${feature.name}" is ${meta.type} but a ${feature.type} feature needs ${want}`);
    }
  }
  const declared = new Set(manifest.features.map((f) => f.name));
  for (const name of session.inputNames) {
    if (!declared.has(name)) problems.push(`the model input "${name}" is not declared in manifest.features`);
  }
  const outputName = manifest.task === "regression" ? "value" : "probabilities";
  const output = session.outputMetadata.find((m) => m.name === outputName);
  if (!output) {
    problems.push(`the model has no output named "${outputName}" (outputs: ${session.outputNames.join(", ")})`);
  } else if (output.isTensor) {
    if (output.type !== "float32") problems.push(`output "${outputName}" is ${output.type}, expected float32`);
    const width = output.shape[1];
    const expected = manifest.task === "regression" ? 1 : manifest.outputs.classes?.length;
    if (typeof width === "number" && expected !== undefined && width !== expected) {
      problems.push(`output "${outputName}" has ${width} columns but the manifest declares ${expected}`);
    }
  }
  return problems;
}
