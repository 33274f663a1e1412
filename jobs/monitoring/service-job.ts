// Service job: latency p50/p95/p99, throughput and error rate per model version and hourly window,
// compared with the SLA in the manifest; breaches are stored for alerts. Default schedule: hourly at
// minute 15 ("15 * * * *", schedules.service). Windows are recomputed while they may still change
// (the current and previous hour) and computed once when missing, each under a per-window lock; a
// window another process computed after this run looked is skipped.
import { HOUR_MS } from "@/lib/core/time/durations";
import type { Database } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import { databaseNow } from "@/lib/jobs/database-now";
import { computePlannedWindows, type WindowPlan } from "./planned-windows";
import { getMonitoredModelOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { loadServiceWindow } from "@/lib/monitors/service/load-service-window";
import { computeServiceWindow } from "@/lib/monitors/service/service-window";
import { serviceComputedSince, storedServiceWindows, writeServiceResult } from "@/lib/monitors/service/service-store";
import { hourlyLabelCounts } from "@/lib/monitors/shared/window-rows";
import type { TimeWindow } from "@/lib/core/time/time-window";

export type ServiceJobOptions = { model: string; version?: number; trigger?: JobTrigger; now?: Date; window?: TimeWindow };

export type ServicePlan = WindowPlan;

export async function runServiceJob(db: Database, options: ServiceJobOptions): Promise<RunOutcome[]> {
  return computeServiceWindows(db, await planServiceWindows(db, options), options.trigger ?? "manual");
}

/** Hours with predictions that have no result yet, or may still change. */
export async function planServiceWindows(db: Database, options: ServiceJobOptions): Promise<ServicePlan> {
  const model = await getMonitoredModelOrThrow(db.prisma, options.model, options.version);
  const now = options.now ?? new Date();
  const decidedAt = await databaseNow(db.sql);
  const windows: ServicePlan["windows"] = [];
  for (const version of model.versions) {
    const from =
      options.window?.start ??
      new Date(Math.floor((now.getTime() - model.settings.outcomes.lookbackHours * HOUR_MS) / HOUR_MS) * HOUR_MS);
    const to = options.window?.end ?? now;
    const done = await storedServiceWindows(db.sql, { versionId: version.versionId, from });
    for (const { hour } of await hourlyLabelCounts(db.sql, { modelId: model.modelId, versionId: version.versionId, from, to })) {
      const window = { start: hour, end: new Date(hour.getTime() + HOUR_MS) };
      // Request counts reach the database within seconds; a window is final an hour after it ends.
      if (!options.window && done.has(hour.getTime()) && window.end.getTime() + HOUR_MS < now.getTime()) continue;
      windows.push({ version, window });
    }
  }
  return { model, windows, decidedAt, explicit: options.window !== undefined };
}

/** Computes each planned window as one recorded run; skips those another process computed after the plan was made. */
export function computeServiceWindows(db: Database, plan: ServicePlan, trigger: JobTrigger): Promise<RunOutcome[]> {
  const { model } = plan;
  return computePlannedWindows(
    db,
    plan,
    { job: "service", computedSince: serviceComputedSince, trigger },
    async (version, window, run) => {
      const inputs = await loadServiceWindow(db.sql, {
        modelName: model.modelName,
        version: version.version,
        versionId: version.versionId,
        ...window,
      });
      const result = computeServiceWindow(version.manifest, inputs);
      return {
        rowsRead: result.rows,
        details: { p99Ms: result.p99Ms, breaches: result.breaches.length },
        write: (tx) => writeServiceResult(tx, { runId: run.runId, versionId: version.versionId, window, result }),
      };
    },
  );
}
