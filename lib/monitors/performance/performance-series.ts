import type { Database } from "@/lib/db/open-database";
import { isoOf, resolveSeriesScope, type SeriesQuery, type SeriesScope } from "@/lib/monitors/shared/series-query";
import { openHourIn } from "@/lib/monitors/shared/open-hour";
import { loadWindowRows } from "@/lib/monitors/shared/window-rows";
import type { WindowCompleteness } from "@/lib/monitors/shared/provisional";
import { computeWindowPerformance } from "./compute-window-performance";
import {
  readPerformanceResults,
  judgePerformanceRow,
  type JudgedPerformanceRow,
  type PerformanceResultRow,
} from "./performance-store";

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
} & WindowCompleteness;

export type PerformanceSeries = { model: string; from: string; to: string; points: PerformancePoint[] };

/**
 * Realized and estimated performance per window, oldest first, ready to chart; the open hour is
 * computed on read ("so far") and, like every window below outcomes.minLabels, marked provisional.
 */
export async function performanceSeries(db: Database, modelName: string, query: SeriesQuery): Promise<PerformanceSeries> {
  const s = await resolveSeriesScope(db, modelName, query);
  const completeness = { minimum: s.settings.outcomes.minLabels, now: s.now };
  const stored = await readPerformanceResults(db.sql, { versionIds: s.versionIds, from: s.from, to: s.to, ...completeness });
  const live = await openHourPerformance(db, s);
  const replaced = new Set(live.map((r) => `${r.model_version_id}|${new Date(r.window_start).getTime()}`));
  const rows = [...stored.filter((r) => !replaced.has(`${r.model_version_id}|${new Date(r.window_start).getTime()}`)), ...live];
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
      provisional: r.provisional,
      open: r.open,
      count: r.count,
      minimum: r.minimum,
    })),
  };
}

/** The open hour of each version in scope, computed from the log now (nothing is stored). */
async function openHourPerformance(db: Database, s: SeriesScope): Promise<JudgedPerformanceRow[]> {
  const window = openHourIn(s, s.now);
  if (!window) return [];
  const completeness = { minimum: s.settings.outcomes.minLabels, now: s.now };
  const rows: JudgedPerformanceRow[] = [];
  for (const version of s.versions) {
    const logged = await loadWindowRows(db.sql, { modelId: s.modelId, versionId: version.id, ...window });
    for (const r of computeWindowPerformance(version.manifest, logged, { minLabels: completeness.minimum })) {
      const row: PerformanceResultRow = {
        model_version_id: version.id,
        window_start: window.start,
        window_end: window.end,
        kind: r.kind,
        predictions: r.predictions,
        labeled: r.labeled,
        label_coverage: r.labelCoverage,
        metrics: r.metrics,
        primary_metric: r.primaryMetric,
        primary_value: r.primaryValue,
        meets_threshold: r.meetsThreshold,
        expected_cost: r.expectedCost,
        label_delay: r.labelDelay,
        estimate_error: null,
      };
      rows.push(judgePerformanceRow(row, completeness));
    }
  }
  return rows.sort((a, b) => a.kind.localeCompare(b.kind));
}
