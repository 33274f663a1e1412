import { z } from "zod";
import { inferRequestSchema } from "@/lib/inference-protocol/infer-request-schema";
import {
  v2ErrorBodySchema,
  v2InferResponseSchema,
  v2LiveSchema,
  v2ModelMetadataSchema,
  v2ModelReadySchema,
  v2ReadySchema,
  v2ServerMetadataSchema,
} from "@/lib/inference-protocol/response-schemas";
import type { ApiLimits, ApiOperation } from "../api-operation";
import { modelParam } from "../path-params";

// The Open Inference Protocol (KServe v2 REST) as the data plane serves it (lib/server/data-plane.ts):
// same keys and scopes as /api/v1, but the protocol's paths, bodies and `{"error": "…"}` failures.

export const INFERENCE_PROTOCOL_TAG = "Open Inference Protocol";
const tag = INFERENCE_PROTOCOL_TAG;
const errorBody = { name: "V2Error", schema: v2ErrorBodySchema };
const versionParam = z
  .string()
  .regex(/^[1-9][0-9]{0,8}$/)
  .describe("A version number; without it the production alias answers");
const modelPath = z.object({ name: modelParam });
const versionPath = z.object({ name: modelParam, version: versionParam });

const MODEL_ERRORS: Record<number, string> = {
  400: "The version is not a version number",
  404: "No such model or version, or no production alias",
  409: "The version is monitor-only (no ONNX file): it cannot answer",
};

/** One operation per path: the protocol serves each with and without /versions/{version}. */
function withAndWithoutVersion(op: Omit<ApiOperation, "path" | "pathParams">, suffix: string): ApiOperation[] {
  return [
    { ...op, path: `/v2/models/{name}${suffix}`, pathParams: modelPath },
    {
      ...op,
      operationId: `${op.operationId}Version`,
      summary: `${op.summary} (one version)`,
      path: `/v2/models/{name}/versions/{version}${suffix}`,
      pathParams: versionPath,
    },
  ];
}

export const inferenceProtocolOperations = (limits: ApiLimits): ApiOperation[] => [
  {
    method: "get",
    path: "/v2",
    operationId: "v2ServerMetadata",
    summary: "The server's name, protocol version and extensions",
    tag,
    scope: null,
    responses: { 200: { description: "Server metadata", body: { name: "V2ServerMetadata", schema: v2ServerMetadataSchema } } },
    errorBody,
  },
  {
    method: "get",
    path: "/v2/health/live",
    operationId: "v2Live",
    summary: "Liveness: the process answers",
    description: "Needs no key, for orchestrators' probes.",
    tag,
    scope: null,
    responses: { 200: { description: "Live", body: { name: "V2Live", schema: v2LiveSchema } } },
    errorBody,
  },
  {
    method: "get",
    path: "/v2/health/ready",
    operationId: "v2Ready",
    summary: "Readiness: the database answers",
    description: "Needs no key, for orchestrators' probes. As the protocol says, a 4xx means not ready.",
    tag,
    scope: null,
    responses: { 200: { description: "Ready", body: { name: "V2Ready", schema: v2ReadySchema } } },
    errors: { 400: "Not ready: the database does not answer (with Retry-After)" },
    errorBody,
  },
  ...withAndWithoutVersion(
    {
      method: "get",
      operationId: "v2ModelMetadata",
      summary: "A model's inputs (one per feature, with datatype), outputs and served version",
      tag,
      scope: "predict",
      responses: { 200: { description: "The metadata", body: { name: "V2ModelMetadata", schema: v2ModelMetadataSchema } } },
      errors: MODEL_ERRORS,
      errorBody,
    },
    "",
  ),
  ...withAndWithoutVersion(
    {
      method: "get",
      operationId: "v2ModelReady",
      summary: "The model (version) is registered with an ONNX file and can answer",
      tag,
      scope: "predict",
      responses: { 200: { description: "Ready", body: { name: "V2ModelReady", schema: v2ModelReadySchema } } },
      errors: MODEL_ERRORS,
      errorBody,
    },
    "/ready",
  ),
  ...withAndWithoutVersion(
    {
      method: "post",
      operationId: "v2Infer",
      summary: "Run the model on tensors and log every prediction, as predict does",
      description:
        "Inputs are one tensor per feature (shape [N] or [N,1], named like the feature; BYTES for a category, BOOL " +
        "for a boolean) or one [N,F] tensor with the features in the metadata's order. `parameters.entity_ids` " +
        `gives one entity id per row. At most ${limits.maxBatch} rows. Authenticated, validated, logged and ` +
        "monitored exactly as POST /api/v1/models/{name}/predict.",
      tag,
      scope: "predict",
      body: { name: "V2InferRequest", schema: inferRequestSchema },
      responses: {
        200: {
          description: "One row per input row in each output tensor",
          body: { name: "V2InferResponse", schema: v2InferResponseSchema },
        },
      },
      errors: {
        400: "Invalid body, tensors or values (naming the input and row), an unknown output, or a bad version",
        404: "No such model or version, or no production alias",
        409: "The version is monitor-only (no ONNX file)",
        413: "The body is over TIDEMARK_MAX_BODY_MB",
        503: "The log did not confirm the write in time",
      },
      errorBody,
    },
    "/infer",
  ),
];
