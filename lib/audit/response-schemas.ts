import { z } from "zod";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";

/** What GET /api/v1/audit answers (list-audit-events.ts). */
export const auditListSchema = z.object({
  events: z.array(
    z.object({
      id: z.string().regex(/^\d+$/).describe("The event's id; a group's newest event's"),
      at: isoTimeSchema,
      actor: z.string().describe("key:NAME, password:admin, cli, …; a dashboard session adds /NAME, the name given at sign-in"),
      kind: z.string().describe("e.g. model.version_registered, api_key.created"),
      model: z.string().nullable(),
      subject: z.string(),
      before: z.unknown().describe("The state before, as JSON; null when there was none"),
      after: z.unknown().describe("The state after, as JSON; null when there is none; a group's summed counters"),
      count: z.number().int().min(1).describe("1 for one event; for a group, how many events it stands for"),
      hour: isoTimeSchema.nullable().describe("The hour a group covers; null for a single event"),
    }),
  ),
  nextBefore: z.string().nullable().describe("Pass as before= for the next (older) page; null on the last page"),
});
