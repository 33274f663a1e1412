import type { Database } from "@/lib/db/open-database";
import { isoOf, resolveSeriesScope, type SeriesQuery } from "@/lib/monitors/shared/series-query";
import { readServiceResults } from "./service-store";
import type { ServiceWindowResult } from "./service-window";

/** One stored window as the API and the dashboard chart it (the SLA's throughput floor stays internal). */
export type ServicePoint = Omit<ServiceWindowResult, "slaMinRps"> & {
  version: number | undefined;
  windowStart: string;
  windowEnd: string;
};

export type ServiceSeries = { model: string; points: ServicePoint[] };

/** Latency, throughput and errors per window, oldest first, ready to chart. */
export async function serviceSeries(db: Database, modelName: string, query: SeriesQuery): Promise<ServiceSeries> {
  const s = await resolveSeriesScope(db, modelName, query);
  const rows = await readServiceResults(db.sql, { versionIds: s.versionIds, from: s.from, to: s.to });
  return {
    model: modelName,
    points: rows.map((r) => ({
      version: s.versionOf.get(r.model_version_id),
      windowStart: isoOf(r.window_start),
      windowEnd: isoOf(r.window_end),
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
