import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { DAY_MS } from "@/lib/core/time/durations";
import { ApiError } from "@/lib/core/errors";
import { clampInstant, storableIsoDateSchema } from "@/lib/core/time/storable-instant";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { parseStoredSettings } from "./monitored-versions";
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from "./monitoring-settings";

export const seriesQuerySchema = z.object({
  // The one rule for typed times (parse-instant.ts), as the drift routes and `tidemark job --window`.
  from: storableIsoDateSchema.optional(),
  to: storableIsoDateSchema.optional(),
  version: z.coerce.number({ error: "must be a version number" }).int().positive().optional(),
  name: z.string().min(1).optional(),
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/**
 * The model's versions (all, or the one asked for), its settings (the minimums that make a window
 * provisional), the time range of a results query (the last 7 days by default) and "now".
 */
export async function resolveSeriesScope(db: Database, modelName: string, query: SeriesQuery) {
  const model = await db.prisma.model.findUnique({
    where: { name: modelName },
    include: { monitoring: true, versions: { select: { id: true, version: true, manifest: true } } },
  });
  if (!model) throw new ApiError("not_found", `No model named "${modelName}"`);
  const versions = query.version === undefined ? model.versions : model.versions.filter((v) => v.version === query.version);
  if (query.version !== undefined && !versions.length)
    throw new ApiError("not_found", `Model "${modelName}" has no version ${query.version}`);
  const now = new Date();
  const to = query.to ?? now;
  const from = query.from ?? clampInstant(to.getTime() - 7 * DAY_MS);
  return {
    modelId: model.id,
    settings: settingsOrDefaults(model.monitoring?.settings),
    versions: versions.map((v) => ({ id: v.id, version: v.version, manifest: v.manifest as Manifest })),
    versionIds: versions.map((v) => v.id),
    versionOf: new Map(versions.map((v) => [v.id, v.version])),
    from,
    to,
    now,
  };
}

export type SeriesScope = Awaited<ReturnType<typeof resolveSeriesScope>>;

function settingsOrDefaults(stored: unknown): MonitoringSettings {
  try {
    return parseStoredSettings(stored);
  } catch {
    // Settings saved by an older release that no longer validate: the series still answer; the
    // jobs report the problem themselves.
    return DEFAULT_MONITORING_SETTINGS;
  }
}

export const isoOf = (d: Date | string) => new Date(d).toISOString();
