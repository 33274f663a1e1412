import type { SqlConnection } from "@/lib/db/open-database";
import type { TimeWindow } from "@/lib/core/time/time-window";
import type { WindowEvaluation } from "./evaluate-window";

/**
 * The one owner of drift_windows (the dataset verdict of a window and segment) and drift_results
 * (the decision per column and method): the drift job writes through it, and alerts, the API and
 * the dashboard read through the typed readers below.
 */

/** A row of drift_windows: the dataset-level verdict of one window, as SQL returns it. */
export type DriftWindowRow = {
  window_start: Date;
  window_end: Date;
  rows: number;
  features_tested: number;
  features_drifted: number;
  drifted_share: number | null;
  weighted_score: number | null;
  verdict: string;
};

/** A row of drift_results: one column's test in one window, as SQL returns it. */
export type DriftResultRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  column_kind: string;
  column: string;
  method: string;
  effect_method: string;
  statistic: number | null;
  p_value: number | null;
  p_adjusted: number | null;
  effect_size: number | null;
  threshold: number;
  decision: string;
  reference_size: number;
  current_size: number;
  note: string | null;
};

/** A window of a version, as the readers below take and return it. */
export type VersionWindowKey = { model_version_id: string; window_start: Date; window_end: Date };

const WINDOW_COLUMNS = `window_start, window_end, rows, features_tested, features_drifted, drifted_share, weighted_score, verdict`;
const RESULT_COLUMNS = `model_version_id::text AS model_version_id, window_start, window_end, column_kind, "column", method, effect_method,
  statistic, p_value, p_adjusted, effect_size, threshold, decision, reference_size, current_size, note`;

/**
 * Replaces a window's drift results and verdicts for one reference, inside the caller's
 * transaction: a recomputed window (late rows) never shows a mix of old and new results.
 */
export async function writeDriftWindow(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; reference: string; evaluation: WindowEvaluation },
): Promise<void> {
  const { runId, versionId, window, reference, evaluation } = options;
  const key = [versionId, window.start.toISOString(), window.end.toISOString(), reference];
  const where = `model_version_id = $1::uuid AND window_start = $2::timestamptz AND window_end = $3::timestamptz AND reference = $4`;
  await tx.query(`DELETE FROM drift_results WHERE ${where}`, key);
  await tx.query(`DELETE FROM drift_windows WHERE ${where}`, key);

  const c = evaluation.columns;
  if (c.length) {
    await tx.query(
      `INSERT INTO drift_results (run_id, model_version_id, window_start, window_end, reference, segment, column_kind, "column", method,
         statistic, p_value, p_adjusted, effect_method, effect_size, threshold, decision, reference_size, current_size, note)
       SELECT $5::bigint, $1::uuid, $2::timestamptz, $3::timestamptz, $4, u.*
       FROM unnest($6::text[], $7::text[], $8::text[], $9::text[], $10::float8[], $11::float8[], $12::float8[], $13::text[],
         $14::float8[], $15::float8[], $16::text[], $17::int[], $18::int[], $19::text[])
         AS u(segment, column_kind, "column", method, statistic, p_value, p_adjusted, effect_method, effect_size, threshold, decision,
           reference_size, current_size, note)`,
      [
        ...key,
        runId,
        c.map((r) => r.segment),
        c.map((r) => r.columnKind),
        c.map((r) => r.column),
        c.map((r) => r.method),
        c.map((r) => r.statistic),
        c.map((r) => r.pValue),
        c.map((r) => r.pAdjusted),
        c.map((r) => r.effectMethod),
        c.map((r) => r.effectSize),
        c.map((r) => r.threshold),
        c.map((r) => r.decision),
        c.map((r) => r.referenceSize),
        c.map((r) => r.currentSize),
        c.map((r) => r.insufficient),
      ],
    );
  }

  const v = evaluation.verdicts;
  await tx.query(
    `INSERT INTO drift_windows (run_id, model_version_id, window_start, window_end, reference, segment, rows, features_tested,
       features_drifted, drifted_share, weighted_score, verdict)
     SELECT $5::bigint, $1::uuid, $2::timestamptz, $3::timestamptz, $4, u.*
     FROM unnest($6::text[], $7::int[], $8::int[], $9::int[], $10::float8[], $11::float8[], $12::text[])
       AS u(segment, rows, features_tested, features_drifted, drifted_share, weighted_score, verdict)`,
    [
      ...key,
      runId,
      v.map((r) => r.segment),
      // The overall row count is what later runs compare to spot late rows.
      v.map((r) => evaluation.rowsBySegment[r.segment] ?? 0),
      v.map((r) => r.featuresTested),
      v.map((r) => r.featuresDrifted),
      v.map((r) => r.driftedShare),
      v.map((r) => r.weightedScore),
      v.map((r) => r.verdict),
    ],
  );
}

/** Rows counted by each computed window (all rows, for one reference) starting at or after `from`, keyed "startMs/endMs". */
export async function computedWindowRows(
  sql: SqlConnection,
  options: { versionId: string; reference: string; from: Date },
): Promise<Map<string, number>> {
  const rows = await sql.query<{ window_start: Date; window_end: Date; rows: number }>(
    `SELECT window_start, window_end, rows FROM drift_windows
     WHERE model_version_id = $1::uuid AND segment = '' AND reference = $2 AND window_start >= $3::timestamptz`,
    [options.versionId, options.reference, options.from.toISOString()],
  );
  return new Map(rows.map((r) => [`${r.window_start.getTime()}/${r.window_end.getTime()}`, r.rows]));
}

