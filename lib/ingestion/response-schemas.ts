import { z } from "zod";

/** What POST /predictions and POST /kserve-events answer: counts, and one result per record, in order. */

const count = z.number().int().nonnegative();

export const ingestItemResultSchema = z.object({
  index: z.number().int().describe("The record's position in the request"),
  status: z.enum(["stored", "duplicate", "rejected"]),
  predictionId: z.string().optional().describe("The id sent, or generated (UUIDv7) when none was"),
  error: z
    .object({
      code: z.enum(["invalid", "invalid_features", "invalid_output", "invalid_time"]),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .optional()
    .describe("Why a rejected record was rejected, naming the field"),
});

export const ingestResultSchema = z.object({
  model: z.string(),
  version: z.number().int(),
  received: count,
  stored: count,
  duplicate: count.describe("Records whose predictionId was already stored: never stored twice"),
  rejected: count,
  items: z.array(ingestItemResultSchema),
});

export const kserveWaitingSchema = z.object({
  eventId: z.string(),
  waitingFor: z.enum(["request", "response"]).describe("The half of the pair still to come"),
});

export const kservePairResultSchema = ingestResultSchema.extend({ eventId: z.string() });
