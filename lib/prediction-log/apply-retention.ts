import type { SqlRunner } from "@/lib/db/open-database";
import { DAY_MS } from "@/lib/core/time/durations";
import { DELETE_BATCH_ROWS, deleteInBatches } from "@/lib/db/delete-in-batches";
import { dayStart, listDayPartitions } from "./partitions";
import { expireIdempotencyKeys } from "./expire-idempotency-keys";
import { expireIngestState } from "./expire-ingest-state";

export type RetentionResult = {
  cutoff: string;
  droppedPartitions: string[];
  deletedFromDefault: number;
  deletedRequestStats: number;
  deletedIdempotencyKeys: number;
  deletedIngestedIds: number;
  deletedKserveHalves: number;
};

/**
 * Removes predictions older than `days` whole UTC days. Whole-day partitions are detached and
 * dropped: a catalogue change, not a scan, so no long lock on the log. Rows that landed in the
 * default partition are deleted in small batches so no statement holds locks for long. The
 * per-minute request counts (traffic, error rates) go with the predictions they counted, so the
 * table does not grow for ever and the dashboard's traffic and its log cover the same days.
 * Idempotency keys have their own, shorter life (a day: see expire-idempotency-keys.ts).
 */
export async function applyRetention(sql: SqlRunner, options: { days: number; now?: Date }): Promise<RetentionResult> {
  if (!Number.isInteger(options.days) || options.days < 1) throw new RangeError("days must be a whole number of at least 1");
  const cutoffMs = dayStart(options.now ?? new Date()) - options.days * DAY_MS;
  const dropped: string[] = [];
  for (const partition of await listDayPartitions(sql)) {
    if (partition.dayStartMs + DAY_MS > cutoffMs) continue;
    await sql.transaction(async (tx) => {
      // Give up rather than queue behind a long reader: the next run will try again.
      await tx.exec(`SET LOCAL lock_timeout = '5s'`);
      await tx.exec(`ALTER TABLE "predictions" DETACH PARTITION "${partition.name}"`);
      await tx.exec(`DROP TABLE "${partition.name}"`);
    });
    dropped.push(partition.name);
  }
  const cutoff = new Date(cutoffMs).toISOString();
  const deleted = await deleteInBatches(
    sql,
    `WITH doomed AS (SELECT created_at, id FROM predictions_default WHERE created_at < $1 LIMIT ${DELETE_BATCH_ROWS})
     , gone AS (DELETE FROM predictions_default p USING doomed d WHERE p.created_at = d.created_at AND p.id = d.id RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [cutoff],
  );
  const deletedStats = await deleteInBatches(
    sql,
    `WITH doomed AS (SELECT model_name, version, minute, status_class FROM request_stats WHERE minute < $1 LIMIT ${DELETE_BATCH_ROWS})
     , gone AS (DELETE FROM request_stats r USING doomed d
                 WHERE r.model_name = d.model_name AND r.version = d.version AND r.minute = d.minute AND r.status_class = d.status_class RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [cutoff],
  );
  const deletedKeys = await expireIdempotencyKeys(sql, options.now ?? new Date());
  const ingest = await expireIngestState(sql, { cutoff, now: options.now ?? new Date() });
  return {
    cutoff,
    droppedPartitions: dropped,
    deletedFromDefault: deleted,
    deletedRequestStats: deletedStats,
    deletedIdempotencyKeys: deletedKeys,
    ...ingest,
  };
}
