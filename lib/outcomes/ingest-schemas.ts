import { z } from "zod";
import { refineStorableText } from "@/lib/core/text/storable-text";

export const MAX_ITEMS_PER_REQUEST = 10_000;

// The envelope is validated as a whole (a bad envelope is a 422); items one by one, so one bad item
// is reported beside the good ones instead of rejecting them.
export const outcomesEnvelopeSchema = z
  .object({
    model: z.string({ error: "model is required" }).min(1, "must name a model").superRefine(refineStorableText),
    outcomes: z
      .array(z.unknown(), { error: "outcomes must be an array" })
      .min(1, "must contain at least 1 outcome")
      .max(MAX_ITEMS_PER_REQUEST, `must contain at most ${MAX_ITEMS_PER_REQUEST} outcomes`),
  })
  .strict();

const isoTime = z.iso.datetime({
  offset: true,
  error: "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-25T10:00:00Z",
});

export const outcomeItemSchema = z
  .object({
    predictionId: z.uuid({ error: "must be a prediction id (UUID)" }).optional(),
    entityId: z
      .string()
      .min(1, "must not be empty")
      .max(256, "must be at most 256 characters")
      .superRefine(refineStorableText)
      .optional(),
    time: isoTime.optional(),
    label: z
      .union([z.string().superRefine(refineStorableText), z.number(), z.boolean()], { error: "must be a class label" })
      .optional(),
    value: z.number({ error: "must be a number" }).finite("must be a finite number").optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (Boolean(o.predictionId) === Boolean(o.entityId)) {
      ctx.addIssue({ code: "custom", path: ["predictionId"], message: "give either predictionId or entityId (with time)" });
    }
    if (o.entityId && !o.time) ctx.addIssue({ code: "custom", path: ["time"], message: "is required with entityId" });
    if ((o.label === undefined) === (o.value === undefined)) {
      ctx.addIssue({ code: "custom", path: ["label"], message: "give label (classification) or value (regression)" });
    }
  });
export type OutcomeItem = z.infer<typeof outcomeItemSchema>;

export const eventsEnvelopeSchema = z
  .object({
    events: z
      .array(z.unknown(), { error: "events must be an array" })
      .min(1, "must contain at least 1 event")
      .max(MAX_ITEMS_PER_REQUEST, `must contain at most ${MAX_ITEMS_PER_REQUEST} events`),
  })
  .strict();

export const eventItemSchema = z
  .object({
    name: z
      .string({ error: "name is required" })
      .min(1, "must not be empty")
      .max(64, "must be at most 64 characters")
      .regex(/^[a-z][a-z0-9_.-]*$/, "must be lowercase letters, digits, _ . - (e.g. conversion)"),
    entityId: z
      .string({ error: "entityId is required" })
      .min(1, "must not be empty")
      .max(256, "must be at most 256 characters")
      .superRefine(refineStorableText),
    value: z.number({ error: "value is required and must be a number" }).finite("must be a finite number"),
    time: isoTime,
  })
  .strict();
export type EventItem = z.infer<typeof eventItemSchema>;

export type ItemResult = {
  index: number;
  status: "stored" | "replaced" | "unchanged" | "duplicate" | "rejected";
  error?: {
    code: "invalid" | "unknown_prediction" | "type_mismatch";
    message: string;
    details?: { path: string; message: string }[];
  };
};
