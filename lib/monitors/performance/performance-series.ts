import type { Database } from "@/lib/db/open-database";
import { isoOf, resolveSeriesScope, type SeriesQuery } from "@/lib/monitors/shared/series-query";
import { readPerformanceResults, type PerformanceResultRow } from "./performance-store";

export type PerformancePoint = {
  version: number | undefined;
  windowStart: string;
  windowEnd: string;
  kind: PerformanceResultRow["kind"];
  predictions: number;
  labeled: number;
  labelCoverage: number;
  primaryMetric: string;
  primaryValue: number | null;
  meetsThreshold: boolean | null;
  expectedCost: number | null;
  metrics: PerformanceResultRow["metrics"];
  labelDelay: PerformanceResultRow["label_delay"];
  estimateError: PerformanceResultRow["estimate_error"];
};

export type PerformanceSeries = { model: string; from: string; to: string; points: PerformancePoint[] };

/** Realized and estimated performance per window, oldest first, ready to chart. */
export async function performanceSeries(db: Database, modelName: string, query: SeriesQuery): Promise<PerformanceSeries> {
  const s = await resolveSeriesScope(db, modelName, query);
  const rows = await readPerformanceResults(db.sql, { versionIds: s.versionIds, from: s.from, to: s.to });
  return {
    model: modelName,
    from: s.from.toISOString(),
    to: s.to.toISOString(),
    points: rows.map((r) => ({
      version: s.versionOf.get(r.model_version_id),
      windowStart: isoOf(r.window_start),
      windowEnd: isoOf(r.window_end),
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
