import type { SqlConnection } from "@/lib/db/open-database";
import type { WindowEvaluation } from "@/lib/monitors/drift/evaluate-window";
import type { TimeWindow } from "@/lib/core/time/time-window";

/**
 * Replaces a window's stored results (drift per column, dataset verdicts, quality checks) for one
 * reference, inside the caller's transaction: a recomputed window (late rows) never shows a mix of
 * old and new results.
 */
export async function storeWindowResults(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; reference: string; evaluation: WindowEvaluation },
): Promise<void> {
  const { runId, versionId, window, reference, evaluation } = options;
  const key = [versionId, window.start.toISOString(), window.end.toISOString(), reference];
  const where = `model_version_id = $1::uuid AND window_start = $2::timestamptz AND window_end = $3::timestamptz AND reference = $4`;
  await tx.query(`DELETE FROM drift_results WHERE ${where}`, key);
  await tx.query(`DELETE FROM drift_windows WHERE ${where}`, key);
  await tx.query(`DELETE FROM quality_results WHERE ${where}`, key);

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

  const q = evaluation.quality;
  if (q.length) {
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
}
