import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { serviceSeries } from "@/lib/monitors/service/service-series";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";
import type { ProvisionalSeries } from "../components/provisional-marks";

type Point = Awaited<ReturnType<typeof serviceSeries>>["points"][number];

/** Each chart's categories whose windows can be provisional (open, or fewer than service.minRequests requests). */
function provisionalSeries(points: Point[]): Record<"latency" | "traffic" | "errors", ProvisionalSeries[]> {
  const windows = points.map((p) => ({
    time: p.windowStart,
    provisional: p.provisional,
    open: p.open,
    count: p.count,
    minimum: p.minimum,
  }));
  const of = (categories: string[]) => categories.map((category) => ({ category, unit: "requests", windows }));
  return { latency: of(["p50", "p95", "p99"]), traffic: of(["requests/s", "rows/s"]), errors: of(["error rate"]) };
}

/** The service page: latency percentiles against the SLA, throughput and error rate per window, as chart rows. */
export async function loadServicePage(params: PageParams, searchParams: SearchParams) {
  await requireDashboardSession();
  const { db, name, model, range, version, carried } = await loadModelPage(params, searchParams);
  const { points } = await serviceSeries(db, name, { from: range.from, to: range.to, version });
  return {
    name,
    model,
    range,
    version,
    carried,
    points,
    latency: points.map((p) => ({
      time: p.windowStart,
      p50: p.p50Ms as number | null,
      p95: p.p95Ms as number | null,
      p99: p.p99Ms as number | null,
      SLA: p.slaP99Ms as number | null,
    })),
    traffic: points.map((p) => ({ time: p.windowStart, "requests/s": Number(p.requestsPerS), "rows/s": Number(p.rowsPerS) })),
    errors: points.map((p) => ({ time: p.windowStart, "error rate": Number(p.errorRate) })),
    provisional: provisionalSeries(points),
  };
}
