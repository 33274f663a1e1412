import "server-only";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { driftQuerySchema, getDriftSeries } from "@/lib/monitors/drift/drift-series";
import { performanceSeries } from "@/lib/monitors/performance/performance-series";
import { serviceSeries } from "@/lib/monitors/service/service-series";

export type LatestValue = { value: number | null; windowStart: string; count: number } | null;

/** One version's production figures over a range, from the monitors' typed series readers. */
export type ProductionMetrics = {
  realized: LatestValue;
  estimated: LatestValue;
  primaryMetric: string | null;
  /** The latest drift window's share of drifted features, and how many windows were drifted. */
  drift: { latestShare: number | null; latestVerdict: string; driftedWindows: number; windows: number } | null;
  latency: { p50Ms: number | null; p99Ms: number | null; windowStart: string } | null;
  traffic: { requests: number; rows: number; errors: number };
};

const last = <T>(items: T[]): T | undefined => items[items.length - 1];

// A version without monitoring settings or results has no drift yet: that is an empty column, not an error.
async function driftOf(db: Database, model: string, version: number, from: Date, to: Date) {
  try {
    const query = driftQuerySchema.parse({ version, from: from.toISOString(), to: to.toISOString() });
    return (await getDriftSeries(db, model, query)).windows;
  } catch (error) {
    if (error instanceof ApiError) return [];
    throw error;
  }
}

export async function versionProductionMetrics(
  db: Database,
  options: { model: string; version: number; from: Date; to: Date },
): Promise<ProductionMetrics> {
  const query = { from: options.from, to: options.to, version: options.version };
  const [performance, service, windows] = await Promise.all([
    performanceSeries(db, options.model, query),
    serviceSeries(db, options.model, query),
    driftOf(db, options.model, options.version, options.from, options.to),
  ]);
  const latestOf = (kind: string): LatestValue => {
    const point = last(performance.points.filter((p) => p.kind === kind && p.primaryValue !== null));
    return point
      ? { value: point.primaryValue, windowStart: point.windowStart, count: point.labeled || point.predictions }
      : null;
  };
  const lastDrift = last(windows);
  const lastLatency = last(service.points.filter((p) => p.p99Ms !== null));
  return {
    realized: latestOf("realized"),
    estimated: latestOf("estimated"),
    primaryMetric: last(performance.points)?.primaryMetric ?? null,
    drift: lastDrift
      ? {
          latestShare: lastDrift.driftedShare,
          latestVerdict: lastDrift.verdict,
          driftedWindows: windows.filter((w) => w.verdict === "drift").length,
          windows: windows.length,
        }
      : null,
    latency: lastLatency ? { p50Ms: lastLatency.p50Ms, p99Ms: lastLatency.p99Ms, windowStart: lastLatency.windowStart } : null,
    traffic: service.points.reduce(
      (sum, p) => ({ requests: sum.requests + p.requests, rows: sum.rows + p.rows, errors: sum.errors + p.errors }),
      { requests: 0, rows: 0, errors: 0 },
    ),
  };
}
