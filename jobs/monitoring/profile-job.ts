// Profile job: folds newly logged predictions into hourly production profiles, per model version.
// Default schedule: hourly at minute 5 ("5 * * * *", per-model setting schedules.profile); the drift
// job also runs it first for the versions it checks.
//
// Each run reads the version's log from its cursor (logged_at, id) up to the safe horizon, once,
// and commits the merged profiles together with the new cursor, so a crash or failure mid-way
// leaves the cursor where it was and the next run reads the same rows again, never counting a row
// twice. Late rows (written long after their created_at) are simply rows after the cursor and are
// merged into the hour they belong to.
import type { Database } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { runRecordedJob, type RunOutcome } from "@/lib/jobs/run-recorded-job";
import { getMonitoredModelOrThrow, type MonitoredVersion } from "@/lib/monitors/shared/monitored-versions";
import { parsePgTimestamp } from "@/lib/monitors/shared/pg-time";
import { ProfileBuilder } from "@/lib/monitors/profiles/profile-builder";
import {
  extendCompleteThrough,
  LOG_START,
  readLogChunk,
  readWatermark,
  safeLogHorizon,
  storeProfileDeltas,
  type LogChunk,
  type LogCursor,
} from "@/lib/monitors/profiles/profile-store";

export type ProfileJobOptions = {
  model: string;
  version?: number;
  trigger?: JobTrigger;
  /** Rows per read from the log; memory stays proportional to this, not to the backlog. */
  chunkRows?: number;
  /** A run commits after this many rows and the next run carries on, so a large backlog is never one huge transaction. */
  maxRowsPerRun?: number;
  /** See safeLogHorizon. */
  horizonMarginMs?: number;
  /** Called after each chunk read, for progress on long backfills. */
  onProgress?: (progress: { modelName: string; version: number; rowsRead: number }) => void;
};

const DEFAULT_CHUNK_ROWS = 10_000;
const DEFAULT_MAX_ROWS_PER_RUN = 2_000_000;
const DEFAULT_HORIZON_MARGIN_MS = 1_000;

export async function runProfileJob(db: Database, options: ProfileJobOptions): Promise<RunOutcome[]> {
  const model = await getMonitoredModelOrThrow(db.prisma, options.model, options.version);
  const outcomes: RunOutcome[] = [];
  for (const version of model.versions) outcomes.push(...(await profileVersion(db, version, options)));
  return outcomes;
}

/** Runs until the version's profiles are up to date with the log (several runs for a large backlog). */
export async function profileVersion(
  db: Database,
  version: MonitoredVersion,
  options: Omit<ProfileJobOptions, "model" | "version">,
): Promise<RunOutcome[]> {
  const outcomes: RunOutcome[] = [];
  for (;;) {
    const horizon = await safeLogHorizon(db.sql, options.horizonMarginMs ?? DEFAULT_HORIZON_MARGIN_MS);
    const watermark = await readWatermark(db.sql, version.versionId);
    const cursor = watermark ?? LOG_START;
    const probe = await readLogChunk(db.sql, { versionId: version.versionId, after: cursor, before: horizon, limit: 1 });
    if (!probe.last) {
      // Nothing new: still record that the log is complete up to the horizon, so the drift job can
      // close windows of a version whose traffic stopped (a volume drop is worth reporting). Only if
      // no run moved the cursor meanwhile; such a run records its own horizon.
      if (watermark) {
        await extendCompleteThrough(db.sql, { versionId: version.versionId, cursor, completeThrough: horizon });
      }
      return outcomes;
    }
    const outcome = await profileRun(db, version, horizon, options);
    outcomes.push(outcome);
    const capped = outcome.status === "succeeded" && (outcome.details as { capped?: boolean } | undefined)?.capped === true;
    if (!capped) return outcomes;
  }
}

function profileRun(
  db: Database,
  version: MonitoredVersion,
  horizon: string,
  options: Omit<ProfileJobOptions, "model" | "version">,
): Promise<RunOutcome> {
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  const maxRows = options.maxRowsPerRun ?? DEFAULT_MAX_ROWS_PER_RUN;
  const identity = {
    job: "profile" as const,
    modelName: version.modelName,
    modelVersionId: version.versionId,
    version: version.version,
    windowStart: null,
    windowEnd: parsePgTimestamp(horizon),
    exclusive: "version" as const,
  };
  return runRecordedJob(db, identity, options.trigger ?? "manual", async (run) => {
    // Read again under the lock: a run that finished since the probe has moved the cursor.
    const start = (await readWatermark(db.sql, version.versionId)) ?? LOG_START;
    const builder = new ProfileBuilder(version.plan);
    const read = (after: LogCursor) =>
      readLogChunk(db.sql, { versionId: version.versionId, after, before: horizon, limit: chunkRows });
    let cursor: LogCursor = { loggedAt: start.loggedAt, lastId: start.lastId };
    let capped = false;
    let next: Promise<LogChunk> | null = read(cursor);
    while (next) {
      const chunk: LogChunk = await next;
      next = null;
      if (!chunk.last) break;
      cursor = chunk.last;
      const more = chunk.rows.length === chunkRows;
      capped = more && builder.rowsRead + chunk.rows.length >= maxRows;
      // Ask for the next chunk before folding this one, so Postgres reads while Node profiles.
      if (more && !capped) next = read(cursor);
      for (const row of chunk.rows) builder.add(row);
      run.addRowsRead(chunk.rows.length);
      options.onProgress?.({ modelName: version.modelName, version: version.version, rowsRead: builder.rowsRead });
    }
    const deltas = builder.deltas();
    // When capped, only rows up to the cursor are known to be read: the log is complete through its
    // logged_at, not through the horizon.
    const completeThrough = capped ? cursor.loggedAt : horizon;
    const hours = new Set(deltas.map((d) => d.hourMs));
    return {
      rowsRead: builder.rowsRead,
      windowStart: start.loggedAt === LOG_START.loggedAt ? undefined : parsePgTimestamp(start.loggedAt),
      windowEnd: parsePgTimestamp(completeThrough),
      details: {
        capped,
        hours: hours.size,
        firstHour: hours.size ? new Date(Math.min(...hours)).toISOString() : null,
        lastHour: hours.size ? new Date(Math.max(...hours)).toISOString() : null,
        segments: new Set(deltas.map((d) => d.segment).filter(Boolean)).size,
      },
      write: (tx) =>
        storeProfileDeltas(tx, { versionId: version.versionId, deltas, expected: start, next: cursor, completeThrough }),
    };
  });
}
