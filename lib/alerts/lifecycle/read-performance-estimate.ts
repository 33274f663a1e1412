import type { SqlConnection } from "@/lib/db/open-database";
import { round, type ModelVersionRef, type PerformanceEstimate } from "@/lib/alerts/observations/observation";
import { readPerformanceResults } from "@/lib/monitors/performance/performance-store";

/**
 * The version's estimated performance (performance_results, kind estimated) over a breach: the
 * newest estimate and whether every estimated window since the breach began met its threshold.
 * Null when the model stores no estimate for those hours (no estimator, or the job has not run).
 */
export async function readPerformanceEstimate(
  sql: SqlConnection,
  options: { version: ModelVersionRef; from: Date; to: Date; minimum: number; now: Date },
): Promise<PerformanceEstimate | null> {
  const rows = (
    await readPerformanceResults(sql, {
      versionIds: [options.version.id],
      from: options.from,
      to: options.to,
      minimum: options.minimum,
      now: options.now,
    })
  )
    // A provisional estimate (too few predictions) says nothing about whether it holds.
    .filter((r) => r.kind === "estimated" && r.primary_value !== null && r.window_end <= options.to && !r.provisional);
  if (!rows.length) return null;
  const newest = rows[rows.length - 1];
  return {
    metric: newest.primary_metric,
    value: round(newest.primary_value),
    threshold: options.version.manifest.evaluation.successCriteria.deployThreshold,
    // An unjudged window (meets_threshold null) neither holds nor breaks the estimate.
    holds: rows.every((r) => r.meets_threshold !== false),
    windows: rows.length,
  };
}
