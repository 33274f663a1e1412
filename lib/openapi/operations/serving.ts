import { z } from "zod";
import { idempotencyHeaderSchema } from "@/lib/serving/idempotency";
import { predictRequestSchema, servingQuerySchema } from "@/lib/serving/predict-request-schema";
import { predictResponseSchema } from "@/lib/serving/response-schemas";
import { explainQueryObject } from "@/lib/serving/explain-query-schema";
import { predictionDetailSchema } from "@/lib/prediction-log/response-schemas";
import type { ApiLimits, ApiOperation } from "../api-operation";
import { modelPath } from "../path-params";

const tag = "Serving";

export const servingOperations = (limits: ApiLimits): ApiOperation[] => [
  {
    method: "post",
    path: "/api/v1/models/{name}/predict",
    operationId: "predict",
    summary: "Run the model on 1..N records and log every prediction",
    description:
      "Each record in `inputs` maps the manifest's feature names to values (numbers, strings for categories, " +
      "booleans; null where the feature is nullable). Without `version` or `alias` the `production` alias answers. " +
      "Answers once the prediction log holds the rows (unless the model's log mode is async or off). " +
      "With an Idempotency-Key, a retry gets the stored answer and logs nothing twice. " +
      "With `explain=true` each prediction carries its feature attributions (Shapley values: exact for trees and " +
      "linear models, KernelSHAP against a background drawn from the reference profile otherwise), at most " +
      "TIDEMARK_EXPLAIN_MAX_RECORDS records per request.",
    tag,
    scope: "predict",
    pathParams: modelPath,
    // The selector and the explanation parameters, parsed apart (predict-handler.ts), documented together.
    query: z.object({ ...servingQuerySchema.shape, ...explainQueryObject.shape }),
    headers: idempotencyHeaderSchema,
    body: { name: "PredictRequest", schema: predictRequestSchema(limits.maxBatch) },
    responses: {
      200: {
        description: "One prediction per record, in order",
        body: { name: "PredictResponse", schema: predictResponseSchema },
        headers: { "Idempotent-Replayed": "true when this is the stored answer of an earlier request with the same key" },
      },
    },
    errors: {
      404: "No such model, version or alias",
      409:
        "The version is monitor-only (no ONNX file): send its predictions to POST /api/v1/models/{name}/predictions; " +
        "or explain=true on a version whose manifest has no reference profile",
      413: "The body is over TIDEMARK_MAX_BODY_MB, or explain=true with more than TIDEMARK_EXPLAIN_MAX_RECORDS records",
      422: "Invalid body, records or query parameters, naming the record and field (inputs.3.amount) or the parameter",
      503: "The log did not confirm the write in time: retry with the same Idempotency-Key",
    },
  },
  {
    method: "get",
    path: "/api/v1/predictions/{id}",
    operationId: "getPrediction",
    summary: "One logged prediction with its inputs, output and outcome",
    tag,
    scope: "read",
    pathParams: z.object({ id: z.string().describe("The predictionId predict answered") }),
    responses: { 200: { description: "The prediction", body: { name: "Prediction", schema: predictionDetailSchema } } },
    errors: { 404: "No prediction with this id" },
  },
];
