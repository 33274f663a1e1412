import type { SqlConnection } from "@/lib/db/open-database";
import type { TimeWindow } from "@/lib/core/time/time-window";
import type { QualityCheck } from "./data-quality";

/**
 * The one owner of quality_results: the data-quality checks the drift job computes per window,
 * segment and reference. The drift job writes through it (in the transaction that writes the
 * window's drift results), and alerts and the API read through the typed readers below.
 */

/** A stored check, as its columns come back from SQL. */
export type QualityResultRow = {
  model_version_id: string;
  window_start: Date;
  window_end: Date;
  column: string;
  check: string;
  value: number | null;
  expected: number | null;
  threshold: number | null;
  flagged: boolean;
  details: Record<string, unknown> | null;
};

const COLUMNS = `model_version_id::text AS model_version_id, window_start, window_end, "column", "check", value, expected, threshold, flagged, details`;

/** Replaces a window's checks for one reference, inside the caller's transaction. */
export async function writeQualityResults(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; reference: string; checks: readonly QualityCheck[] },
): Promise<void> {
  const { runId, versionId, window, reference, checks: q } = options;
  const key = [versionId, window.start.toISOString(), window.end.toISOString(), reference];
  await tx.query(
    `DELETE FROM quality_results
      WHERE model_version_id = $1::uuid AND window_start = $2::timestamptz AND window_end = $3::timestamptz AND reference = $4`,
    key,
  );
  if (!q.length) return;
  await tx.query(
    `INSERT INTO quality_results (run_id, model_version_id, window_start, window_end, reference, segment, "column", "check",
       value, expected, threshold, flagged, details)
     SELECT $5::bigint, $1::uuid, $2::timestamptz, $3::timestamptz, $4, u.*
     FROM unnest($6::text[], $7::text[], $8::text[], $9::float8[], $10::float8[], $11::float8[], $12::bool[], $13::jsonb[])
       AS u(segment, "column", "check", value, expected, threshold, flagged, details)`,
    [
      ...key,
      runId,
      q.map((r) => r.segment),
      q.map((r) => r.column),
      q.map((r) => r.check),
      q.map((r) => r.value),
      q.map((r) => r.expected),
      q.map((r) => r.threshold),
      q.map((r) => r.flagged),
      q.map((r) => JSON.stringify(r.details)),
    ],
  );
}

/**
 * Checks of windows starting in [from, to) for one segment and reference, grouped by column and
 * check in window order; with `column`, that column's checks and the window-wide ones (volume).
 */
export function readQualityResults(
  sql: SqlConnection,
  options: { versionId: string; segment: string; reference: string; from: Date; to: Date; column?: string },
): Promise<QualityResultRow[]> {
  const base = [options.versionId, options.segment, options.reference, options.from.toISOString(), options.to.toISOString()];
  return sql.query<QualityResultRow>(
    `SELECT ${COLUMNS} FROM quality_results
     WHERE model_version_id = $1::uuid AND segment = $2 AND reference = $3 AND window_start >= $4::timestamptz AND window_start < $5::timestamptz
     ${options.column !== undefined ? `AND "column" IN ($6, '')` : ""}
     ORDER BY "column", "check", window_start`,
    options.column !== undefined ? [...base, options.column] : base,
  );
}

/** Checks of the given windows (the drift store's recent windows) for one segment and reference. */
export function qualityResultsOf(
  sql: SqlConnection,
  options: {
    windows: readonly { model_version_id: string; window_start: Date; window_end: Date }[];
    reference: string;
    segment: string;
  },
): Promise<QualityResultRow[]> {
  const w = options.windows;
  if (!w.length) return Promise.resolve([]);
  return sql.query<QualityResultRow>(
    `SELECT q.model_version_id::text AS model_version_id, q.window_start, q.window_end, q."column", q."check", q.value, q.expected,
            q.threshold, q.flagged, q.details
     FROM quality_results q
     JOIN unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) AS w(version_id, window_start, window_end)
       ON w.version_id = q.model_version_id AND w.window_start = q.window_start AND w.window_end = q.window_end
     WHERE q.reference = $4 AND q.segment = $5`,
    [
      w.map((k) => k.model_version_id),
      w.map((k) => k.window_start.toISOString()),
      w.map((k) => k.window_end.toISOString()),
      options.reference,
      options.segment,
    ],
  );
}
