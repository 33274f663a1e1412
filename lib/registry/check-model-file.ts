import "server-only";
import { createHash } from "node:crypto";
import type { InferenceSession } from "onnxruntime-node";
import { ApiError } from "@/lib/core/errors";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { loadSession } from "@/lib/inference/load-session";
import { bindModelIo } from "@/lib/inference/model-io/bind-model-io";
import { prepareOnnxModel, type PreparedOnnxModel } from "@/lib/inference/model-io/prepare-onnx-model";

export type CheckedModelFile = {
  /** The bytes to store: the upload, or the upload with skl2onnx's ZipMap rewritten away. */
  bytes: Uint8Array;
  sha256: string;
  session: InferenceSession;
  /** The manifest with the inferred input/output binding and, for a rewritten file, the upload's hash. */
  manifest: Manifest;
  /** The upload's hash when the stored bytes differ from it. */
  originalSha256?: string;
};

/**
 * That ONNX Runtime loads the file, and that its inputs and outputs match the manifest, in
 * Tidemark's own layout or in the exporter's (the binding, inferred when the manifest has no `io`,
 * is stored in the manifest; a ZipMap is rewritten away and the upload's hash kept in the lineage).
 */
export async function checkModelFile(upload: Uint8Array, parsed: Manifest): Promise<CheckedModelFile> {
  const prepared = prepare(upload);
  let session: InferenceSession;
  try {
    session = await loadSession(prepared.bytes);
  } catch (error) {
    throw new ApiError("validation_failed", "The model file does not load in ONNX Runtime", [
      { path: "model", message: String((error as Error).message ?? error).slice(0, 500) },
    ]);
  }
  const binding = await bindModelIo(session, parsed, { zipMapClasses: prepared.zipMapClasses });
  if (binding.problems.length) {
    throw new ApiError(
      "validation_failed",
      "The model's inputs and outputs do not match the manifest",
      binding.problems.map((message) => ({ path: "model", message })),
    );
  }
  const manifest: Manifest = {
    ...parsed,
    ...(binding.io ? { io: binding.io } : {}),
    lineage: prepared.rewritten ? { ...parsed.lineage, originalSha256: prepared.originalSha256 } : parsed.lineage,
  };
  return {
    bytes: prepared.bytes,
    sha256: createHash("sha256").update(prepared.bytes).digest("hex"),
    session,
    manifest,
    ...(prepared.rewritten ? { originalSha256: prepared.originalSha256 } : {}),
  };
}

// Bytes that are not a protobuf message are left as they are: ONNX Runtime's load error says more.
function prepare(bytes: Uint8Array): Pick<PreparedOnnxModel, "bytes" | "rewritten" | "originalSha256" | "zipMapClasses"> {
  try {
    return prepareOnnxModel(bytes);
  } catch {
    return { bytes, rewritten: false, originalSha256: "" };
  }
}
