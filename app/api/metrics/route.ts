// GET /api/metrics — Prometheus exposition format (scope read; scrape with a bearer token).
// `npm start` answers this path in its data plane, whose counters it reports; this route serves `next dev`.
import { apiRoute } from "@/lib/api/route-handler";
import { handleMetrics } from "@/lib/server/handlers/data-plane-handlers";

export const GET = apiRoute({ scope: "read" }, handleMetrics);
