import "server-only";
import { requireDashboardSession } from "@/lib/auth/dashboard-session";
import { serviceSeries } from "@/lib/monitors/service/service-series";
import { loadModelPage, type PageParams, type SearchParams } from "./model-page-context";

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
  };
}
