// Business job: each business metric (conversion, revenue, …) per model version and hourly window of
// prediction time — rate and sum per prediction, value by score decile, and the score–metric
// correlation. Default schedule: hourly at minute 25 ("25 * * * *", schedules.business).
//
// A window is recomputed until its attribution period has passed (events keep arriving for it until
// then), and once more if it was never computed.
import type { Database, SqlConnection } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { runRecordedJob, type RunOutcome } from "@/lib/jobs/run-recorded-job";
import { getMonitoredModelOrThrow } from "@/lib/monitoring/monitored-versions";
import { computeBusinessWindow, type BusinessWindowResult } from "@/lib/performance/business-window";
import { hourlyLabelCounts } from "@/lib/performance/window-rows";
import type { TimeWindow } from "@/lib/monitoring/windows";

const HOUR_MS = 3_600_000;

export async function runBusinessJob(db: Database, options: { model: string; version?: number; trigger?: JobTrigger; now?: Date; window?: TimeWindow }): Promise<RunOutcome[]> {
  const model = await getMonitoredModelOrThrow(db.prisma, options.model, options.version);
  const { eventAttributionHours, lookbackHours } = model.settings.outcomes;
  const attributionMs = eventAttributionHours * HOUR_MS;
  const now = options.now ?? new Date();
  const outcomes: RunOutcome[] = [];
  for (const version of model.versions) {
    const from = options.window?.start ?? new Date(Math.floor((now.getTime() - lookbackHours * HOUR_MS) / HOUR_MS) * HOUR_MS);
    const to = options.window?.end ?? now;
    const computed = await computedWindows(db.sql, version.versionId, from);
    for (const { hour } of await hourlyLabelCounts(db.sql, { modelId: model.modelId, versionId: version.versionId, from, to })) {
      const window = { start: hour, end: new Date(hour.getTime() + HOUR_MS) };
      const settled = window.end.getTime() + attributionMs < now.getTime();
      if (!options.window && settled && computed.has(hour.getTime())) continue;
      outcomes.push(
        await runRecordedJob(
          db,
          { job: "business", modelName: model.modelName, modelVersionId: version.versionId, version: version.version, windowStart: window.start, windowEnd: window.end, exclusive: "window" },
          options.trigger ?? "manual",
          async (run) => {
            const { rowsRead, results } = await computeBusinessWindow(db.sql, { manifest: version.manifest, versionId: version.versionId, ...window, attributionMs });
            return { rowsRead, details: { metrics: results.map((r) => r.name) }, write: (tx) => writeResults(tx, { runId: run.runId, versionId: version.versionId, window, results }) };
          },
        ),
      );
    }
  }
  return outcomes;
}

async function computedWindows(sql: SqlConnection, versionId: string, from: Date): Promise<Set<number>> {
  const rows = await sql.query<{ window_start: Date | string }>(
    `SELECT DISTINCT window_start FROM job_runs WHERE job = 'business' AND status = 'succeeded' AND model_version_id = $1::uuid AND window_start >= $2`,
    [versionId, from.toISOString()],
  );
  return new Set(rows.map((r) => new Date(r.window_start).getTime()));
}

async function writeResults(tx: SqlConnection, options: { runId: string; versionId: string; window: TimeWindow; results: BusinessWindowResult[] }) {
  const { runId, versionId, window, results } = options;
  for (const r of results) {
    await tx.query(
      `INSERT INTO business_results (run_id, model_version_id, window_start, window_end, name, predictions, events, sum, rate, deciles, correlation)
       VALUES ($1, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)
       ON CONFLICT (model_version_id, window_start, window_end, name) DO UPDATE SET run_id = EXCLUDED.run_id, predictions = EXCLUDED.predictions,
         events = EXCLUDED.events, sum = EXCLUDED.sum, rate = EXCLUDED.rate, deciles = EXCLUDED.deciles, correlation = EXCLUDED.correlation, computed_at = now()`,
      [runId, versionId, window.start.toISOString(), window.end.toISOString(), r.name, r.predictions, r.events, r.sum, r.rate, JSON.stringify(r.deciles), r.correlation],
    );
  }
}
