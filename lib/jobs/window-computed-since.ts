import type { SqlConnection } from "@/lib/db/open-database";

/**
 * For jobs that recompute a window whenever it may have changed (performance, service): two
 * schedulers ticking together both find the same windows due, and the per-window lock only makes
 * them take turns. Each run notes the database's clock before deciding, and under the lock skips a
 * window whose results were written since — by a run that decided no earlier, on data no older.
 */

export async function databaseNow(sql: SqlConnection): Promise<Date> {
  const [{ now }] = await sql.query<{ now: Date | string }>("SELECT now() AS now");
  return new Date(now);
}

export async function windowComputedSince(
  sql: SqlConnection,
  options: { table: "performance_results" | "service_results"; versionId: string; windowStart: Date; since: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `SELECT 1 FROM ${options.table} WHERE model_version_id = $1::uuid AND window_start = $2 AND computed_at >= $3 LIMIT 1`,
    [options.versionId, options.windowStart.toISOString(), options.since.toISOString()],
  );
  return rows.length > 0;
}
