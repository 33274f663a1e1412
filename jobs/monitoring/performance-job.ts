// Performance job: links outcomes sent by entity id to predictions, then computes realized
// performance (from labels) and estimated performance (confidence-based, before labels) per model
// version and hourly window of prediction time. Default schedule: hourly at minute 20
// ("20 * * * *", per-model setting schedules.performance), over the last lookbackHours.
//
// A window is recomputed when its predictions or labels changed since it was last computed (late
// labels, late predictions, a replaced label); each window is one recorded run, written in one
// transaction, under a per-window lock. A window another process computed after this run looked is
// skipped (two schedulers do each window once).
import { HOUR_MS } from "@/lib/core/time/durations";
import type { Database, SqlConnection } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import { databaseNow } from "@/lib/jobs/window-computed-since";
import { computePlannedWindows, type WindowPlan } from "./planned-windows";
import { getMonitoredModelOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { computeWindowPerformance, type WindowPerformance } from "@/lib/monitors/performance/compute-window-performance";
import { hourlyLabelCounts, linkEntityOutcomes, loadWindowRows } from "@/lib/monitors/shared/window-rows";
import type { TimeWindow } from "@/lib/core/time/time-window";

export type PerformanceJobOptions = { model: string; version?: number; trigger?: JobTrigger; now?: Date; window?: TimeWindow };

export type PerformancePlan = WindowPlan;

export async function runPerformanceJob(db: Database, options: PerformanceJobOptions): Promise<RunOutcome[]> {
  return computePerformanceWindows(db, await planPerformanceWindows(db, options), options.trigger ?? "manual");
}

/** Links outcomes sent by entity id, then lists the windows whose predictions or labels changed since last computed. */
export async function planPerformanceWindows(db: Database, options: PerformanceJobOptions): Promise<PerformancePlan> {
  const model = await getMonitoredModelOrThrow(db.prisma, options.model, options.version);
  const { attributionHours, lookbackHours } = model.settings.outcomes;
  await linkEntityOutcomes(db.sql, { modelId: model.modelId, attributionMs: attributionHours * HOUR_MS });
  const now = options.now ?? new Date();
  const decidedAt = await databaseNow(db.sql);
  const windows: PerformancePlan["windows"] = [];
  for (const version of model.versions) {
    const from = options.window?.start ?? new Date(Math.floor((now.getTime() - lookbackHours * HOUR_MS) / HOUR_MS) * HOUR_MS);
    const to = options.window?.end ?? now;
    const hours = await hourlyLabelCounts(db.sql, { modelId: model.modelId, versionId: version.versionId, from, to });
    const stored = await storedCounts(db.sql, version.versionId, from, to);
    for (const { hour, predictions, labeled, labelsUpdatedAt } of hours) {
      const previous = stored.get(hour.getTime());
      const unchanged =
        previous &&
        previous.predictions === predictions &&
        previous.labeled === labeled &&
        (labelsUpdatedAt === null || labelsUpdatedAt <= new Date(previous.computed_at));
      if (!options.window && unchanged) continue;
      windows.push({ version, window: { start: hour, end: new Date(hour.getTime() + HOUR_MS) } });
    }
  }
  return { model, windows, decidedAt, explicit: options.window !== undefined };
}

/** Computes each planned window as one recorded run; skips those another process computed after the plan was made. */
export function computePerformanceWindows(db: Database, plan: PerformancePlan, trigger: JobTrigger): Promise<RunOutcome[]> {
  const { model } = plan;
  return computePlannedWindows(
    db,
    plan,
    { job: "performance", table: "performance_results", trigger },
    async (version, window, run) => {
      const rows = await loadWindowRows(db.sql, { modelId: model.modelId, versionId: version.versionId, ...window });
      const results = computeWindowPerformance(version.manifest, rows, { minLabels: model.settings.outcomes.minLabels });
      return {
        rowsRead: rows.length,
        details: Object.fromEntries(results.map((r) => [r.kind, { primary: r.primaryValue, coverage: r.labelCoverage }])),
        write: (tx) => writeResults(tx, { runId: run.runId, versionId: version.versionId, window, results }),
      };
    },
  );
}

async function storedCounts(sql: SqlConnection, versionId: string, from: Date, to: Date) {
  const rows = await sql.query<{ window_start: Date | string; predictions: number; labeled: number; computed_at: Date | string }>(
    `SELECT window_start, max(predictions)::int AS predictions, max(labeled)::int AS labeled, min(computed_at) AS computed_at FROM performance_results
      WHERE model_version_id = $1::uuid AND window_start >= $2 AND window_start < $3 GROUP BY window_start`,
    [versionId, from.toISOString(), to.toISOString()],
  );
  return new Map(rows.map((r) => [new Date(r.window_start).getTime(), r]));
}

async function writeResults(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; results: WindowPerformance[] },
) {
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
