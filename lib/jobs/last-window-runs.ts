import type { SqlConnection } from "@/lib/db/open-database";
import type { JobName } from "./job-names";

/**
 * Per window of one version, the job's latest successful run: when it started, and how many
 * predictions the window had then (details.predictions). Lets a job skip windows nothing fed since.
 */
export async function lastWindowRuns(
  sql: SqlConnection,
  options: { job: JobName; versionId: string; from: Date },
): Promise<Map<number, { startedAt: Date; predictions: number | null }>> {
  const rows = await sql.query<{ window_start: Date | string; started_at: Date | string; predictions: number | null }>(
    `SELECT DISTINCT ON (window_start) window_start, started_at, (details->>'predictions')::int AS predictions
       FROM job_runs
      WHERE job = $3 AND status = 'succeeded' AND model_version_id = $1::uuid AND window_start >= $2
      ORDER BY window_start, started_at DESC`,
    [options.versionId, options.from.toISOString(), options.job],
  );
  return new Map(
    rows.map((r) => [new Date(r.window_start).getTime(), { startedAt: new Date(r.started_at), predictions: r.predictions }]),
  );
}
