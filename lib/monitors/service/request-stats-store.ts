import type { SqlConnection } from "@/lib/db/open-database";

/**
 * The SQL of request_stats: predict requests counted per model version, minute and status class
 * (kept by RequestStatsRecorder in request-stats.ts). The service monitor and the no-traffic alert
 * read it through the readers below. Retention's batched delete stays with the prediction log's
 * retention (lib/prediction-log/apply-retention.ts), and the dashboard's traffic chart still has
 * its own query (lib/dashboard/get-traffic.ts).
 */

export type RequestCountRow = {
  model: string;
  version: number;
  minute: number;
  statusClass: string;
  requests: number;
  records: number;
};

/** Adds counts to the stored ones (one statement for all rows). */
export async function addRequestCounts(sql: SqlConnection, rows: readonly RequestCountRow[]): Promise<void> {
  await sql.query(
    `INSERT INTO request_stats (model_name, version, minute, status_class, requests, records)
     SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::int[], $6::int[])
     ON CONFLICT (model_name, version, minute, status_class)
     DO UPDATE SET requests = request_stats.requests + EXCLUDED.requests, records = request_stats.records + EXCLUDED.records`,
    [
      rows.map((r) => r.model),
      rows.map((r) => r.version),
      rows.map((r) => new Date(r.minute).toISOString()),
      rows.map((r) => r.statusClass),
      rows.map((r) => r.requests),
      rows.map((r) => r.records),
    ],
  );
}

/** Requests to one version in [start, end), and how many of them failed on the server (5xx). */
export async function requestCounts(
  sql: SqlConnection,
  options: { modelName: string; version: number; start: Date; end: Date },
): Promise<{ requests: number; errors: number }> {
  const [counts] = await sql.query<{ requests: number; errors: number }>(
    `SELECT coalesce(sum(requests), 0)::int AS requests, coalesce(sum(requests) FILTER (WHERE status_class = '5xx'), 0)::int AS errors
       FROM request_stats WHERE model_name = $1 AND version = $2 AND minute >= $3 AND minute < $4`,
    [options.modelName, options.version, options.start.toISOString(), options.end.toISOString()],
  );
  return counts;
}

/** The first minute the model answered a predict request successfully, or null. */
export async function firstServedMinute(sql: SqlConnection, modelName: string): Promise<Date | null> {
  const [{ first }] = await sql.query<{ first: Date | null }>(
    `SELECT min(minute) AS first FROM request_stats WHERE model_name = $1 AND status_class = '2xx' AND requests > 0`,
    [modelName],
  );
  return first;
}

/** Of the periods starting at `starts`, each periodMinutes long, those in which the model answered a predict request successfully. */
export async function periodsWithServedRequests(
  sql: SqlConnection,
  options: { modelName: string; starts: readonly Date[]; periodMinutes: number },
): Promise<Set<number>> {
  const rows = await sql.query<{ start: Date }>(
    `SELECT p.start FROM unnest($1::timestamptz[]) AS p(start)
     WHERE EXISTS (
       SELECT 1 FROM request_stats
       WHERE model_name = $2 AND status_class = '2xx' AND requests > 0 AND minute >= p.start AND minute < p.start + make_interval(mins => $3::int))`,
    [options.starts.map((s) => s.toISOString()), options.modelName, options.periodMinutes],
  );
  return new Set(rows.map((r) => new Date(r.start).getTime()));
}
