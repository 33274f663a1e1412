// GET /api/metrics — Prometheus exposition format (scope read; scrape with a bearer token)
import { apiRoute } from "@/lib/api/route-handler";
import { getMetrics } from "@/lib/observability/prometheus";

export const GET = apiRoute({ scope: "read" }, async () => {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
});
