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
import type { Database, SqlConnection } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { runRecordedJob, type RunOutcome } from "@/lib/jobs/run-recorded-job";
import { getMonitoredModelOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { computeBusinessWindow, type BusinessWindowResult } from "@/lib/monitors/business/business-window";
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
    const computed = await lastComputed(db.sql, version.versionId, from);
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
            const { rowsRead, results } = await computeBusinessWindow(db.sql, {
              manifest: version.manifest,
              versionId: version.versionId,
              ...window,
              attributionMs,
            });
            return {
              rowsRead,
              details: { metrics: results.map((r) => r.name), predictions },
              write: (tx) => writeResults(tx, { runId: run.runId, versionId: version.versionId, window, results }),
            };
          },
        ),
      );
    }
  }
  return outcomes;
}

/** Per window, the latest successful run: when it started, and how many predictions the window had then. */
async function lastComputed(
  sql: SqlConnection,
  versionId: string,
  from: Date,
): Promise<Map<number, { startedAt: Date; predictions: number | null }>> {
  const rows = await sql.query<{ window_start: Date | string; started_at: Date | string; predictions: number | null }>(
    `SELECT DISTINCT ON (window_start) window_start, started_at, (details->>'predictions')::int AS predictions
       FROM job_runs
      WHERE job = 'business' AND status = 'succeeded' AND model_version_id = $1::uuid AND window_start >= $2
      ORDER BY window_start, started_at DESC`,
    [versionId, from.toISOString()],
  );
  return new Map(
    rows.map((r) => [new Date(r.window_start).getTime(), { startedAt: new Date(r.started_at), predictions: r.predictions }]),
  );
}

/**
 * Events received since `since`, by hour of occurrence, with the latest arrival in each hour
 * (through the received_at index). An event counts for predictions before it, so it concerns the
 * windows that start at or before its hour and whose attribution reach extends past it.
 */
async function eventArrivals(sql: SqlConnection, since: Date): Promise<{ hour: number; lastReceived: number }[]> {
  const rows = await sql.query<{ hour: Date | string; last_received: Date | string }>(
    `SELECT date_trunc('hour', occurred_at) AS hour, max(received_at) AS last_received
       FROM business_events WHERE received_at >= $1 GROUP BY 1`,
    [since.toISOString()],
  );
  return rows.map((r) => ({ hour: new Date(r.hour).getTime(), lastReceived: new Date(r.last_received).getTime() }));
}

async function writeResults(
  tx: SqlConnection,
  options: { runId: string; versionId: string; window: TimeWindow; results: BusinessWindowResult[] },
) {
  const { runId, versionId, window, results } = options;
  for (const r of results) {
    await tx.query(
      `INSERT INTO business_results (run_id, model_version_id, window_start, window_end, name, predictions, events, sum, rate, deciles, correlation)
       VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
       ON CONFLICT (model_version_id, window_start, window_end, name) DO UPDATE SET run_id = EXCLUDED.run_id, predictions = EXCLUDED.predictions,
         events = EXCLUDED.events, sum = EXCLUDED.sum, rate = EXCLUDED.rate, deciles = EXCLUDED.deciles, correlation = EXCLUDED.correlation, computed_at = now()`,
      [
        runId,
        versionId,
        window.start.toISOString(),
        window.end.toISOString(),
        r.name,
        r.predictions,
        r.events,
        r.sum,
        r.rate,
        JSON.stringify(r.deciles),
        r.correlation,
      ],
    );
  }
}
