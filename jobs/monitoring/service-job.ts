// Service job: latency p50/p95/p99, throughput and error rate per model version and hourly window,
// compared with the SLA in the manifest; breaches are stored for alerts. Default schedule: hourly at
// minute 15 ("15 * * * *", schedules.service). Windows are recomputed while they may still change
// (the current and previous hour) and computed once when missing, each under a per-window lock; a
// window another process computed after this run looked is skipped.
import { HOUR_MS } from "@/lib/core/time/durations";
import type { Database, SqlConnection } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import type { RunOutcome } from "@/lib/jobs/run-recorded-job";
import { databaseNow } from "@/lib/jobs/window-computed-since";
import { computePlannedWindows, type WindowPlan } from "./planned-windows";
import { getMonitoredModelOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { computeServiceWindow, type ServiceWindowResult } from "@/lib/monitors/service/service-window";
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
    const done = await computedWindows(db.sql, version.versionId, from);
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
  return computePlannedWindows(db, plan, { job: "service", table: "service_results", trigger }, async (version, window, run) => {
    const result = await computeServiceWindow(db.sql, {
      manifest: version.manifest,
      modelName: model.modelName,
      version: version.version,
      versionId: version.versionId,
      ...window,
    });
    return {
      rowsRead: result.rows,
      details: { p99Ms: result.p99Ms, breaches: result.breaches.length },
      write: (tx) => writeResult(tx, { runId: run.runId, versionId: version.versionId, window, result }),
    };
  });
}

async function computedWindows(sql: SqlConnection, versionId: string, from: Date): Promise<Set<number>> {
  const rows = await sql.query<{ window_start: Date | string }>(
    `SELECT window_start FROM service_results WHERE model_version_id = $1::uuid AND window_start >= $2`,
    [versionId, from.toISOString()],
  );
  return new Set(rows.map((r) => new Date(r.window_start).getTime()));
}

async function writeResult(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; result: ServiceWindowResult },
) {
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
