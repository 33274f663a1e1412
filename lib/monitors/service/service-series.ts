import type { Database } from "@/lib/db/open-database";
import { isoOf, resolveSeriesScope, type SeriesQuery, type SeriesScope } from "@/lib/monitors/shared/series-query";
import { openHourIn } from "@/lib/monitors/shared/open-hour";
import type { WindowCompleteness } from "@/lib/monitors/shared/provisional";
import { loadServiceWindow } from "./load-service-window";
import { judgeServiceRow, readServiceResults, type JudgedServiceRow } from "./service-store";
import { computeServiceWindow, type ServiceWindowResult } from "./service-window";

/** One stored window as the API and the dashboard chart it (the SLA's throughput floor stays internal). */
export type ServicePoint = Omit<ServiceWindowResult, "slaMinRps"> & {
  version: number | undefined;
  windowStart: string;
  windowEnd: string;
} & WindowCompleteness;

export type ServiceSeries = { model: string; points: ServicePoint[] };

/**
 * Latency, throughput and errors per window, oldest first, ready to chart; the open hour is
 * computed on read ("so far") and, like every window below service.minRequests, marked provisional.
 */
export async function serviceSeries(db: Database, modelName: string, query: SeriesQuery): Promise<ServiceSeries> {
  const s = await resolveSeriesScope(db, modelName, query);
  const completeness = { minimum: s.settings.service.minRequests, now: s.now };
  const stored = await readServiceResults(db.sql, { versionIds: s.versionIds, from: s.from, to: s.to, ...completeness });
  const live = await openHourService(db, modelName, s);
  const replaced = new Set(live.map((r) => `${r.model_version_id}|${new Date(r.window_start).getTime()}`));
  const rows = [...stored.filter((r) => !replaced.has(`${r.model_version_id}|${new Date(r.window_start).getTime()}`)), ...live];
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
      provisional: r.provisional,
      open: r.open,
      count: r.count,
      minimum: r.minimum,
    })),
  };
}

/** The open hour of each version in scope, from the log and request counts now (nothing is stored). */
async function openHourService(db: Database, modelName: string, s: SeriesScope): Promise<JudgedServiceRow[]> {
  const window = openHourIn(s, s.now);
  if (!window) return [];
  const rows: JudgedServiceRow[] = [];
  for (const version of s.versions) {
    // Rates so far: over the part of the hour that has passed, not the whole hour.
    const inputs = await loadServiceWindow(db.sql, {
      modelName,
      version: version.version,
      versionId: version.id,
      start: window.start,
      end: s.now,
    });
    if (inputs.counts.requests === 0 && inputs.latency.rows === 0) continue;
    const r = computeServiceWindow(version.manifest, inputs);
    const row = {
      model_version_id: version.id,
      window_start: window.start,
      window_end: window.end,
      requests: r.requests,
      errors: r.errors,
      rows: r.rows,
      p50_ms: r.p50Ms,
      p95_ms: r.p95Ms,
      p99_ms: r.p99Ms,
      requests_per_s: r.requestsPerS,
      rows_per_s: r.rowsPerS,
      error_rate: r.errorRate,
      sla_p99_ms: r.slaP99Ms,
      sla_min_rps: r.slaMinRps,
      breaches: r.breaches,
    };
    rows.push(judgeServiceRow(row, { minimum: s.settings.service.minRequests, now: s.now }));
  }
  return rows;
}
