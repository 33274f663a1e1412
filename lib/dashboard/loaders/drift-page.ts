import "server-only";
import { listAlertRules } from "@/lib/alerts/rules/list-alert-rules";
import { DEFAULT_WINDOWS } from "@/lib/alerts/rules/rule-schema";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { ApiError } from "@/lib/core/errors";
import type { Database } from "@/lib/db/open-database";
import { getDriftHistogram } from "@/lib/monitors/drift/drift-histogram";
import { getDriftSeries } from "@/lib/monitors/drift/drift-series";
import { currentSustainedState, sustainedStates, type SustainedState } from "@/lib/monitors/drift/sustained-drift";
import { getReportedVersionOrThrow } from "@/lib/monitors/shared/monitored-versions";
import { readImportanceShares } from "@/lib/monitors/explanations/importance-store";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";

export type DriftPoint = {
  start: string;
  end: string;
  decision: string;
  effectSize: number | null;
  threshold: number;
  pAdjusted: number | null;
  currentSize: number;
  provisional?: boolean;
};
export type DriftSeries = {
  column: string;
  kind: string;
  method: string;
  effectMethod: string;
  points: DriftPoint[];
  /** Per point, the state the page shows: the alerts' consecutive-window rule over the decisions. */
  states: SustainedState[];
  /** The column's state now. */
  state: SustainedState;
};
export type HistogramBin = { referenceShare: number; currentShare: number; category?: string; label?: string };

/**
 * How many drifted windows in a row make a feature "drifted": the model's own feature-drift alert
 * rule (the strictest enabled one when there are several), else the default for such rules, so the
 * page never calls drifted what alerts would not.
 */
async function featureDriftFireAfter(db: Database, model: string): Promise<number> {
  const { rules } = await listAlertRules(db, { model, kind: "feature_drift" });
  const enabled = rules.filter((r) => r.enabled).map((r) => r.fireAfter);
  return enabled.length ? Math.min(...enabled) : DEFAULT_WINDOWS.feature_drift.fireAfter;
}

/**
 * The drift page: the report over the URL's range (or why there is none), every window of it for the
 * heatmap, each column's state by the consecutive-window rule, the feature shown in detail (the
 * URL's, else the first drifted, else the first watched, else the first) and its histogram for the
 * last window.
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
  const fireAfter = await featureDriftFireAfter(db, name);
  const series: DriftSeries[] = report.series.map((s) => ({
    ...s,
    states: sustainedStates(s.points, fireAfter),
    state: currentSustainedState(s.points, fireAfter),
  }));
  const importance = await productionImportance(db, name, version, range);
  const features = rankFeatures(
    series.filter((s) => s.kind === "feature"),
    importance,
  );
  const outputs = series.filter((s) => s.kind === "output");
  const chosen =
    query.feature ??
    features.find((s) => s.states.includes("drift"))?.column ??
    features.find((s) => s.states.includes("watch"))?.column ??
    features[0]?.column;
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
      // The open window last, drawn hollow; every state above ignores it.
      windows: report.openWindow ? [...report.windows, report.openWindow] : report.windows,
      fireAfter,
      features,
      outputs,
      chosen,
      chosenSeries: series.find((s) => s.column === chosen),
      lastWindow,
      histogramBins: histogram ? (histogram.bins as HistogramBin[]) : null,
      floorOf: (s: DriftSeries) => floors[s.effectMethod] ?? 0.1,
      importance,
    },
  };
}

/** The reported version's share of production importance per feature over the range, when explained (issue 17). */
async function productionImportance(db: Database, name: string, version: number | undefined, range: { from: Date; to: Date }) {
  const { settings, version: reported } = await getReportedVersionOrThrow(db.prisma, name, version);
  return readImportanceShares(db.sql, {
    versionId: reported.versionId,
    from: range.from,
    to: range.to,
    minimum: settings.explanations.minRecords,
    now: new Date(),
  });
}

const STATE_ORDER: Record<SustainedState, number> = { drift: 0, watch: 1, no_drift: 2, insufficient_data: 3 };

/**
 * Drifted features first, then watched; within a state, by production importance × the newest
 * window's effect relative to its floor, as alerts rank them (the manifest order without
 * production importance).
 */
function rankFeatures(features: DriftSeries[], importance: Map<string, number> | null): DriftSeries[] {
  if (!importance) return features;
  const score = (s: DriftSeries) => {
    const last = s.points.filter((p) => !p.provisional).at(-1);
    const relative = last && last.effectSize !== null && last.threshold > 0 ? last.effectSize / last.threshold : 0;
    return (importance.get(s.column) ?? 0) * relative;
  };
  return [...features].sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || score(b) - score(a));
}
