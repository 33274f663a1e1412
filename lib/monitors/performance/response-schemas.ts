import { z } from "zod";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";

/** What the performance, business and service series answer (result-series.ts). */

const window = { version: z.number().int(), windowStart: isoTimeSchema, windowEnd: isoTimeSchema };
const nullableNumber = z.number().nullable();
const completeness = {
  provisional: z
    .boolean()
    .describe(
      "The window is still open or holds fewer values than its minimum: shown, never judged (no badge, verdict or alert)",
    ),
  open: z.boolean().describe("The window has not ended yet: its figures are so far"),
  count: z
    .number()
    .int()
    .describe(
      "The values the window rests on: labels (realized), predictions (estimated), requests, or predictions in the smallest score decile",
    ),
  minimum: z.number().int().describe("The count a window needs to be judged (monitoring settings)"),
};

export const performanceSeriesSchema = z.object({
  model: z.string(),
  from: isoTimeSchema,
  to: isoTimeSchema,
  points: z.array(
    z.object({
      ...window,
      kind: z.enum(["realized", "estimated"]),
      predictions: z.number().int(),
      labeled: z.number().int(),
      labelCoverage: z.number(),
      primaryMetric: z.string(),
      primaryValue: nullableNumber,
      meetsThreshold: z.boolean().nullable(),
      expectedCost: nullableNumber,
      metrics: z.record(z.string(), z.unknown()),
      labelDelay: z.unknown().describe("Label delay quantiles, when labels arrived"),
      estimateError: z.unknown().describe("Realized minus estimated per metric, for estimates since labelled"),
      ...completeness,
    }),
  ),
});

export const businessSeriesSchema = z.object({
  model: z.string(),
  points: z.array(
    z.object({
      ...window,
      name: z.string(),
      predictions: z.number().int(),
      events: z.number().int(),
      sum: z.number(),
      rate: z.number(),
      correlation: nullableNumber,
      deciles: z.unknown().describe("The metric per score decile"),
      ...completeness,
    }),
  ),
});

export const serviceSeriesSchema = z.object({
  model: z.string(),
  points: z.array(
    z.object({
      ...window,
      requests: z.number().int(),
      errors: z.number().int(),
      rows: z.number().int(),
      p50Ms: nullableNumber,
      p95Ms: nullableNumber,
      p99Ms: nullableNumber,
      requestsPerS: z.number(),
      rowsPerS: z.number(),
      errorRate: z.number(),
      slaP99Ms: nullableNumber,
      breaches: z.unknown(),
      ...completeness,
    }),
  ),
});
