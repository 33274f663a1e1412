import { z } from "zod";
import { refineStorableText } from "@/lib/core/text/storable-text";

export const MAX_RECORDS_PER_REQUEST = 10_000;
export const MAX_ENTITY_ID_LENGTH = 256;

// The envelope is validated as a whole (a bad envelope is a 422); records one by one, so one bad
// record is reported beside the good ones instead of failing them (as POST /outcomes does).
export const ingestEnvelopeSchema = z
  .object({
    version: z
      .number({ error: "must be a version number" })
      .int("must be a whole number")
      .positive("must be 1 or more")
      .optional(),
    records: z
      .array(z.unknown(), { error: "records must be an array" })
      .min(1, "must contain at least 1 record")
      .max(MAX_RECORDS_PER_REQUEST, `must contain at most ${MAX_RECORDS_PER_REQUEST} records`),
  })
  .strict();

const probabilitiesSchema = z.record(z.string(), z.number({ error: "must be a number" }), {
  error: "must be an object of class → probability",
});

export const ingestOutputSchema = z
  .object({
    label: z.union([z.string(), z.number(), z.boolean()], { error: "must be a class label" }).optional(),
    probabilities: probabilitiesSchema.optional(),
    value: z.number({ error: "must be a number" }).optional(),
  })
  .strict();
export type IngestOutput = z.infer<typeof ingestOutputSchema>;

export const ingestRecordSchema = z
  .object({
    features: z.record(z.string(), z.unknown(), { error: "must be an object of feature values" }),
    output: ingestOutputSchema,
    predictionId: z.uuid({ error: "must be a UUID (e.g. a UUIDv7)" }).optional(),
    entityId: z
      .string()
      .min(1, "must not be empty")
      .max(MAX_ENTITY_ID_LENGTH, `must be at most ${MAX_ENTITY_ID_LENGTH} characters`)
      .superRefine(refineStorableText)
      .optional(),
    time: z.iso
      .datetime({ offset: true, error: "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-25T10:00:00Z" })
      .optional(),
  })
  .strict();
export type IngestRecord = z.infer<typeof ingestRecordSchema>;

export type IngestItemResult = {
  index: number;
  status: "stored" | "duplicate" | "rejected";
  predictionId?: string;
  error?: {
    code: "invalid" | "invalid_features" | "invalid_output" | "invalid_time";
    message: string;
    details?: { path: string; message: string }[];
  };
};
