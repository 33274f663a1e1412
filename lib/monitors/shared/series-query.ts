import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { DAY_MS } from "@/lib/core/time/durations";
import { ApiError } from "@/lib/core/errors";
import { clampInstant, storableDateSchema } from "@/lib/core/time/storable-instant";

export const seriesQuerySchema = z.object({
  from: storableDateSchema.optional(),
  to: storableDateSchema.optional(),
  version: z.coerce.number({ error: "must be a version number" }).int().positive().optional(),
  name: z.string().min(1).optional(),
});
export type SeriesQuery = z.infer<typeof seriesQuerySchema>;

async function scope(db: Database, modelName: string, query: SeriesQuery) {
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

const iso = (d: Date | string) => new Date(d).toISOString();

/** Realized and estimated performance per window, oldest first, ready to chart. */
export async function performanceSeries(db: Database, modelName: string, query: SeriesQuery) {
  const s = await scope(db, modelName, query);
  const rows = await db.sql.query<Record<string, unknown> & { model_version_id: string; window_start: Date; window_end: Date }>(
    `SELECT * FROM performance_results WHERE model_version_id = ANY($1::uuid[]) AND window_start >= $2 AND window_start < $3 ORDER BY window_start, kind`,
    [s.versionIds, s.from.toISOString(), s.to.toISOString()],
  );
  return {
    model: modelName,
    from: s.from.toISOString(),
    to: s.to.toISOString(),
    points: rows.map((r) => ({
      version: s.versionOf.get(r.model_version_id),
      windowStart: iso(r.window_start),
      windowEnd: iso(r.window_end),
      kind: r.kind,
      predictions: r.predictions,
      labeled: r.labeled,
      labelCoverage: r.label_coverage,
      primaryMetric: r.primary_metric,
      primaryValue: r.primary_value,
      meetsThreshold: r.meets_threshold,
      expectedCost: r.expected_cost,
      metrics: r.metrics,
      labelDelay: r.label_delay,
      estimateError: r.estimate_error,
    })),
  };
}

export async function businessSeries(db: Database, modelName: string, query: SeriesQuery) {
  const s = await scope(db, modelName, query);
  const rows = await db.sql.query<Record<string, unknown> & { model_version_id: string; window_start: Date; window_end: Date }>(
    `SELECT * FROM business_results WHERE model_version_id = ANY($1::uuid[]) AND window_start >= $2 AND window_start < $3 AND ($4::text IS NULL OR name = $4)
      ORDER BY window_start, name`,
    [s.versionIds, s.from.toISOString(), s.to.toISOString(), query.name ?? null],
  );
  return {
    model: modelName,
    points: rows.map((r) => ({
      version: s.versionOf.get(r.model_version_id),
      windowStart: iso(r.window_start),
      windowEnd: iso(r.window_end),
      name: r.name,
      predictions: r.predictions,
      events: r.events,
      sum: r.sum,
      rate: r.rate,
      correlation: r.correlation,
      deciles: r.deciles,
    })),
  };
}

export async function serviceSeries(db: Database, modelName: string, query: SeriesQuery) {
  const s = await scope(db, modelName, query);
  const rows = await db.sql.query<Record<string, unknown> & { model_version_id: string; window_start: Date; window_end: Date }>(
    `SELECT * FROM service_results WHERE model_version_id = ANY($1::uuid[]) AND window_start >= $2 AND window_start < $3 ORDER BY window_start`,
    [s.versionIds, s.from.toISOString(), s.to.toISOString()],
  );
  return {
    model: modelName,
    points: rows.map((r) => ({
      version: s.versionOf.get(r.model_version_id),
      windowStart: iso(r.window_start),
      windowEnd: iso(r.window_end),
      requests: r.requests,
      errors: r.errors,
      rows: r.rows,
      p50Ms: r.p50_ms,
      p95Ms: r.p95_ms,
      p99Ms: r.p99_ms,
      requestsPerS: r.requests_per_s,
      rowsPerS: r.rows_per_s,
      errorRate: r.error_rate,
      slaP99Ms: r.sla_p99_ms,
      breaches: r.breaches,
    })),
  };
}
