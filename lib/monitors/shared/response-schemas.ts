import { z } from "zod";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";
import { monitoringSettingsSchema } from "./monitoring-settings";

/** What the monitoring operations answer (monitoring-settings-store.ts, drift-series.ts, drift-histogram.ts). */

export const monitoringSettingsViewSchema = z.object({
  model: z.string(),
  settings: monitoringSettingsSchema.describe("The effective settings, defaults filled in"),
  stored: z.record(z.string(), z.unknown()).nullable().describe("What was stored, as sent; null when nothing was"),
  updatedBy: z.string().nullable(),
  updatedAt: isoTimeSchema.nullable(),
});

const nullableNumber = z.number().nullable();

export const driftSeriesSchema = z.object({
  model: z.string(),
  version: z.number().int(),
  segment: z.string().describe('"" for all rows, or e.g. "country=FR"'),
  reference: z.string().describe("training, seasonal:Nw or window:FROM/TO"),
  from: isoTimeSchema,
  to: isoTimeSchema,
  rule: monitoringSettingsSchema.pick({
    fdr: true,
    minSampleSize: true,
    effectFloors: true,
    effectNoiseQuantile: true,
    datasetDriftShare: true,
  }),
  segments: z.array(z.string()).describe("Segments with results in the range"),
  windows: z.array(
    z.object({
      start: isoTimeSchema,
      end: isoTimeSchema,
      rows: z.number().int(),
      verdict: z.string(),
      featuresTested: z.number().int(),
      featuresDrifted: z.number().int(),
      driftedShare: nullableNumber,
      weightedScore: nullableNumber,
    }),
  ),
  openWindow: z
    .object({
      start: isoTimeSchema,
      end: isoTimeSchema,
      rows: z.number().int(),
      verdict: z.string(),
      featuresTested: z.number().int(),
      featuresDrifted: z.number().int(),
      driftedShare: nullableNumber,
      weightedScore: nullableNumber,
      provisional: z.literal(true),
    })
    .optional()
    .describe("The window still open, so far (profiled rows only); absent when it has no row yet or lies outside the range"),
  series: z.array(
    z.object({
      column: z.string().describe("A feature, or output:NAME"),
      kind: z.enum(["feature", "output"]),
      method: z.string(),
      effectMethod: z.string(),
      points: z.array(
        z.object({
          start: isoTimeSchema,
          end: isoTimeSchema,
          decision: z.string(),
          statistic: nullableNumber,
          pValue: nullableNumber,
          pAdjusted: nullableNumber,
          effectSize: nullableNumber,
          threshold: z
            .number()
            .describe("The effect floor applied: the configured one, or the sampling-noise floor where that is higher"),
          referenceSize: z.number().int(),
          currentSize: z.number().int(),
          note: z.string().optional(),
          provisional: z
            .literal(true)
            .optional()
            .describe("The window is still open: its result so far, never stored and never deciding a state or alert"),
        }),
      ),
    }),
  ),
  quality: z.array(
    z.object({
      column: z.string(),
      check: z.string(),
      points: z.array(
        z.object({
          start: isoTimeSchema,
          end: isoTimeSchema,
          value: nullableNumber,
          expected: nullableNumber,
          threshold: nullableNumber,
          flagged: z.boolean(),
          details: z.unknown(),
        }),
      ),
    }),
  ),
});

const histogramHeader = {
  model: z.string(),
  version: z.number().int(),
  feature: z.string(),
  segment: z.string(),
  reference: z.string(),
  from: isoTimeSchema.describe("The window, widened to whole hours"),
  to: isoTimeSchema,
  referenceRows: z.number().int(),
  currentRows: z.number().int(),
  note: z.string().optional().describe("Why there is no reference to compare with"),
};
const shares = { referenceShare: z.number().optional(), currentShare: z.number().optional() };

export const driftHistogramSchema = z.discriminatedUnion("kind", [
  z.object({
    ...histogramHeader,
    kind: z.literal("numeric"),
    bins: z.array(
      z.object({
        from: z.number(),
        to: z.number(),
        label: z.string().describe('The bin as read, to three significant digits: "224–310"'),
        reference: z.number(),
        current: z.number(),
        region: z.enum(["below", "inside", "above"]).describe("Inside the reference's range, or beyond it"),
        ...shares,
      }),
    ),
  }),
  z.object({
    ...histogramHeader,
    kind: z.literal("categorical"),
    bins: z.array(z.object({ category: z.string(), reference: z.number(), current: z.number(), ...shares })),
  }),
]);
