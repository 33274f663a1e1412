import { z } from "zod";

// What the Open Inference Protocol endpoints answer (v2-handlers.ts), for the API reference and
// the handlers' own types, so the document and the code cannot drift apart unnoticed.

/** The protocol's failure: one message, no code (KServe v2 REST, "Errors"). */
export const v2ErrorBodySchema = z
  .object({ error: z.string().describe("What went wrong, naming the input or field at fault") })
  .describe("The Open Inference Protocol's error shape");

export const v2LiveSchema = z.object({ live: z.literal(true) });
export const v2ReadySchema = z.object({ ready: z.literal(true) });

export const v2ServerMetadataSchema = z.object({
  name: z.string(),
  version: z.string().describe("The protocol version"),
  extensions: z.array(z.string()),
});

const tensorMetadata = z.object({
  name: z.string(),
  datatype: z.string().describe("FP32, BYTES (a category), BOOL, …"),
  shape: z.array(z.number().int()).describe("-1 for a dimension of any size (the rows)"),
});

export const v2ModelMetadataSchema = z.object({
  name: z.string(),
  versions: z.array(z.string()).describe("The version this name (and version, when given) serves"),
  platform: z.string(),
  inputs: z.array(tensorMetadata).describe("One per feature, in the order a single [N,F] tensor holds them"),
  outputs: z.array(tensorMetadata),
});

export const v2ModelReadySchema = z.object({ name: z.string(), ready: z.literal(true) });

const outputTensor = z.object({
  name: z.string().describe("label and probabilities (classification) or value (regression), and prediction_id"),
  datatype: z.string(),
  shape: z.array(z.number().int()),
  data: z.array(z.union([z.string(), z.number(), z.null()])).describe("Row-major, flat"),
  parameters: z.record(z.string(), z.unknown()).optional().describe("probabilities: { classes } in column order"),
});
export type V2OutputTensor = z.infer<typeof outputTensor>;

export const v2InferResponseSchema = z.object({
  model_name: z.string(),
  model_version: z.string(),
  id: z.string().optional().describe("Echoed from the request"),
  parameters: z
    .object({ entity_ids: z.array(z.unknown()) })
    .optional()
    .describe("Echoed when the request gave entity_ids"),
  outputs: z.array(outputTensor),
});
