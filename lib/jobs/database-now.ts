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
