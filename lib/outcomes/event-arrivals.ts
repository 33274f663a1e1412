import type { SqlConnection } from "@/lib/db/open-database";

/**
 * Business events received since `since`, by hour of occurrence, with the latest arrival in each
 * hour (through the received_at index). An event counts for predictions before it, so it concerns
 * the windows that start at or before its hour and whose attribution reach extends past it.
 */
export async function eventArrivals(sql: SqlConnection, since: Date): Promise<{ hour: number; lastReceived: number }[]> {
  const rows = await sql.query<{ hour: Date | string; last_received: Date | string }>(
    `SELECT date_trunc('hour', occurred_at) AS hour, max(received_at) AS last_received
       FROM business_events WHERE received_at >= $1 GROUP BY 1`,
    [since.toISOString()],
  );
  return rows.map((r) => ({ hour: new Date(r.hour).getTime(), lastReceived: new Date(r.last_received).getTime() }));
}
