// Explanations job (issue 17): production importance. For each closed hourly window of each
// version that can run (monitor-only versions have no model to explain), a deterministic sample of
// its predictions (explanations.sampleRate, at most explanations.maxPerWindow) is explained with
// the version's best explainer — exact for trees and linear models, sampled otherwise — and the
// mean |attribution| per feature stored. Default schedule: hourly at minute 35 ("35 * * * *",
// schedules.explanations). A window is computed once it has closed (plus the drift job's late
// grace), and again only when late rows changed its prediction count.
import { HOUR_MS } from "@/lib/core/time/durations";
import type { Database } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { lastWindowRuns } from "@/lib/jobs/last-window-runs";
import { runRecordedJob, type RunOutcome } from "@/lib/jobs/run-recorded-job";
import { getMonitoredModelOrThrow, type MonitoredVersion } from "@/lib/monitors/shared/monitored-versions";
import { hourlyLabelCounts } from "@/lib/monitors/shared/window-rows";
import { sampleLoggedRecords } from "@/lib/prediction-log/sample-logged-records";
import { validateRecords } from "@/lib/inference/validate-records";
import { productionImportance } from "@/lib/monitors/explanations/production-importance";
import { writeImportance } from "@/lib/monitors/explanations/importance-store";
import { explainRecords, type ExplainTarget } from "@/lib/explain/explain-records";
import { explainTargetOf } from "@/lib/serving/explain-predictions";
import { resolveServingTarget } from "@/lib/serving/resolve-serving-target";
import { ApiError } from "@/lib/core/errors";
import type { TimeWindow } from "@/lib/core/time/time-window";

export type ExplanationJobOptions = { model: string; version?: number; trigger?: JobTrigger; now?: Date; window?: TimeWindow };

export async function runExplanationJob(db: Database, options: ExplanationJobOptions): Promise<RunOutcome[]> {
  const model = await getMonitoredModelOrThrow(db.prisma, options.model, options.version);
  const { explanations, lookbackHours, lateGraceMinutes } = model.settings;
  const now = options.now ?? new Date();
  const outcomes: RunOutcome[] = [];
  for (const version of model.versions) {
    const target = await explainable(db, version);
    if (!target) continue;
    const from = options.window?.start ?? new Date(Math.floor((now.getTime() - lookbackHours * HOUR_MS) / HOUR_MS) * HOUR_MS);
    const to = options.window?.end ?? now;
    const computed = await lastWindowRuns(db.sql, { job: "explanations", versionId: version.versionId, from });
    for (const { hour, predictions } of await hourlyLabelCounts(db.sql, {
      modelId: model.modelId,
      versionId: version.versionId,
      from,
      to,
    })) {
      const window = { start: hour, end: new Date(hour.getTime() + HOUR_MS) };
      if (!options.window) {
        if (window.end.getTime() + lateGraceMinutes * 60_000 > now.getTime()) continue; // still filling
        if (computed.get(hour.getTime())?.predictions === predictions) continue;
      }
      outcomes.push(
        await runRecordedJob(
          db,
          {
            job: "explanations",
            modelName: model.modelName,
            modelVersionId: version.versionId,
            version: version.version,
            windowStart: window.start,
            windowEnd: window.end,
            exclusive: "window",
          },
          options.trigger ?? "manual",
          async (run) => {
            const sample = await sampleLoggedRecords(db.sql, {
              versionId: version.versionId,
              ...window,
              rate: explanations.sampleRate,
              limit: explanations.maxPerWindow,
            });
            const { columns, rows } = explainableColumns(version, sample.records);
            // An hour whose sample came out empty (a low rate on few predictions) stores nothing.
            const batch = rows
              ? await explainRecords(target, columns, rows, { space: defaultSpace(version), seed: hour.getTime() / HOUR_MS })
              : null;
            const importance = batch ? productionImportance(batch) : null;
            return {
              rowsRead: sample.records.length,
              details: {
                predictions: sample.predictions,
                explained: rows,
                method: batch?.method ?? null,
                space: batch?.space ?? null,
              },
              write: (tx) =>
                writeImportance(tx, {
                  runId: run.runId,
                  versionId: version.versionId,
                  window,
                  predictions: sample.predictions,
                  importance,
                }),
            };
          },
        ),
      );
    }
  }
  return outcomes;
}

/** Classifiers are explained in probability, what a reader of the prediction sees; regression in its value. */
const defaultSpace = (version: MonitoredVersion) => (version.manifest.task === "regression" ? "value" : "probability");

/**
 * The logged records as the model takes them. They were validated when predicted; a record that
 * no longer validates (a manifest edited since) is left out rather than failing the window.
 */
function explainableColumns(version: MonitoredVersion, records: { features: Record<string, unknown> }[]) {
  const all = records.map((r) => r.features);
  const first = validateRecords(version.manifest.features, all);
  if (!first.problems.length) return { columns: first.columns, rows: all.length };
  const bad = new Set(first.problems.map((p) => p.index));
  const kept = all.filter((_, i) => !bad.has(i));
  return { columns: validateRecords(version.manifest.features, kept).columns, rows: kept.length };
}

/**
 * The version as an explainer takes it, or null when it cannot be explained: monitor-only (no
 * model to run) or without a reference profile (no background to explain against).
 */
async function explainable(db: Database, version: MonitoredVersion): Promise<ExplainTarget | null> {
  if (!version.manifest.referenceProfile) return null;
  try {
    return explainTargetOf(db, await resolveServingTarget(db, version.modelName, { version: version.version }));
  } catch (error) {
    if (error instanceof ApiError && error.code === "conflict") return null;
    throw error;
  }
}
