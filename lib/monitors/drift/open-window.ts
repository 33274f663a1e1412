import type { Database } from "@/lib/db/open-database";
import { HOUR_MS } from "@/lib/core/time/durations";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { evaluateWindow, type WindowEvaluation } from "@/lib/monitors/drift/evaluate-window";
import { loadReferenceSet } from "@/lib/monitors/drift/reference-side";
import { mergeBySegment } from "@/lib/monitors/profiles/production-profile";
import { loadProfiles } from "@/lib/monitors/profiles/profile-store";
import type { MonitoredVersion } from "@/lib/monitors/shared/monitored-versions";
import type { MonitoringSettings } from "@/lib/monitors/shared/monitoring-settings";

/**
 * The window still open at `now`, evaluated "so far" from the hourly profiles the profile job has
 * built of it, exactly as the drift job will evaluate it once complete — but never stored: it is
 * shown (provisional), and decides no state, badge, verdict or alert, since its first minutes hold
 * a few rows and would read as drift or as health on noise alone. Null when the window has no
 * profiled row yet or lies outside [from, to).
 */
export async function evaluateOpenWindow(
  db: Database,
  options: { version: MonitoredVersion; settings: MonitoringSettings; segment: string; range: TimeWindow; now: Date },
): Promise<{ window: TimeWindow; evaluation: WindowEvaluation } | null> {
  const { version, settings, segment, now } = options;
  const length = settings.windowHours * HOUR_MS;
  const start = new Date(Math.floor(now.getTime() / length) * length);
  const window = { start, end: new Date(start.getTime() + length) };
  if (start < options.range.start || start >= options.range.end) return null;
  const segments = segment ? [segment] : [];
  const profiles = await loadProfiles(db.sql, {
    versionId: version.versionId,
    from: window.start,
    to: window.end,
    segments: ["", ...segments],
  });
  const current = mergeBySegment(profiles);
  if (!(current.get(segment)?.rows ?? 0)) return null;
  const reference = await loadReferenceSet(db.sql, { version, setting: settings.reference, window, segments });
  // No volume check: an hour that has only begun is always "low" against the same hour of past weeks.
  const evaluation = evaluateWindow({ version, settings, current, segments, reference, previousWeeks: [] });
  return { window, evaluation };
}
