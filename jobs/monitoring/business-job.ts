// Business job: each business metric (conversion, revenue, …) per model version and hourly window of
// prediction time — rate and sum per prediction, value by score decile, and the score–metric
// correlation. Default schedule: hourly at minute 25 ("25 * * * *", schedules.business).
//
// A window is computed once, then recomputed only when something that feeds it changed: an event
// that could count for its predictions arrived (occurred between the window's start and its end plus
// the attribution period, whenever it was received), or its predictions changed (late rows).
// Checking costs one index scan of the events received since the oldest window's last run, so an
// hourly run over a week of windows recomputes what changed, not a week of the log.
import { HOUR_MS } from "@/lib/core/time/durations";
import type { Database } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { lastWindowRuns } from "@/lib/jobs/last-window-runs";
import { runRecordedJob, type RunOutcome } from "@/lib/jobs/run-recorded-job";
import { eventArrivals } from "@/lib/outcomes/event-arrivals";
import { getMonitoredModelOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { computeBusinessWindow } from "@/lib/monitors/business/business-window";
import { writeBusinessResults } from "@/lib/monitors/business/business-store";
import { loadBusinessWindow } from "@/lib/monitors/business/load-business-window";
import { hourlyLabelCounts } from "@/lib/monitors/shared/window-rows";
import type { TimeWindow } from "@/lib/core/time/time-window";
// received_at is its transaction's start: an insert that began before a run and committed after the
// run read the events would otherwise look old. Events received this close before a run count as new.
const INGEST_MARGIN_MS = 60_000;

export async function runBusinessJob(
  db: Database,
  options: { model: string; version?: number; trigger?: JobTrigger; now?: Date; window?: TimeWindow },
): Promise<RunOutcome[]> {
  const model = await getMonitoredModelOrThrow(db.prisma, options.model, options.version);
  const { eventAttributionHours, lookbackHours } = model.settings.outcomes;
  const attributionMs = eventAttributionHours * HOUR_MS;
  const now = options.now ?? new Date();
  const outcomes: RunOutcome[] = [];
  for (const version of model.versions) {
    const from = options.window?.start ?? new Date(Math.floor((now.getTime() - lookbackHours * HOUR_MS) / HOUR_MS) * HOUR_MS);
    const to = options.window?.end ?? now;
    const computed = await lastWindowRuns(db.sql, { job: "business", versionId: version.versionId, from });
    const hours = await hourlyLabelCounts(db.sql, { modelId: model.modelId, versionId: version.versionId, from, to });
    const oldestRun = Math.min(...hours.map((h) => computed.get(h.hour.getTime())?.startedAt.getTime() ?? Infinity));
    const arrivals = Number.isFinite(oldestRun) ? await eventArrivals(db.sql, new Date(oldestRun - INGEST_MARGIN_MS)) : [];
    for (const { hour, predictions } of hours) {
      const window = { start: hour, end: new Date(hour.getTime() + HOUR_MS) };
      const last = computed.get(hour.getTime());
      if (!options.window && last && last.predictions === predictions) {
        // Late events too: what matters is when an event occurred, not when it was received.
        const reach = window.end.getTime() + attributionMs;
        const newEvents = arrivals.some(
          (a) => a.hour >= hour.getTime() && a.hour < reach && a.lastReceived >= last.startedAt.getTime() - INGEST_MARGIN_MS,
        );
        if (!newEvents) continue;
      }
      outcomes.push(
        await runRecordedJob(
          db,
          {
            job: "business",
            modelName: model.modelName,
            modelVersionId: version.versionId,
            version: version.version,
            windowStart: window.start,
            windowEnd: window.end,
            exclusive: "window",
          },
          options.trigger ?? "manual",
          async (run) => {
            const inputs = await loadBusinessWindow(db.sql, { versionId: version.versionId, ...window, attributionMs });
            const { rowsRead, results } = computeBusinessWindow(version.manifest, inputs);
            return {
              rowsRead,
              details: { metrics: results.map((r) => r.name), predictions },
              write: (tx) => writeBusinessResults(tx, { runId: run.runId, versionId: version.versionId, window, results }),
            };
          },
        ),
      );
    }
  }
  return outcomes;
}
