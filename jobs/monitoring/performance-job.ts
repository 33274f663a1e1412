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
import type { Database } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import { databaseNow } from "@/lib/jobs/database-now";
import { computePlannedWindows, type WindowPlan } from "./planned-windows";
import { getMonitoredModelOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { computeWindowPerformance } from "@/lib/monitors/performance/compute-window-performance";
import {
  performanceComputedSince,
  storedPerformanceCounts,
  writePerformanceResults,
} from "@/lib/monitors/performance/performance-store";
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
    const stored = await storedPerformanceCounts(db.sql, { versionId: version.versionId, from, to });
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
    { job: "performance", computedSince: performanceComputedSince, trigger },
    async (version, window, run) => {
      const rows = await loadWindowRows(db.sql, { modelId: model.modelId, versionId: version.versionId, ...window });
      const results = computeWindowPerformance(version.manifest, rows, { minLabels: model.settings.outcomes.minLabels });
      return {
        rowsRead: rows.length,
        details: Object.fromEntries(results.map((r) => [r.kind, { primary: r.primaryValue, coverage: r.labelCoverage }])),
        write: (tx) => writePerformanceResults(tx, { runId: run.runId, versionId: version.versionId, window, results }),
      };
    },
  );
}
