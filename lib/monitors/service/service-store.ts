import type { SqlConnection } from "@/lib/db/open-database";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { windowCompleteness, type WindowCompleteness } from "@/lib/monitors/shared/provisional";
import type { ServiceWindowResult } from "./service-window";

/**
 * The one owner of service_results: the service job writes through it, and alerts, the API and
 * the dashboard read through the typed readers below.
 */

/** A stored service window, as its columns come back from SQL. */
export type ServiceResultRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  requests: number;
  errors: number;
  rows: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  requests_per_s: number;
  rows_per_s: number;
  error_rate: number;
  sla_p99_ms: number | null;
  sla_min_rps: number | null;
  breaches: ServiceWindowResult["breaches"];
};

/** A stored window with whether it is provisional (open, or fewer requests than service.minRequests). */
export type JudgedServiceRow = ServiceResultRow & WindowCompleteness;

/** Who reads windows says how many requests make one judgeable, and when "now" is. */
export type Completeness = { minimum: number; now: Date };

export const judgeServiceRow = (row: ServiceResultRow, { minimum, now }: Completeness): JudgedServiceRow => ({
  ...row,
  ...windowCompleteness({ end: new Date(row.window_end), count: row.requests, minimum, now }),
});

const COLUMNS = `model_version_id::text AS model_version_id, window_start, window_end, requests, errors, rows, p50_ms, p95_ms, p99_ms,
  requests_per_s, rows_per_s, error_rate, sla_p99_ms, sla_min_rps, breaches`;

/** Replaces the window's result inside the caller's transaction. */
export async function writeServiceResult(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; result: ServiceWindowResult },
): Promise<void> {
  const { runId, versionId, window, result: r } = options;
  await tx.query(
    `INSERT INTO service_results (run_id, model_version_id, window_start, window_end, requests, errors, rows, p50_ms, p95_ms, p99_ms,
                                  requests_per_s, rows_per_s, error_rate, sla_p99_ms, sla_min_rps, breaches)
     VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16::jsonb)
     ON CONFLICT (model_version_id, window_start, window_end) DO UPDATE SET run_id = EXCLUDED.run_id, requests = EXCLUDED.requests,
       errors = EXCLUDED.errors, rows = EXCLUDED.rows, p50_ms = EXCLUDED.p50_ms, p95_ms = EXCLUDED.p95_ms, p99_ms = EXCLUDED.p99_ms,
       requests_per_s = EXCLUDED.requests_per_s, rows_per_s = EXCLUDED.rows_per_s, error_rate = EXCLUDED.error_rate,
       sla_p99_ms = EXCLUDED.sla_p99_ms, sla_min_rps = EXCLUDED.sla_min_rps, breaches = EXCLUDED.breaches, computed_at = now()`,
    [
      runId,
      versionId,
      window.start.toISOString(),
      window.end.toISOString(),
      r.requests,
      r.errors,
      r.rows,
      r.p50Ms,
      r.p95Ms,
      r.p99Ms,
      r.requestsPerS,
      r.rowsPerS,
      r.errorRate,
      r.slaP99Ms,
      r.slaMinRps,
      JSON.stringify(r.breaches),
    ],
  );
}

/** Start times (ms) of the version's stored windows that start at or after `from`. */
export async function storedServiceWindows(sql: SqlConnection, options: { versionId: string; from: Date }): Promise<Set<number>> {
  const rows = await sql.query<{ window_start: Date | string }>(
    `SELECT window_start FROM service_results WHERE model_version_id = $1::uuid AND window_start >= $2`,
    [options.versionId, options.from.toISOString()],
  );
  return new Set(rows.map((r) => new Date(r.window_start).getTime()));
}

/** Whether the window's result was written at or after `since` (another run computed it meanwhile). */
export async function serviceComputedSince(
  sql: SqlConnection,
  options: { versionId: string; windowStart: Date; since: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `SELECT 1 FROM service_results WHERE model_version_id = $1::uuid AND window_start = $2 AND computed_at >= $3 LIMIT 1`,
    [options.versionId, options.windowStart.toISOString(), options.since.toISOString()],
  );
  return rows.length > 0;
}

/** Every stored window of the versions whose start lies in [from, to), oldest first. */
export async function readServiceResults(
  sql: SqlConnection,
  options: { versionIds: string[]; from: Date; to: Date } & Completeness,
): Promise<JudgedServiceRow[]> {
  const rows = await sql.query<ServiceResultRow>(
    `SELECT ${COLUMNS} FROM service_results
      WHERE model_version_id = ANY($1::uuid[]) AND window_start >= $2 AND window_start < $3 ORDER BY window_start`,
    [options.versionIds, options.from.toISOString(), options.to.toISOString()],
  );
  return rows.map((r) => judgeServiceRow(r, options));
}

/** The newest `windows` windows per version (of windowHours hours, when given). */
export async function recentServiceResults(
  sql: SqlConnection,
  options: { versionIds: string[]; windows: number; windowHours: number | null } & Completeness,
): Promise<JudgedServiceRow[]> {
  const rows = await sql.query<ServiceResultRow>(
    `SELECT * FROM (
       SELECT ${COLUMNS},
              row_number() OVER (PARTITION BY model_version_id ORDER BY window_end DESC, window_start DESC) AS n
       FROM service_results
       WHERE model_version_id = ANY($1::uuid[])
         AND ($3::int IS NULL OR window_end - window_start = make_interval(hours => $3::int))) r
     WHERE n <= $2`,
    [options.versionIds, options.windows, options.windowHours],
  );
  return rows.map((r) => judgeServiceRow(r, options));
}

/**
 * Per version, the newest window that is not provisional: closed by `now`, with at least the
 * version's minimum of requests (an index walk with LIMIT 1 per version).
 */
export async function latestServiceResults(
  sql: SqlConnection,
  options: { versions: { id: string; minimum: number }[]; now: Date },
): Promise<(JudgedServiceRow & { id: string })[]> {
  const rows = await sql.query<ServiceResultRow & { id: string; minimum: number }>(
    `SELECT w.id::text AS id, w.minimum, r.* FROM unnest($1::uuid[], $2::int[]) AS w(id, minimum)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS}
         FROM service_results
        WHERE model_version_id = w.id AND requests > 0 AND requests >= w.minimum AND window_end <= $3
        ORDER BY window_start DESC, window_end DESC LIMIT 1) r`,
    [options.versions.map((v) => v.id), options.versions.map((v) => v.minimum), options.now.toISOString()],
  );
  return rows.map(({ minimum, ...r }) => ({ ...judgeServiceRow(r, { minimum, now: options.now }), id: r.id }));
}
