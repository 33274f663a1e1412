import type { SqlConnection } from "@/lib/db/open-database";
import type { ModelContext, ModelVersionRef, TopFeature } from "@/lib/alerts/observations/observation";
import { topDriftedFeatures } from "@/lib/alerts/observations/drift-observations";
import { recentDriftResults } from "@/lib/monitors/drift/drift-store";

/** Drift windows read to find the newest one inside a breach: two days of hourly windows. */
const WINDOWS = 48;

/**
 * For an alert that is not about drift (performance, business), which inputs moved: the newest
 * drift window within the breach, its drifted features ranked by importance × drift. [] when no
 * feature drifted there; null when the drift job stored nothing for those hours.
 */
export async function readDriftedFeatures(
  sql: SqlConnection,
  options: { ctx: ModelContext; version: ModelVersionRef; from: Date; to: Date },
): Promise<TopFeature[] | null> {
  const rows = (
    await recentDriftResults(sql, {
      versionIds: [options.version.id],
      reference: options.ctx.referenceKey,
      segment: "",
      windows: WINDOWS,
    })
  ).filter((r) => r.window_start >= options.from && r.window_end <= options.to);
  if (!rows.length) return null;
  const newest = Math.max(...rows.map((r) => r.window_end.getTime()));
  return topDriftedFeatures(
    rows.filter((r) => r.window_end.getTime() === newest),
    options.version,
  );
}
