import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { idBefore, keysetOrder, keysetPage } from "@/lib/db/keyset-page";
import { jobNameSchema } from "@/lib/jobs/job-names";

export const jobRunsQuerySchema = z.object({
  job: jobNameSchema.optional(),
  model: z.string().min(1).optional(),
  version: z.coerce.number({ error: "must be a version number" }).int().positive().optional(),
  status: z
    .enum(["running", "succeeded", "failed", "crashed"], { error: "must be running, succeeded, failed or crashed" })
    .optional(),
  limit: z.coerce.number().int().min(1, "must be at least 1").max(500, "must be at most 500").default(50),
  // Keyset pagination on the id: stable while new runs keep being recorded.
  before: z.coerce.bigint({ error: "must be a run id" }).optional(),
});
export type JobRunsQuery = z.infer<typeof jobRunsQuerySchema>;

/** Job runs, newest first. */
export async function listJobRuns(db: Database, query: JobRunsQuery) {
  const rows = await db.prisma.jobRun.findMany({
    where: {
      job: query.job,
      modelName: query.model,
      version: query.version,
      status: query.status,
      id: idBefore(query.before),
    },
    ...keysetOrder(query),
  });
  const { page, nextBefore } = keysetPage(rows, query.limit);
  return {
    runs: page.map((r) => ({
      id: r.id.toString(),
      job: r.job,
      model: r.modelName,
      version: r.version,
      windowStart: r.windowStart?.toISOString() ?? null,
      windowEnd: r.windowEnd?.toISOString() ?? null,
      trigger: r.trigger,
      status: r.status,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      durationMs: r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
      rowsRead: Number(r.rowsRead),
      error: r.error,
      runner: r.runner,
      details: r.details,
    })),
    nextBefore,
  };
}
