import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { DAY_MS } from "@/lib/core/time/durations";
import { ApiError } from "@/lib/core/errors";
import { clampInstant, storableIsoDateSchema } from "@/lib/core/time/storable-instant";

export const seriesQuerySchema = z.object({
  // The one rule for typed times (parse-instant.ts), as the drift routes and `tidemark job --window`.
  from: storableIsoDateSchema.optional(),
  to: storableIsoDateSchema.optional(),
  version: z.coerce.number({ error: "must be a version number" }).int().positive().optional(),
  name: z.string().min(1).optional(),
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

/** The model's versions (all, or the one asked for) and the time range of a results query (the last 7 days by default). */
export async function resolveSeriesScope(db: Database, modelName: string, query: SeriesQuery) {
  const model = await db.prisma.model.findUnique({
    where: { name: modelName },
    include: { versions: { select: { id: true, version: true } } },
  });
  if (!model) throw new ApiError("not_found", `No model named "${modelName}"`);
  const versions = query.version === undefined ? model.versions : model.versions.filter((v) => v.version === query.version);
  if (query.version !== undefined && !versions.length)
    throw new ApiError("not_found", `Model "${modelName}" has no version ${query.version}`);
  const to = query.to ?? new Date();
  const from = query.from ?? clampInstant(to.getTime() - 7 * DAY_MS);
  return { versionIds: versions.map((v) => v.id), versionOf: new Map(versions.map((v) => [v.id, v.version])), from, to };
}

export const isoOf = (d: Date | string) => new Date(d).toISOString();
