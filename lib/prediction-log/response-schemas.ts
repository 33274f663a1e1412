import { z } from "zod";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";

/** What GET /api/v1/predictions/:id answers (get-prediction-or-throw.ts). */
export const predictionDetailSchema = z.object({
  predictionId: z.uuid(),
  model: z.string(),
  version: z.number().int(),
  createdAt: isoTimeSchema,
  entityId: z.string().nullable(),
  features: z.record(z.string(), z.unknown()).describe("The record as it was sent"),
  output: z.record(z.string(), z.unknown()).describe("What the model answered: label and probabilities, or value"),
  latencyMs: z.number().describe("0 for a prediction sent from outside: its latency is not Tidemark's"),
  source: z
    .enum(["served", "ingest", "kserve", "shadow"])
    .describe(
      "served by Tidemark, run by a shadow challenger and never returned (shadow), or sent from outside through POST /predictions (ingest) or KServe's logger (kserve)",
    ),
  outcome: z
    .object({
      label: z.string().nullable(),
      value: z.number().nullable(),
      observedAt: isoTimeSchema,
      receivedAt: isoTimeSchema,
      updatedAt: isoTimeSchema,
      sentBy: z.enum(["prediction", "entity"]),
    })
    .nullable()
    .describe("The ground truth linked to it, once there is one"),
});
