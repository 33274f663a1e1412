import { eventItemSchema, eventsEnvelopeSchema, outcomeItemSchema, outcomesEnvelopeSchema } from "@/lib/outcomes/ingest-schemas";
import { eventsResultSchema, outcomesResultSchema } from "@/lib/outcomes/response-schemas";
import type { ApiOperation } from "../api-operation";
import { withItems } from "../with-items";

const tag = "Outcomes and events";
const perItem =
  "The envelope is validated as a whole (a bad envelope is 422); items one by one, so a bad item is reported in `items` " +
  "beside the good ones, which are stored.";

export const outcomesRequestSchema = withItems(outcomesEnvelopeSchema, "outcomes", outcomeItemSchema);
export const eventsRequestSchema = withItems(eventsEnvelopeSchema, "events", eventItemSchema);

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
];
