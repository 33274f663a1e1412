// Drift job: drift decisions, dataset verdicts and data-quality checks per model version and window.
// Default schedule: hourly at minute 10 ("10 * * * *", per-model setting schedules.drift), over
// windows of settings.windowHours (default 1 hour).
//
// It first brings the version's hourly profiles up to date (profile job), then computes every window
// that is due: complete (the log has been profiled up to its end plus the late grace), within the
// lookback, and either never computed for the current reference or computed from fewer rows than
// its profiles now hold (late rows). Windows are computed from merged profiles only; no prediction
// row is read here. Each window is one recorded run, written in one transaction.
import type { Database } from "@/lib/db/open-database";
import type { JobTrigger } from "@/lib/jobs/job-runs";
import { runRecordedJob, type RunOutcome } from "@/lib/jobs/run-recorded-job";
import { evaluateWindow } from "@/lib/monitors/drift/evaluate-window";
import { getMonitoredModelOrThrow, type MonitoredVersion } from "@/lib/monitors/shared/monitored-versions";
import { referenceKey, type MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";
import { parsePgTimestamp } from "@/lib/monitors/shared/pg-time";
import { HOUR_MS, WEEK_MS } from "@/lib/core/time/durations";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { mergeBySegment } from "@/lib/monitors/profiles/production-profile";
import {
  firstProfiledHour,
  hourlyRowCounts,
  loadProfiles,
  readWatermark,
  segmentVolumes,
} from "@/lib/monitors/profiles/profile-store";
import { loadReferenceSet, type ReferenceSet } from "@/lib/monitors/drift/reference-side";
import { computedWindowRows, writeDriftWindow } from "@/lib/monitors/drift/drift-store";
import { writeQualityResults } from "@/lib/monitors/quality/quality-store";
import { alignedWindows, shiftWindow } from "@/lib/core/time/hour-windows";
import { OTHER_CATEGORY } from "@/lib/profiles/column-profile";
import { profileVersion, type ProfileJobOptions } from "./profile-job";

export type DriftJobOptions = {
  model: string;
  version?: number;
  /** Compute exactly this window (hour-aligned) instead of the due ones. */
  window?: TimeWindow;
  trigger?: JobTrigger;
  /** "Now" for choosing due windows; the wall clock by default. */
  now?: Date;
  /** Passed to the profile refresh that runs first. */
  profile?: Omit<ProfileJobOptions, "model" | "version" | "trigger">;
};

export async function runDriftJob(db: Database, options: DriftJobOptions): Promise<RunOutcome[]> {
  const model = await getMonitoredModelOrThrow(db.prisma, options.model, options.version);
  const trigger = options.trigger ?? "manual";
  const outcomes: RunOutcome[] = [];
  const cache = new Map<string, ReferenceSet>();
  for (const version of model.versions) {
    outcomes.push(...(await profileVersion(db, version, { ...options.profile, trigger })));
    const now = options.now ?? new Date();
    const windows = options.window ? [options.window] : await dueWindows(db, version, model.settings, now);
    for (const window of windows) {
      // Scheduled windows are re-checked under the lock (another process may have just done them);
      // a window asked for explicitly is always computed.
      const stillDue = options.window
        ? undefined
        : async () => (await dueWindows(db, version, model.settings, now, window)).length > 0;
      outcomes.push(await driftWindow(db, { version, settings: model.settings, window, trigger, cache, stillDue }));
    }
  }
  return outcomes.filter((o) => o.status !== "skipped");
}

const sumRows = (counts: Map<number, number>, window: TimeWindow) => {
  let rows = 0;
  for (let h = window.start.getTime(); h < window.end.getTime(); h += HOUR_MS) rows += counts.get(h) ?? 0;
  return rows;
};

/** Windows to compute now (or whether `only` is one of them); see the header. */
export async function dueWindows(
  db: Database,
  version: MonitoredVersion,
  settings: MonitoringSettings,
  now: Date,
  only?: TimeWindow,
): Promise<TimeWindow[]> {
  const watermark = await readWatermark(db.sql, version.versionId);
  if (!watermark) return [];
  const first = await firstProfiledHour(db.sql, version.versionId);
  if (first === null) return [];
  const complete = parsePgTimestamp(watermark.completeThrough).getTime() - settings.lateGraceMinutes * 60_000;
  const to = Math.min(now.getTime(), complete);
  const from = Math.max(now.getTime() - settings.lookbackHours * HOUR_MS, first);
  const candidates = alignedWindows(from - (from % HOUR_MS), to, settings.windowHours).filter(
    (w) => !only || (w.start.getTime() === only.start.getTime() && w.end.getTime() === only.end.getTime()),
  );
  if (!candidates.length) return [];
  const weeks = settings.quality.volumeWeeks;
  const counts = await hourlyRowCounts(db.sql, {
    versionId: version.versionId,
    from: new Date(from - weeks * WEEK_MS - settings.windowHours * HOUR_MS),
    to: new Date(to),
  });
  const computed = await computedWindowRows(db.sql, {
    versionId: version.versionId,
    reference: referenceKey(settings.reference),
    from: new Date(from - settings.windowHours * HOUR_MS),
  });
  return candidates.filter((window) => {
    const rows = sumRows(counts, window);
    // A window with no rows matters only if it used to have some (traffic stopped: a volume alarm).
    const hadTraffic = Array.from({ length: weeks }, (_, k) => sumRows(counts, shiftWindow(window, -(k + 1) * WEEK_MS))).some(
      (n) => n > 0,
    );
    if (rows === 0 && !hadTraffic) return false;
    const done = computed.get(`${window.start.getTime()}/${window.end.getTime()}`);
    return done === undefined || done !== rows;
  });
}

type DriftWindowOptions = {
  version: MonitoredVersion;
  settings: MonitoringSettings;
  window: TimeWindow;
  trigger: JobTrigger;
  cache: Map<string, ReferenceSet>;
  stillDue?: () => Promise<boolean>;
};

export function driftWindow(db: Database, options: DriftWindowOptions): Promise<RunOutcome> {
  const { version, settings, window } = options;
  const identity = {
    job: "drift" as const,
    modelName: version.modelName,
    modelVersionId: version.versionId,
    version: version.version,
    windowStart: window.start,
    windowEnd: window.end,
    exclusive: "window" as const,
  };
  return runRecordedJob(
    db,
    identity,
    options.trigger,
    async (run) => {
      const volumes = await segmentVolumes(db.sql, { versionId: version.versionId, from: window.start, to: window.end });
      // The largest segments by volume; the "other" bucket of rare values is no place to look for a shift.
      const segments = volumes
        .filter((s) => !s.segment.endsWith(`=${OTHER_CATEGORY}`))
        .slice(0, settings.segmentsTopN)
        .map((s) => s.segment);
      const current = mergeBySegment(
        await loadProfiles(db.sql, {
          versionId: version.versionId,
          from: window.start,
          to: window.end,
          segments: ["", ...segments],
        }),
      );
      const reference = await loadReferenceSet(db.sql, {
        version,
        setting: settings.reference,
        window,
        segments,
        cache: options.cache,
      });
      const weeks = settings.quality.volumeWeeks;
      const first = (await firstProfiledHour(db.sql, version.versionId)) ?? Infinity;
      const counts = await hourlyRowCounts(db.sql, {
        versionId: version.versionId,
        from: new Date(window.start.getTime() - weeks * WEEK_MS),
        to: window.start,
      });
      const previousWeeks = Array.from({ length: weeks }, (_, k) => {
        const earlier = shiftWindow(window, -(k + 1) * WEEK_MS);
        return earlier.start.getTime() >= first ? sumRows(counts, earlier) : null;
      });
      const evaluation = evaluateWindow({ version, settings, current, segments, reference, previousWeeks });
      const drifted = evaluation.columns.filter((c) => c.decision === "drift");
      return {
        // The predictions this window covers; they were read through their hourly profiles, not from the log.
        rowsRead: evaluation.rows,
        details: {
          readFrom: "profiles",
          reference: referenceKey(settings.reference),
          verdict: evaluation.verdicts[0]?.verdict,
          drifted: drifted.map(
            (c) => (c.segment ? `${c.segment}:` : "") + (c.columnKind === "output" ? `output:${c.column}` : c.column),
          ),
          segments,
          qualityFlags: evaluation.quality
            .filter((q) => q.flagged)
            .map((q) => `${q.segment ? `${q.segment}:` : ""}${q.column || "volume"}:${q.check}`),
        },
        write: async (tx) => {
          const stored = { runId: run.runId, versionId: version.versionId, window, reference: referenceKey(settings.reference) };
          await writeDriftWindow(tx, { ...stored, evaluation });
          await writeQualityResults(tx, { ...stored, checks: evaluation.quality });
        },
      };
    },
    { stillDue: options.stillDue },
  );
}
