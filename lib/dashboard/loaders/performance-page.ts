import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { businessSeries } from "@/lib/monitors/business/business-series";
import { performanceSeries } from "@/lib/monitors/performance/performance-series";
import { getSuccessCriteria } from "@/lib/registry/get-success-criteria";
import type { ChartWindow, ProvisionalSeries } from "../components/provisional-marks";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";

export type PerformancePoint = {
  windowStart: string;
  kind: string;
  primaryValue: number | null;
  labelCoverage: number;
  expectedCost: number | null;
  primaryMetric: string;
  version?: number;
  predictions: number;
  labeled: number;
} & ChartWindow;
export type PerformanceChartRow = Record<string, string | number | null>;
type BusinessPoint = Awaited<ReturnType<typeof businessSeries>>["points"][number];

/**
 * The performance page: realized and estimated values per window as chart rows (against the
 * deploy threshold of the chosen version, else production's, else the newest's), and the business
 * metrics with the latest window of each.
 */
export async function loadPerformancePage(params: PageParams, searchParams: SearchParams) {
  await requireDashboardSession();
  const { db, name, model, range, version, carried } = await loadModelPage(params, searchParams);
  const query = { from: range.from, to: range.to, version };
  const shownVersion = version ?? (model.aliases.production as number | undefined);
  const [perf, business, criteria] = await Promise.all([
    performanceSeries(db, name, query),
    businessSeries(db, name, query),
    getSuccessCriteria(db, name, shownVersion),
  ]);
  const points: PerformancePoint[] = perf.points.map((p) => ({ ...p, time: p.windowStart }));
  const names = [...new Set(business.points.map((b) => String(b.name)))];
  const windowsOf = (kind: string) => points.filter((p) => p.kind === kind);
  const realized = windowsOf("realized");
  return {
    name,
    model,
    range,
    version,
    carried,
    points,
    series: chartRows(points, criteria?.deployThreshold ?? null),
    metric: criteria?.primaryMetric ?? "primary metric",
    provisional: {
      values: [
        { category: "realized", unit: "labels", windows: realized },
        { category: "estimated", unit: "predictions", windows: windowsOf("estimated") },
      ],
      coverage: [{ category: "coverage", unit: "labels", windows: realized }],
      cost: [{ category: "expected cost", unit: "labels", windows: realized }],
    } satisfies Record<string, ProvisionalSeries[]>,
    business: names.map((n) => {
      const own = business.points.filter((b) => b.name === n);
      // The deciles and correlation shown are the newest window that is not provisional, if any.
      const judged = own.filter((b) => !b.provisional).at(-1);
      return { name: n, latest: (judged ?? own.at(-1)) as BusinessPoint, points: own };
    }),
  };
}

// One row per window: realized and estimated side by side; the realized window's coverage and cost
// win, an estimate's cost fills in where nothing was realized.
function chartRows(points: PerformancePoint[], threshold: number | null): PerformanceChartRow[] {
  const byWindow = new Map<string, PerformanceChartRow>();
  for (const p of points) {
    const row = byWindow.get(p.windowStart) ?? {
      time: p.windowStart,
      realized: null,
      estimated: null,
      "deploy threshold": threshold,
      coverage: null,
      "expected cost": null,
    };
    row[p.kind] = p.primaryValue;
    if (p.kind === "realized") {
      row.coverage = p.labelCoverage;
      row["expected cost"] = p.expectedCost;
    } else if (row["expected cost"] === null) row["expected cost"] = p.expectedCost;
    byWindow.set(p.windowStart, row);
  }
  return [...byWindow.values()];
}
