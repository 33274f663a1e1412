import type { z } from "zod";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { userFacingName } from "@/lib/inference/validate-records";
import { datatypeForFeature } from "./tensors-to-records";
import type { v2ModelMetadataSchema } from "./response-schemas";

/**
 * A model's metadata in the protocol's form: one input per feature (a client may instead send one
 * [N,F] tensor in this order), the outputs infer answers with, and the version being served.
 */
export function modelMetadata(target: {
  modelName: string;
  version: number;
  manifest: Manifest;
}): z.infer<typeof v2ModelMetadataSchema> {
  const classes = target.manifest.outputs.classes;
  return {
    name: target.modelName,
    versions: [String(target.version)],
    platform: "onnxruntime_onnx",
    inputs: target.manifest.features.map((f) => ({ name: userFacingName(f), datatype: datatypeForFeature(f), shape: [-1, 1] })),
    outputs: [
      ...(classes
        ? [
            { name: "label", datatype: "BYTES", shape: [-1] },
            { name: "probabilities", datatype: "FP32", shape: [-1, classes.length] },
          ]
        : [{ name: "value", datatype: "FP32", shape: [-1] }]),
      { name: "prediction_id", datatype: "BYTES", shape: [-1] },
    ],
  };
}
