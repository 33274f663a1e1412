import type { SqlConnection } from "@/lib/db/open-database";
import type { ColumnProfile } from "@/lib/profiles/column-profile";
import { fromProductionState, fromReferenceProfile, type Comparable } from "@/lib/monitors/profiles/comparable-column";
import type { MonitoredVersion } from "@/lib/monitors/shared/monitored-versions";
import type { PlanColumn } from "@/lib/monitors/shared/monitoring-plan";
import type { ReferenceSetting } from "@/lib/monitors/shared/monitoring-settings";
import { mergeBySegment, type ProfileDocument } from "@/lib/monitors/profiles/production-profile";
import { loadProfiles } from "@/lib/monitors/profiles/profile-store";
import { WEEK_MS } from "@/lib/core/time/durations";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { shiftWindow } from "@/lib/core/time/hour-windows";

/**
 * The reference one window is compared with, per segment: the training profile from the manifest,
 * a fixed production window, or the same hours of the previous N weeks (seasonal). Production
 * references are merged hourly profiles on the version's own grid, so they compare bin for bin.
 */

type TrainingColumns = { rows: number; features: Record<string, ColumnProfile>; outputs: Partial<Record<string, ColumnProfile>> };

export type ReferenceSide =
  | { kind: "training"; columns: TrainingColumns }
  | { kind: "production"; profile: ProfileDocument }
  | { kind: "none"; reason: string };

export type ReferenceSet = { forSegment(segment: string): ReferenceSide };

function trainingColumns(version: MonitoredVersion, segment: string): TrainingColumns | null {
  const profile = version.manifest.referenceProfile;
  if (!profile) return null;
  if (segment === "") {
    const outputs: Partial<Record<string, ColumnProfile>> = { ...(profile.outputs ?? {}) };
    for (const column of version.plan.outputs)
      if (column.reference && !outputs[column.name]) outputs[column.name] = column.reference;
    return { rows: profile.rows, features: profile.features, outputs };
  }
  const segmentProfile = profile.segments?.[segment];
  return segmentProfile
    ? { rows: segmentProfile.rows, features: segmentProfile.features, outputs: { ...(segmentProfile.outputs ?? {}) } }
    : null;
}

/** The training profile of the version's manifest, per segment. */
export function trainingReferenceSet(version: MonitoredVersion): ReferenceSet {
  return {
    forSegment(segment) {
      const columns = trainingColumns(version, segment);
      if (columns) return { kind: "training", columns };
      return {
        kind: "none",
        reason:
          segment === ""
            ? "the manifest has no reference profile"
            : `the manifest has no training profile for segment ${segment}`,
      };
    },
  };
}

/** Loads the reference for `window` and the given segments ("" = all rows). */
export async function loadReferenceSet(
  sql: SqlConnection,
  options: {
    version: MonitoredVersion;
    setting: ReferenceSetting;
    window: TimeWindow;
    segments: string[];
    cache?: Map<string, ReferenceSet>;
  },
): Promise<ReferenceSet> {
  const { version, setting, window, segments } = options;
  if (setting.kind === "training") return trainingReferenceSet(version);
  const windows =
    setting.kind === "window"
      ? [{ start: new Date(setting.from), end: new Date(setting.to) }]
      : Array.from({ length: setting.weeks }, (_, k) => shiftWindow(window, -(k + 1) * WEEK_MS));
  const cacheKey = setting.kind === "window" ? `${version.versionId}:window:${segments.join(",")}` : null;
  const cached = cacheKey ? options.cache?.get(cacheKey) : undefined;
  if (cached) return cached;
  const rows = [];
  for (const w of windows)
    rows.push(
      ...(await loadProfiles(sql, { versionId: version.versionId, from: w.start, to: w.end, segments: ["", ...segments] })),
    );
  const merged = mergeBySegment(rows);
  const label =
    setting.kind === "window"
      ? `the reference window ${setting.from}/${setting.to}`
      : `the same hours of the previous ${setting.weeks} weeks`;
  const set: ReferenceSet = {
    forSegment(segment) {
      const profile = merged.get(segment);
      if (!profile || profile.rows === 0)
        return { kind: "none", reason: `no production rows${segment ? ` of segment ${segment}` : ""} in ${label}` };
      return { kind: "production", profile };
    },
  };
  if (cacheKey) options.cache?.set(cacheKey, set);
  return set;
}

/** One column of a reference side in comparable form, or why there is none. */
export function referenceColumn(side: ReferenceSide, column: PlanColumn): { comparable: Comparable | null; reason?: string } {
  if (side.kind === "none") return { comparable: null, reason: side.reason };
  if (side.kind === "training") {
    const profile = column.kind === "feature" ? side.columns.features[column.name] : side.columns.outputs[column.name];
    if (!profile) return { comparable: null, reason: `the training profile has no ${column.kind} ${column.name}` };
    const comparable = fromReferenceProfile(column, profile);
    return comparable
      ? { comparable }
      : { comparable: null, reason: `the training profile of ${column.name} does not fit its column type or bins` };
  }
  const state = column.kind === "feature" ? side.profile.features[column.name] : side.profile.outputs[column.name];
  if (!state) return { comparable: null, reason: `the reference profiles have no ${column.kind} ${column.name}` };
  return { comparable: fromProductionState(column, state) };
}
