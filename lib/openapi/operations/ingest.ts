import { eventItemSchema, eventsEnvelopeSchema, outcomeItemSchema, outcomesEnvelopeSchema } from "@/lib/outcomes/ingest-schemas";
import { eventsResultSchema, outcomesResultSchema } from "@/lib/outcomes/response-schemas";
import { ingestEnvelopeSchema, ingestRecordSchema } from "@/lib/ingestion/ingest-schemas";
import { cloudEventHeadersSchema, kserveQuerySchema } from "@/lib/ingestion/kserve/cloud-event-headers";
import { ingestResultSchema, kservePairResultSchema, kserveWaitingSchema } from "@/lib/ingestion/response-schemas";
import { z } from "zod";
import type { ApiOperation } from "../api-operation";
import { modelPath } from "../path-params";
import { withItems } from "../with-items";

const tag = "Outcomes and events";
const perItem =
  "The envelope is validated as a whole (a bad envelope is 422); items one by one, so a bad item is reported in `items` " +
  "beside the good ones, which are stored.";

export const outcomesRequestSchema = withItems(outcomesEnvelopeSchema, "outcomes", outcomeItemSchema);
export const eventsRequestSchema = withItems(eventsEnvelopeSchema, "events", eventItemSchema);
export const predictionsRequestSchema = withItems(ingestEnvelopeSchema, "records", ingestRecordSchema);

export const ingestOperations: ApiOperation[] = [
  {
    method: "post",
    path: "/api/v1/outcomes",
    operationId: "postOutcomes",
    summary: "Ground truth for earlier predictions, up to 10,000 per request",
    description:
      "Each outcome names its prediction (`predictionId`) or an entity (`entityId` with `time`), and gives `label` " +
      `(classification) or \`value\` (regression). The same outcome again changes nothing; a changed value replaces the old one (audited). ${perItem}`,
    tag,
    scope: "ingest",
    body: { name: "OutcomesRequest", schema: outcomesRequestSchema },
    responses: {
      200: { description: "Counts and one result per item", body: { name: "OutcomesResult", schema: outcomesResultSchema } },
    },
    errors: { 404: "No model with this name", 413: "The body is over TIDEMARK_MAX_BODY_MB", 422: "Invalid envelope" },
  },
  {
    method: "post",
    path: "/api/v1/events",
    operationId: "postEvents",
    summary: "Business events (conversion, revenue, …) per entity, up to 10,000 per request",
    description: `A retried event (same name, entity and time) is a duplicate, not a second event. ${perItem}`,
    tag,
    scope: "ingest",
    body: { name: "EventsRequest", schema: eventsRequestSchema },
    responses: {
      200: { description: "Counts and one result per item", body: { name: "EventsResult", schema: eventsResultSchema } },
    },
    errors: { 413: "The body is over TIDEMARK_MAX_BODY_MB", 422: "Invalid envelope" },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/predictions",
    operationId: "postPredictions",
    summary: "Predictions made outside Tidemark, up to 10,000 per request",
    description:
      "For a model served elsewhere (or a monitor-only version): each record gives the `features` (checked as predict checks " +
      "its inputs) and the model's `output` (`label` and/or `probabilities` for a classifier, `value` for a regressor). " +
      "Without `version`, the version the production alias points at. `time` (default now) may lie in the past up to the " +
      "model's drift lookback. Idempotent by `predictionId` (a UUID; generated when absent): a repeat is `duplicate`. " +
      perItem,
    tag,
    scope: "ingest",
    pathParams: modelPath,
    body: { name: "PredictionsRequest", schema: predictionsRequestSchema },
    responses: {
      200: { description: "Counts and one result per record", body: { name: "PredictionsResult", schema: ingestResultSchema } },
    },
    errors: {
      404: "No model with this name, no such version, or no production alias",
      413: "The body is over TIDEMARK_MAX_BODY_MB",
      422: "Invalid envelope",
      503: "The log did not confirm the write in time; retry with the same predictionIds",
    },
  },
  {
    method: "post",
    path: "/api/v1/models/{name}/kserve-events",
    operationId: "postKserveEvents",
    summary: "KServe request-logger CloudEvents (binary mode), paired by ce-id and stored as predictions",
    description:
      "The body is the model server's request (Open Inference Protocol v2 `{inputs}` or v1 `{instances}`) or response " +
      "(`{outputs}` or `{predictions}`). The first half of a pair waits (202); the second stores the pair's rows (200). " +
      "The key may come as the password of HTTP Basic credentials, which the logger sends from its URL's user info.",
    tag,
    scope: "ingest",
    pathParams: modelPath,
    query: kserveQuerySchema,
    headers: cloudEventHeadersSchema,
    body: { name: "InferencePayload", schema: z.record(z.string(), z.unknown()) },
    responses: {
      200: {
        description: "The pair is complete: one result per row",
        body: { name: "KservePairResult", schema: kservePairResultSchema },
      },
      202: {
        description: "The first half of the pair, kept until the other arrives",
        body: { name: "KserveWaiting", schema: kserveWaitingSchema },
      },
    },
    errors: {
      404: "No model with this name, no such version, or no production alias",
      413: "The body is over TIDEMARK_MAX_BODY_MB",
      422: "Invalid CloudEvent headers, or a payload that cannot be mapped to the model's features or outputs",
    },
  },
];
