import type { SqlRunner } from "@/lib/db/open-database";
import { DAY_MS } from "@/lib/core/time/durations";
import { DELETE_BATCH_ROWS, deleteInBatches } from "@/lib/db/delete-in-batches";

/** A KServe request whose response has not come within this long never will (or not usefully). */
export const KSERVE_HALF_TTL_MS = DAY_MS;

/**
 * The ingestion API's bookkeeping: the claimed ids of predictions older than the log's cutoff go
 * with their rows, and KServe halves that never met their other half expire. In small batches, so
 * no statement holds locks for long.
 */
export async function expireIngestState(sql: SqlRunner, options: { cutoff: string; now: Date }) {
  const ids = await deleteInBatches(
    sql,
    `WITH doomed AS (SELECT prediction_id FROM ingested_prediction_ids WHERE created_at < $1 LIMIT ${DELETE_BATCH_ROWS})
     , gone AS (DELETE FROM ingested_prediction_ids k USING doomed d WHERE k.prediction_id = d.prediction_id RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [options.cutoff],
  );
  const halves = await deleteInBatches(
    sql,
    `WITH doomed AS (SELECT model_id, event_id FROM kserve_event_halves WHERE received_at < $1 LIMIT ${DELETE_BATCH_ROWS})
     , gone AS (DELETE FROM kserve_event_halves h USING doomed d WHERE h.model_id = d.model_id AND h.event_id = d.event_id RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [new Date(options.now.getTime() - KSERVE_HALF_TTL_MS).toISOString()],
  );
  return { deletedIngestedIds: ids, deletedKserveHalves: halves };
}
