// GET /api/v1/models/:name/performance?from=&to=&version= — performance results per window, ready to chart
import { apiRoute } from "@/lib/api/route-handler";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { performanceSeries } from "@/lib/monitors/performance/performance-series";
import { seriesQuerySchema } from "@/lib/monitors/shared/series-query";

export const GET = apiRoute<{ name: string }>({ scope: "read" }, async ({ db, params, request }) => {
  const query = parseOrThrow(seriesQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
  return performanceSeries(db, params.name, query);
});
