import { z } from "zod";
import { isoTimeSchema } from "@/lib/core/time/iso-time-schema";
import { jobNameSchema } from "./job-names";

/** What the job-run operations answer (list-job-runs.ts, run-recorded-job.ts RunOutcome). */

export const jobRunListSchema = z.object({
  runs: z.array(
    z.object({
      id: z.string().regex(/^\d+$/),
      job: jobNameSchema,
      model: z.string(),
      version: z.number().int().nullable(),
      windowStart: isoTimeSchema.nullable(),
      windowEnd: isoTimeSchema.nullable(),
      trigger: z.string().describe("schedule, api, cli, …"),
      status: z.enum(["running", "succeeded", "failed", "crashed"]),
      startedAt: isoTimeSchema,
      finishedAt: isoTimeSchema.nullable(),
      durationMs: z.number().int().nullable(),
      rowsRead: z.number().int(),
      error: z.string().nullable(),
      runner: z.string().describe("hostname:pid of the process that ran it"),
      details: z.unknown(),
    }),
  ),
  nextBefore: z.string().nullable().describe("Pass as before= for the next (older) page; null on the last page"),
});

export const runOutcomeSchema = z.object({
  status: z.enum(["succeeded", "failed", "busy", "skipped"]),
  runId: z.string().nullable(),
  job: jobNameSchema,
  modelName: z.string(),
  version: z.number().int().nullable(),
  windowStart: isoTimeSchema.nullable(),
  windowEnd: isoTimeSchema.nullable(),
  rowsRead: z.number().int(),
  error: z.string().optional(),
  details: z.unknown().optional(),
});
export const jobRunResultSchema = z.object({ runs: z.array(runOutcomeSchema) });
