// GET /api/v1/models/:name/performance?from=&to=&version= — performance results per window, ready to chart
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { performanceSeries } from "@/lib/monitors/performance/performance-series";
import { seriesQuerySchema } from "@/lib/monitors/shared/series-query";

export const GET = apiRoute<{ name: string }>({ scope: "read" }, async ({ db, params, request }) => {
  const query = parseQuery(request, seriesQuerySchema);
  return performanceSeries(db, params.name, query);
});
