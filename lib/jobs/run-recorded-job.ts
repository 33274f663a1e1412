import type { Database, SqlConnection } from "@/lib/db/open-database";
import { withAdvisoryLock } from "./advisory-lock";
import { completeRun, failRun, insertRun, markAbandonedRuns, runLockName, type JobTrigger, type RunIdentity } from "./job-runs";

/**
 * Runs one unit of a job under the conventions every job follows: the advisory lock (never two
 * processes on the same version/window), a job_runs row written at the start, abandoned rows of
 * crashed predecessors marked, and the results written in one transaction together with the run's
 * success, so a failure or crash at any point leaves no partial results and the unit is simply
 * retried by a later tick.
 */

/** busy: another process holds the unit; skipped: once locked, the unit turned out done already. */
export type RunStatus = "succeeded" | "failed" | "busy" | "skipped";

export type RunOutcome = {
  status: RunStatus;
  runId: string | null;
  job: RunIdentity["job"];
  modelName: string;
  version: number | null;
  windowStart: string | null;
  windowEnd: string | null;
  rowsRead: number;
  error?: string;
  details?: unknown;
};

export type WorkResult = {
  rowsRead: number;
  details?: unknown;
  /** The window actually covered, when it is only known at the end (profile runs). */
  windowStart?: Date;
  windowEnd?: Date;
  /** Writes the results; runs inside the transaction that also marks the run succeeded. */
  write(tx: SqlConnection): Promise<void>;
};

export type RunContext = { runId: string; addRowsRead(n: number): void };

export async function runRecordedJob(
  db: Database,
  identity: RunIdentity,
  trigger: JobTrigger,
  work: (run: RunContext) => Promise<WorkResult>,
  options: {
    /**
     * Checked again once the lock is held: a unit found due before locking may have been completed
     * by another process meanwhile, and is then left alone (not recorded).
     */
    stillDue?: () => Promise<boolean>;
  } = {},
): Promise<RunOutcome> {
  const base = {
    job: identity.job,
    modelName: identity.modelName,
    version: identity.version,
    windowStart: identity.windowStart?.toISOString() ?? null,
    windowEnd: identity.windowEnd?.toISOString() ?? null,
  };
  const locked = await withAdvisoryLock(db, runLockName(identity), async (): Promise<RunOutcome> => {
    await markAbandonedRuns(db.sql, identity);
    if (options.stillDue && !(await options.stillDue())) return { ...base, status: "skipped", runId: null, rowsRead: 0 };
    const runId = await insertRun(db.sql, identity, trigger);
    let rowsRead = 0;
    try {
      const result = await work({ runId, addRowsRead: (n) => (rowsRead += n) });
      rowsRead = result.rowsRead;
      await db.sql.transaction(async (tx) => {
        await result.write(tx);
        await completeRun(tx, runId, result);
      });
      return {
        ...base,
        windowStart: result.windowStart?.toISOString() ?? base.windowStart,
        windowEnd: result.windowEnd?.toISOString() ?? base.windowEnd,
        status: "succeeded",
        runId,
        rowsRead,
        details: result.details,
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[tidemark] job ${identity.job} on ${identity.modelName} v${identity.version} failed:`, error);
      // If even this fails (database gone), the row stays "running" and the next run marks it crashed.
      await failRun(db.sql, runId, { rowsRead, error: message }).catch(() => {});
      return { ...base, status: "failed", runId, rowsRead, error: message };
    }
  });
  return locked.acquired ? locked.value : { ...base, status: "busy", runId: null, rowsRead: 0 };
}
