import type { SqlConnection } from "@/lib/db/open-database";
import type { TimeWindow } from "@/lib/core/time/time-window";
import type { DecileRow } from "./business-by-decile";
import type { BusinessWindowResult } from "./business-window";
import { smallestDecile, windowCompleteness, type WindowCompleteness } from "@/lib/monitors/shared/provisional";

/**
 * The one owner of business_results: the business job writes through it, and alerts and the API
 * read through the typed readers below.
 */

/** A stored business metric of one window, as its columns come back from SQL. */
export type BusinessResultRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  name: string;
  predictions: number;
  events: number;
  sum: number;
  rate: number;
  deciles: DecileRow[];
  correlation: number | null;
};

/** A stored metric with whether its window is provisional (open, or a decile below business.minPredictionsPerDecile). */
export type JudgedBusinessRow = BusinessResultRow & WindowCompleteness;

/** Who reads windows says how many predictions per decile make one judgeable, and when "now" is. */
export type Completeness = { minimum: number; now: Date };

const judged = (row: BusinessResultRow, { minimum, now }: Completeness): JudgedBusinessRow => ({
  ...row,
  ...windowCompleteness({ end: new Date(row.window_end), count: smallestDecile(row.predictions), minimum, now }),
});

const COLUMNS = `model_version_id::text AS model_version_id, window_start, window_end, name, predictions, events, sum, rate, deciles, correlation`;

/** Replaces the window's metrics inside the caller's transaction. */
export async function writeBusinessResults(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; results: BusinessWindowResult[] },
): Promise<void> {
  const { runId, versionId, window, results } = options;
  for (const r of results) {
    await tx.query(
      `INSERT INTO business_results (run_id, model_version_id, window_start, window_end, name, predictions, events, sum, rate, deciles, correlation)
       VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
       ON CONFLICT (model_version_id, window_start, window_end, name) DO UPDATE SET run_id = EXCLUDED.run_id, predictions = EXCLUDED.predictions,
         events = EXCLUDED.events, sum = EXCLUDED.sum, rate = EXCLUDED.rate, deciles = EXCLUDED.deciles, correlation = EXCLUDED.correlation, computed_at = now()`,
      [
        runId,
        versionId,
        window.start.toISOString(),
        window.end.toISOString(),
        r.name,
        r.predictions,
        r.events,
        r.sum,
        r.rate,
        JSON.stringify(r.deciles),
        r.correlation,
      ],
    );
  }
}

/** Every stored metric of the versions (one, when `name` is given) whose window starts in [from, to), oldest first. */
export async function readBusinessResults(
  sql: SqlConnection,
  options: { versionIds: string[]; from: Date; to: Date; name: string | null } & Completeness,
): Promise<JudgedBusinessRow[]> {
  const rows = await sql.query<BusinessResultRow>(
    `SELECT ${COLUMNS} FROM business_results
      WHERE model_version_id = ANY($1::uuid[]) AND window_start >= $2 AND window_start < $3 AND ($4::text IS NULL OR name = $4)
      ORDER BY window_start, name`,
    [options.versionIds, options.from.toISOString(), options.to.toISOString(), options.name],
  );
  return rows.map((r) => judged(r, options));
}

/**
 * The newest `windows` windows of each metric per version (of windowHours hours, when given; only
 * the named metrics, when given), ordered by version, metric and window end.
 */
export async function recentBusinessResults(
  sql: SqlConnection,
  options: { versionIds: string[]; windows: number; names: readonly string[] | null; windowHours: number | null } & Completeness,
): Promise<JudgedBusinessRow[]> {
  const rows = await sql.query<BusinessResultRow>(
    `SELECT * FROM (
       SELECT ${COLUMNS},
              row_number() OVER (PARTITION BY model_version_id, name ORDER BY window_end DESC, window_start DESC) AS n
       FROM business_results
       WHERE model_version_id = ANY($1::uuid[]) AND ($3::text[] IS NULL OR name = ANY($3::text[]))
         AND ($4::int IS NULL OR window_end - window_start = make_interval(hours => $4::int))) r
     WHERE n <= $2
     ORDER BY model_version_id, name, window_end`,
    [options.versionIds, options.windows, options.names, options.windowHours],
  );
  return rows.map((r) => judged(r, options));
}