type RangeOptions = { versionId: string; segment: string; reference: string; from: Date; to: Date };

const IN_RANGE = `model_version_id = $1::uuid AND segment = $2 AND reference = $3 AND window_start >= $4::timestamptz AND window_start < $5::timestamptz`;
const rangeParams = (o: RangeOptions) => [o.versionId, o.segment, o.reference, o.from.toISOString(), o.to.toISOString()];

/** Column results of windows starting in [from, to), one column's when given, grouped by column and method in window order. */
export function readDriftResults(
  sql: SqlConnection,
  options: RangeOptions & { column?: { kind: string; name: string } },
): Promise<DriftResultRow[]> {
  const { column } = options;
  return sql.query<DriftResultRow>(
    `SELECT ${RESULT_COLUMNS}
     FROM drift_results WHERE ${IN_RANGE} ${column ? `AND column_kind = $6 AND "column" = $7` : ""}
     ORDER BY column_kind, "column", method, effect_method, window_start`,
    column ? [...rangeParams(options), column.kind, column.name] : rangeParams(options),
  );
}

/** Dataset verdicts of windows starting in [from, to), in window order. */
export function readDriftWindows(sql: SqlConnection, options: RangeOptions): Promise<DriftWindowRow[]> {
  return sql.query<DriftWindowRow>(
    `SELECT ${WINDOW_COLUMNS} FROM drift_windows WHERE ${IN_RANGE} ORDER BY window_start`,
    rangeParams(options),
  );
}

/** The segments (other than all rows) with a verdict in windows starting in [from, to), sorted. */
export async function readDriftSegments(sql: SqlConnection, options: Omit<RangeOptions, "segment">): Promise<string[]> {
  const rows = await sql.query<{ segment: string }>(
    `SELECT DISTINCT segment FROM drift_windows
     WHERE model_version_id = $1::uuid AND reference = $2 AND segment <> '' AND window_start >= $3::timestamptz AND window_start < $4::timestamptz
     ORDER BY segment`,
    [options.versionId, options.reference, options.from.toISOString(), options.to.toISOString()],
  );
  return rows.map((r) => r.segment);
}

type RecentOptions = { versionIds: string[]; reference: string; segment: string; windows: number };

// The most recent windows of each version, for the reference and the segment.
const RECENT = `WITH recent AS (
  SELECT model_version_id, window_start, window_end,
         row_number() OVER (PARTITION BY model_version_id ORDER BY window_end DESC, window_start DESC) AS n
  FROM drift_windows
  WHERE model_version_id = ANY($1::uuid[]) AND reference = $2 AND segment = $3)`;
const recentParams = (o: RecentOptions) => [o.versionIds, o.reference, o.segment, o.windows];

/** The newest `windows` windows per version that have a verdict, for the reference and segment. */
export function recentDriftWindowKeys(sql: SqlConnection, options: RecentOptions): Promise<VersionWindowKey[]> {
  return sql.query<VersionWindowKey>(
    `${RECENT}
     SELECT model_version_id::text AS model_version_id, window_start, window_end FROM recent WHERE n <= $4`,
    recentParams(options),
  );
}

/** Column results of the newest `windows` windows per version, for the reference and segment. */
export function recentDriftResults(sql: SqlConnection, options: RecentOptions): Promise<DriftResultRow[]> {
  return sql.query<DriftResultRow>(
    `${RECENT}
     SELECT r.model_version_id::text AS model_version_id, r.window_start, r.window_end, r.column_kind, r."column", r.method, r.statistic,
            r.p_value, r.p_adjusted, r.effect_method, r.effect_size, r.threshold, r.decision, r.reference_size, r.current_size, r.note
     FROM drift_results r
     JOIN recent w ON w.model_version_id = r.model_version_id AND w.window_start = r.window_start AND w.window_end = r.window_end
     WHERE w.n <= $4 AND r.reference = $2 AND r.segment = $3`,
    recentParams(options),
  );
}

/** Dataset verdicts of the newest `windows` windows per version, for the reference and segment. */
export function recentDriftWindows(
  sql: SqlConnection,
  options: RecentOptions,
): Promise<(DriftWindowRow & { model_version_id: string })[]> {
  return sql.query<DriftWindowRow & { model_version_id: string }>(
    `${RECENT}
     SELECT d.model_version_id::text AS model_version_id, d.window_start, d.window_end, d.rows, d.features_tested, d.features_drifted,
            d.drifted_share, d.weighted_score, d.verdict
     FROM drift_windows d
     JOIN recent w ON w.model_version_id = d.model_version_id AND w.window_start = d.window_start AND w.window_end = d.window_end
     WHERE w.n <= $4 AND d.reference = $2 AND d.segment = $3`,
    recentParams(options),
  );
}

/** Per version, the newest all-rows verdict for its reference (an index walk with LIMIT 1 per version). */
export function latestDriftWindows(
  sql: SqlConnection,
  versions: { versionId: string; reference: string }[],
): Promise<(DriftWindowRow & { id: string })[]> {
  return sql.query<DriftWindowRow & { id: string }>(
    `SELECT w.id::text AS id, d.* FROM unnest($1::uuid[], $2::text[]) AS w(id, ref)
     CROSS JOIN LATERAL (
       SELECT ${WINDOW_COLUMNS}
         FROM drift_windows
        WHERE model_version_id = w.id AND segment = '' AND reference = w.ref
        ORDER BY window_start DESC, window_end DESC LIMIT 1) d`,
    [versions.map((v) => v.versionId), versions.map((v) => v.reference)],
  );
}
