import { z } from "zod";

// The Open Inference Protocol (KServe v2 REST) inference request, as tritonclient and KServe's
// own clients send it: https://github.com/kserve/kserve/blob/master/docs/predict-api/v2/required_api.md
export const V2_DATATYPES = [
  "BOOL",
  "UINT8",
  "UINT16",
  "UINT32",
  "UINT64",
  "INT8",
  "INT16",
  "INT32",
  "INT64",
  "FP16",
  "FP32",
  "FP64",
  "BYTES",
] as const;
export type V2Datatype = (typeof V2_DATATYPES)[number];

const parameters = z.record(z.string(), z.unknown()).optional();

const inputTensor = z.object({
  name: z.string().min(1, "must not be empty"),
  shape: z
    .array(z.number().int("must hold whole numbers").min(0, "must hold sizes of 0 or more"))
    .min(1, "must have 1 or more dimensions"),
  datatype: z.enum(V2_DATATYPES, { error: `must be one of ${V2_DATATYPES.join(", ")}` }),
  parameters,
  data: z.array(z.unknown(), { error: "must be an array (the tensor's elements, flat or nested, row-major)" }),
});
export type V2InputTensor = z.infer<typeof inputTensor>;

export const inferRequestSchema = z.object({
  id: z.string().optional(),
  // Tidemark reads `entity_ids` (one per row) from here; other parameters are accepted and ignored.
  parameters: z
    .object({ entity_ids: z.array(z.unknown()).optional() })
    .passthrough()
    .optional(),
  inputs: z.array(inputTensor).min(1, "must hold 1 or more tensors"),
  outputs: z.array(z.object({ name: z.string().min(1), parameters })).optional(),
});
export type V2InferRequest = z.infer<typeof inferRequestSchema>;

const NUMERIC: ReadonlySet<V2Datatype> = new Set(V2_DATATYPES.filter((d) => d !== "BOOL" && d !== "BYTES"));
export const isNumericDatatype = (datatype: V2Datatype) => NUMERIC.has(datatype);
