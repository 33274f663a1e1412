import type { SqlConnection } from "@/lib/db/open-database";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { windowCompleteness, type WindowCompleteness } from "@/lib/monitors/shared/provisional";
import type { WindowPerformance } from "./compute-window-performance";

/**
 * The one owner of performance_results: the performance job writes through it, and alerts, the
 * API and the dashboard read through the typed readers below, never through SQL of their own.
 */

/** A stored performance window, as its columns come back from SQL. */
export type PerformanceResultRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  kind: WindowPerformance["kind"];
  predictions: number;
  labeled: number;
  label_coverage: number;
  metrics: WindowPerformance["metrics"];
  primary_metric: string;
  primary_value: number | null;
  meets_threshold: boolean | null;
  expected_cost: number | null;
  label_delay: WindowPerformance["labelDelay"];
  estimate_error: Record<string, number> | null;
};

/** A stored window with whether it is provisional (open, or below outcomes.minLabels). */
export type JudgedPerformanceRow = PerformanceResultRow & WindowCompleteness;

/** Who reads windows says how many values make one judgeable, and when "now" is. */
export type Completeness = { minimum: number; now: Date };

/** A realized window rests on its labels; an estimate on its predictions, held to the same minimum. */
export function judgePerformanceRow(row: PerformanceResultRow, { minimum, now }: Completeness): JudgedPerformanceRow {
  const count = row.kind === "realized" ? row.labeled : row.predictions;
  return { ...row, ...windowCompleteness({ end: new Date(row.window_end), count, minimum, now }) };
}

const COLUMNS = `model_version_id::text AS model_version_id, window_start, window_end, kind, predictions, labeled, label_coverage,
  metrics, primary_metric, primary_value, meets_threshold, expected_cost, label_delay, estimate_error`;

/** Replaces the window's results (one row per kind) inside the caller's transaction. */
export async function writePerformanceResults(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; results: WindowPerformance[] },
): Promise<void> {
  const { runId, versionId, window, results } = options;
  const realized = results.find((r) => r.kind === "realized");
  for (const r of results) {
    // Once labels exist, the estimate's error is kept beside it: how far the estimate can be trusted.
    const estimateError =
      r.kind === "estimated" && realized
        ? Object.fromEntries(
            Object.entries(r.metrics).flatMap(([k, v]) =>
              v !== null && typeof realized.metrics[k] === "number" ? [[k, (realized.metrics[k] as number) - v]] : [],
            ),
          )
        : null;
    await tx.query(
      `INSERT INTO performance_results (run_id, model_version_id, window_start, window_end, kind, predictions, labeled, label_coverage, metrics,
                                        primary_metric, primary_value, meets_threshold, expected_cost, label_delay, estimate_error)
       VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14::jsonb, $15::jsonb)
       ON CONFLICT (model_version_id, window_start, window_end, kind) DO UPDATE SET
         run_id = EXCLUDED.run_id, predictions = EXCLUDED.predictions, labeled = EXCLUDED.labeled, label_coverage = EXCLUDED.label_coverage,
         metrics = EXCLUDED.metrics, primary_metric = EXCLUDED.primary_metric, primary_value = EXCLUDED.primary_value,
         meets_threshold = EXCLUDED.meets_threshold, expected_cost = EXCLUDED.expected_cost, label_delay = EXCLUDED.label_delay,
         estimate_error = EXCLUDED.estimate_error, computed_at = now()`,
      [
        runId,
        versionId,
        window.start.toISOString(),
        window.end.toISOString(),
        r.kind,
        r.predictions,
        r.labeled,
        r.labelCoverage,
        JSON.stringify(r.metrics),
        r.primaryMetric,
        r.primaryValue,
        r.meetsThreshold,
        r.expectedCost,
        r.labelDelay === null ? null : JSON.stringify(r.labelDelay),
        estimateError === null ? null : JSON.stringify(estimateError),
      ],
    );
  }
}

