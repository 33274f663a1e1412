import { z } from "zod";
import { explanationSchema } from "@/lib/explain/response-schemas";

/** What POST /api/v1/models/:name/predict answers (predict.ts respond()). */

const identity = {
  predictionId: z.uuid().describe("UUIDv7: send it with the outcome later"),
  entityId: z.string().optional().describe("Echoed when the request gave entityIds"),
  explanation: explanationSchema.optional().describe("With explain=true: this record's feature attributions"),
};

export const predictionOutputSchema = z.union([
  z.object({
    label: z.string().describe("The predicted class"),
    probabilities: z.record(z.string(), z.number()).describe("Class → probability"),
  }),
  z.object({ value: z.number().describe("The regression value") }),
]);

export const predictResponseSchema = z.object({
  model: z.string(),
  version: z.number().int().describe("The version that answered (resolved from alias or version)"),
  predictions: z.array(
    z.union([
      z.object({ ...identity, ...predictionOutputSchema.options[0].shape }),
      z.object({ ...identity, ...predictionOutputSchema.options[1].shape }),
    ]),
  ),
  latencyMs: z.number(),
});
