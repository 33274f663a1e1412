import type * as ort from "onnxruntime-node";
import type { Manifest, ModelIo } from "@/lib/core/manifest/manifest-schema";
import { checkModelSignature } from "../check-model-signature";
import { checkDeclaredIo } from "./check-declared-io";
import { describeModelIo } from "./describe-model-io";
import { detectOutputKind } from "./detect-output-kind";
import { sampleColumns } from "./sample-columns";

/**
 * How registration binds a model: the manifest's own `io` when it has one (checked against the
 * graph); none when the graph is Tidemark's own layout; otherwise the inferred binding, its output
 * kind decided by a run on sample rows. `problems` empty means the model can be served.
 */
export async function bindModelIo(
  session: ort.InferenceSession,
  manifest: Manifest,
  options: { zipMapClasses?: readonly string[] } = {},
): Promise<{ io?: ModelIo; problems: string[] }> {
  if (manifest.io) return { io: manifest.io, problems: checkDeclaredIo(session, manifest.io) };
  const ownLayout = checkModelSignature(session, manifest);
  if (!ownLayout.length) return { problems: [] };
  const described = describeModelIo(session, {
    features: manifest.features,
    task: manifest.task,
    classes: manifest.outputs.classes,
    zipMapClasses: options.zipMapClasses,
  });
  // A graph with Tidemark's own output name is one of ours gone out of step with its manifest: say so in those terms.
  if (described.problems.length)
    return { problems: looksLikeOwnLayout(session, manifest, options) ? ownLayout : described.problems };
  const io = described.io!;
  const sample = sampleColumns(manifest.features, { profiles: manifest.referenceProfile?.features, inputs: io.inputs });
  const detected = await detectOutputKind(session, io, { ...sample, classes: manifest.outputs.classes });
  return { io: { ...io, output: { ...io.output, kind: detected.kind } }, problems: detected.problems };
}

function looksLikeOwnLayout(
  session: ort.InferenceSession,
  manifest: Manifest,
  options: { zipMapClasses?: readonly string[] },
): boolean {
  const ownOutput = session.outputNames.includes(manifest.task === "regression" ? "value" : "probabilities");
  const ownInputs = session.inputMetadata.every((m) => m.isTensor && (m.type === "float32" || m.type === "string"));
  return ownOutput && ownInputs && session.inputNames.length > 1 && !options.zipMapClasses;
}
