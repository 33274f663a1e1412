import type { SqlRunner } from "@/lib/db/open-database";
import { DELETE_BATCH_ROWS, deleteInBatches } from "@/lib/db/delete-in-batches";

/** How long an Idempotency-Key is remembered at least: a client retrying a day later still gets its original answer. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/** Deletes the keys older than the TTL, in small batches so no statement holds locks for long. */
export async function expireIdempotencyKeys(sql: SqlRunner, now: Date): Promise<number> {
  return deleteInBatches(
    sql,
    `WITH doomed AS (SELECT api_key_id, key FROM prediction_idempotency_keys WHERE created_at < $1 LIMIT ${DELETE_BATCH_ROWS})
     , gone AS (DELETE FROM prediction_idempotency_keys k USING doomed d WHERE k.api_key_id = d.api_key_id AND k.key = d.key RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString()],
  );
}