/** Per stored window: the prediction and label counts it was computed from, and when (the earliest kind). */
export async function storedPerformanceCounts(
  sql: SqlConnection,
  options: { versionId: string; from: Date; to: Date },
): Promise<Map<number, { predictions: number; labeled: number; computed_at: Date | string }>> {
  const rows = await sql.query<{ window_start: Date | string; predictions: number; labeled: number; computed_at: Date | string }>(
    `SELECT window_start, max(predictions)::int AS predictions, max(labeled)::int AS labeled, min(computed_at) AS computed_at FROM performance_results
      WHERE model_version_id = $1::uuid AND window_start >= $2 AND window_start < $3 GROUP BY window_start`,
    [options.versionId, options.from.toISOString(), options.to.toISOString()],
  );
  return new Map(rows.map((r) => [new Date(r.window_start).getTime(), r]));
}

/** Whether the window's results were written at or after `since` (another run computed it meanwhile). */
export async function performanceComputedSince(
  sql: SqlConnection,
  options: { versionId: string; windowStart: Date; since: Date },
): Promise<boolean> {
  const rows = await sql.query(
    `SELECT 1 FROM performance_results WHERE model_version_id = $1::uuid AND window_start = $2 AND computed_at >= $3 LIMIT 1`,
    [options.versionId, options.windowStart.toISOString(), options.since.toISOString()],
  );
  return rows.length > 0;
}

/** Every stored window of the versions whose start lies in [from, to), oldest first, then by kind. */
export async function readPerformanceResults(
  sql: SqlConnection,
  options: { versionIds: string[]; from: Date; to: Date } & Completeness,
): Promise<JudgedPerformanceRow[]> {
  const rows = await sql.query<PerformanceResultRow>(
    `SELECT ${COLUMNS} FROM performance_results
      WHERE model_version_id = ANY($1::uuid[]) AND window_start >= $2 AND window_start < $3 ORDER BY window_start, kind`,
    [options.versionIds, options.from.toISOString(), options.to.toISOString()],
  );
  return rows.map((r) => judgePerformanceRow(r, options));
}

/** The newest `windows` windows of one kind per version (of windowHours hours, when given). */
export async function recentPerformanceResults(
  sql: SqlConnection,
  options: { versionIds: string[]; kind: WindowPerformance["kind"]; windows: number; windowHours: number | null } & Completeness,
): Promise<JudgedPerformanceRow[]> {
  const rows = await sql.query<PerformanceResultRow>(
    `SELECT * FROM (
       SELECT ${COLUMNS},
              row_number() OVER (PARTITION BY model_version_id ORDER BY window_end DESC, window_start DESC) AS n
       FROM performance_results
       WHERE model_version_id = ANY($1::uuid[]) AND kind = $2
         AND ($4::int IS NULL OR window_end - window_start = make_interval(hours => $4::int))) r
     WHERE n <= $3`,
    [options.versionIds, options.kind, options.windows, options.windowHours],
  );
  return rows.map((r) => judgePerformanceRow(r, options));
}

/**
 * Per version, the newest window of one kind with a value that is not provisional: closed by
 * `now`, and resting on at least the version's minimum (labels for realized windows, predictions
 * for estimates), so the first few labels of the current hour do not stand for the model's health.
 * An index walk from the newest row down with LIMIT 1 per version.
 */
export async function latestPerformanceResults(
  sql: SqlConnection,
  options: { versions: { id: string; minimum: number }[]; kind: WindowPerformance["kind"]; now: Date },
): Promise<(JudgedPerformanceRow & { id: string })[]> {
  const rows = await sql.query<PerformanceResultRow & { id: string; minimum: number }>(
    `SELECT w.id::text AS id, w.minimum, r.* FROM unnest($1::uuid[], $2::int[]) AS w(id, minimum)
     CROSS JOIN LATERAL (
       SELECT ${COLUMNS}
         FROM performance_results
        WHERE model_version_id = w.id AND kind = $3 AND primary_value IS NOT NULL AND window_end <= $4
          AND (CASE WHEN kind = 'realized' THEN labeled ELSE predictions END) >= w.minimum
          AND ($3 <> 'realized' OR meets_threshold IS NOT NULL)
        ORDER BY window_start DESC, window_end DESC LIMIT 1) r`,
    [options.versions.map((v) => v.id), options.versions.map((v) => v.minimum), options.kind, options.now.toISOString()],
  );
  return rows.map(({ minimum, ...r }) => ({ ...judgePerformanceRow(r, { minimum, now: options.now }), id: r.id }));
}
