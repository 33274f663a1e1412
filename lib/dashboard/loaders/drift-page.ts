import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { ApiError } from "@/lib/core/errors";
import { getDriftHistogram } from "@/lib/monitors/drift/drift-histogram";
import { getDriftSeries } from "@/lib/monitors/drift/drift-series";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";

export type DriftPoint = {
  start: string;
  end: string;
  decision: string;
  effectSize: number | null;
  threshold: number;
  pAdjusted: number | null;
  currentSize: number;
};
export type DriftSeries = { column: string; kind: string; method: string; effectMethod: string; points: DriftPoint[] };
export type HistogramBin = { referenceShare: number; currentShare: number; category?: string; from?: number; to?: number };

/**
 * The drift page: the report over the URL's range (or why there is none), the feature shown in
 * detail (the URL's, else the first that drifted, else the first), its histogram for the last
 * window, and the last 24 windows for the heatmap.
 */
export async function loadDriftPage(params: PageParams, searchParams: SearchParams) {
  await requireDashboardSession();
  const { db, name, model, query, range, version, carried } = await loadModelPage(params, searchParams);
  const segment = query.segment ?? "";
  const base = { name, model, query, range, version, carried, segment };
  let report: Awaited<ReturnType<typeof getDriftSeries>>;
  try {
    report = await getDriftSeries(db, name, { from: range.from.toISOString(), to: range.to.toISOString(), segment, version });
  } catch (error) {
    if (error instanceof ApiError) return { ...base, missing: error.message, data: null };
    throw error;
  }
  const series = report.series as DriftSeries[];
  const features = series.filter((s) => s.kind === "feature");
  const outputs = series.filter((s) => s.kind === "output");
  const chosen =
    query.feature ?? features.find((s) => s.points.some((p) => p.decision === "drift"))?.column ?? features[0]?.column;
  const lastWindow = report.windows.at(-1);
  const histogram =
    chosen && lastWindow
      ? await getDriftHistogram(db, name, {
          feature: chosen,
          from: query.hfrom ?? lastWindow.start,
          to: query.hto ?? lastWindow.end,
          segment,
          version,
          bins: 20,
        }).catch(() => null)
      : null;
  const floors = report.rule.effectFloors as Record<string, number | undefined>;
  return {
    ...base,
    missing: null,
    data: {
      report,
      windows: report.windows.slice(-24),
      features,
      outputs,
      chosen,
      chosenSeries: series.find((s) => s.column === chosen),
      lastWindow,
      histogramBins: histogram ? (histogram.bins as HistogramBin[]) : null,
      floorOf: (s: DriftSeries) => floors[s.effectMethod] ?? 0.1,
    },
  };
}
