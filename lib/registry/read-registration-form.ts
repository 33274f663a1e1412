import { ApiError } from "@/lib/core/errors";
import { findUnstorableStrings } from "@/lib/core/text/storable-text";

/**
 * Reads the multipart registration: `model` (the ONNX file) and `manifest` (JSON text or file).
 * Without `model` the registration is of a monitor-only version (a model served elsewhere).
 */
export async function readRegistrationForm(
  request: Request,
  maxModelBytes: number,
): Promise<{ onnx?: Uint8Array; manifest: unknown }> {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  // The manifest rides along with the file, so allow a little over the model limit for it.
  if (Number.isFinite(declared) && declared > maxModelBytes + 16 * 1024 * 1024) {
    throw new ApiError("payload_too_large", `The upload is ${declared} bytes; the model file limit is ${maxModelBytes} bytes`);
  }
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    throw new ApiError(
      "unsupported_media_type",
      "Send multipart/form-data with the fields manifest (JSON) and model (the ONNX file; leave it out for a monitor-only version)",
    );
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new ApiError("bad_request", "The multipart body could not be parsed");
  }
  const problems: { path: string; message: string }[] = [];
  const model = form.get("model");
  const manifestField = form.get("manifest");
  if (model !== null && !(model instanceof Blob))
    problems.push({ path: "model", message: "must be a file (or left out for a monitor-only version)" });
  if (manifestField === null) problems.push({ path: "manifest", message: "is required" });
  if (problems.length) throw new ApiError("validation_failed", "Invalid registration", problems);
  const manifestText = typeof manifestField === "string" ? manifestField : await (manifestField as Blob).text();
  let manifest: unknown;
  try {
    manifest = JSON.parse(manifestText);
  } catch (error) {
    throw new ApiError("validation_failed", "Invalid registration", [
      { path: "manifest", message: `is not valid JSON: ${(error as Error).message}` },
    ]);
  }
  // The manifest is stored as jsonb: the same rule as every JSON body (lib/api/read-json-body.ts).
  const unstorable = findUnstorableStrings(manifest, "manifest");
  if (unstorable.length) throw new ApiError("validation_failed", "Invalid registration", unstorable);
  if (model === null) return { manifest };
  return { onnx: new Uint8Array(await (model as Blob).arrayBuffer()), manifest };
}
