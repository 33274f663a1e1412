import { z } from "zod";

/** What POST /api/v1/outcomes and POST /api/v1/events answer: counts, and one result per item, in order. */

export const itemResultSchema = z.object({
  index: z.number().int().describe("The item's position in the request"),
  status: z.enum(["stored", "replaced", "unchanged", "duplicate", "rejected"]),
  error: z
    .object({
      code: z.enum(["invalid", "unknown_prediction", "type_mismatch"]),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    })
    .optional()
    .describe("Why a rejected item was rejected"),
});

const count = z.number().int().nonnegative();

export const outcomesResultSchema = z.object({
  model: z.string(),
  received: count,
  stored: count,
  replaced: count.describe("Outcomes that changed an earlier value (audited)"),
  unchanged: count.describe("Repeats of what was stored"),
  rejected: count,
  items: z.array(itemResultSchema),
});

export const eventsResultSchema = z.object({
  received: count,
  stored: count,
  duplicate: count.describe("Retries of a stored event (same name, entity and time)"),
  rejected: count,
  items: z.array(itemResultSchema),
});
