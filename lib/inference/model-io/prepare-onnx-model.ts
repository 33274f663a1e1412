import { createHash } from "node:crypto";
import { removeZipMap } from "@/lib/onnx/remove-zipmap";

export type PreparedOnnxModel = {
  /** The bytes to store and serve: the upload itself, or its rewrite. */
  bytes: Uint8Array;
  rewritten: boolean;
  /** sha256 (hex) of the uploaded file, for the lineage when it was rewritten. */
  originalSha256: string;
  /** The class order named by skl2onnx's ZipMap (classlabels_strings or classlabels_int64s). */
  zipMapClasses?: string[];
};

/**
 * Makes an exporter's ONNX file servable by onnxruntime-node, once, at registration: skl2onnx's
 * ZipMap (a seq(map) output Node cannot return) is removed so its probability tensor is the output.
 * Throws ProtobufReadError (lib/onnx/protobuf-reader.ts) when the bytes are not a protobuf message.
 */
export function prepareOnnxModel(bytes: Uint8Array): PreparedOnnxModel {
  const originalSha256 = createHash("sha256").update(bytes).digest("hex");
  const removal = removeZipMap(bytes);
  return {
    bytes: removal.bytes,
    rewritten: removal.replaced.length > 0,
    originalSha256,
    ...(removal.classes ? { zipMapClasses: removal.classes } : {}),
  };
}
