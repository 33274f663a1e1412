import os from "node:os";
import type { SqlConnection } from "@/lib/db/open-database";
import type { JobName } from "@/lib/jobs/job-names";

/** The job_runs table: one row per run, written at its start and completed at its end. */

export type JobTrigger = "schedule" | "manual" | "api";

export type RunIdentity = {
  job: JobName;
  modelName: string;
  /** Null for jobs over a whole model (alerts). */
  modelVersionId: string | null;
  version: number | null;
  windowStart: Date | null;
  windowEnd: Date | null;
  /**
   * What two runs must not share: the version (profile runs, which advance one cursor per version)
   * or the version and window (drift runs, one per window), or the model (alert evaluation).
   */
  exclusive: "version" | "window" | "model";
};

export const runnerName = () => `${os.hostname()}:${process.pid}`;

/** Runs that exclude each other: same job and version, and same window when the window is the unit. */
const SAME_RUN = `job = $1 AND model_version_id IS NOT DISTINCT FROM $2::uuid AND ($5 = 'version'
  OR ($5 = 'model' AND model_name = $6)
  OR ($5 = 'window' AND window_start IS NOT DISTINCT FROM $3::timestamptz AND window_end IS NOT DISTINCT FROM $4::timestamptz))`;

/** The advisory lock name of a run (see advisory-lock.ts). */
export function runLockName(run: RunIdentity): string {
  const window = run.exclusive === "window" ? `${run.windowStart?.toISOString()}/${run.windowEnd?.toISOString()}` : "*";
  return `job:${run.job}:${run.modelVersionId ?? `model:${run.modelName}`}:${window}`;
}

const identityParams = (run: RunIdentity) => [
  run.job,
  run.modelVersionId,
  run.windowStart?.toISOString() ?? null,
  run.windowEnd?.toISOString() ?? null,
];

/**
 * Marks runs of the same job and window still shown as running as crashed. Only called while
 * holding the run's advisory lock: nobody else can be running it, so such a row was left by a
 * process that died.
 */
export async function markAbandonedRuns(sql: SqlConnection, run: RunIdentity): Promise<number> {
  const rows = await sql.query(
    `UPDATE job_runs SET status = 'crashed', finished_at = now(),
       error = 'the process running it (' || runner || ') stopped before it finished'
     WHERE ${SAME_RUN} AND status = 'running' RETURNING id`,
    [...identityParams(run), run.exclusive, run.modelName],
  );
  return rows.length;
}

export async function insertRun(sql: SqlConnection, run: RunIdentity, trigger: JobTrigger): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO job_runs (job, model_name, model_version_id, version, window_start, window_end, trigger, status, runner)
     VALUES ($1, $5, $2::uuid, $6, $3::timestamptz, $4::timestamptz, $7, 'running', $8) RETURNING id::text AS id`,
    [...identityParams(run), run.modelName, run.version, trigger, runnerName()],
  );
  return row.id;
}

/**
 * Completes a run inside the transaction that writes its results, so results and "succeeded" commit
 * together. Throws (rolling the results back) if the row is no longer ours to complete.
 */
export async function completeRun(
  tx: SqlConnection,
  id: string,
  outcome: { rowsRead: number; details?: unknown; windowStart?: Date; windowEnd?: Date },
) {
  const rows = await tx.query(
    `UPDATE job_runs SET status = 'succeeded', finished_at = now(), rows_read = $2, details = $3::jsonb,
       window_start = COALESCE($4::timestamptz, window_start), window_end = COALESCE($5::timestamptz, window_end)
     WHERE id = $1::bigint AND status = 'running' RETURNING id`,
    [
      id,
      outcome.rowsRead,
      outcome.details === undefined ? null : JSON.stringify(outcome.details),
      outcome.windowStart?.toISOString() ?? null,
      outcome.windowEnd?.toISOString() ?? null,
    ],
  );
  if (rows.length !== 1)
    throw new Error(`job run ${id} is no longer running (marked by another process); its results were not written`);
}

export async function failRun(sql: SqlConnection, id: string, outcome: { rowsRead: number; error: string }) {
  await sql.query(
    `UPDATE job_runs SET status = 'failed', finished_at = now(), rows_read = $2, error = $3 WHERE id = $1::bigint AND status = 'running'`,
    [id, outcome.rowsRead, outcome.error.slice(0, 4000)],
  );
}
