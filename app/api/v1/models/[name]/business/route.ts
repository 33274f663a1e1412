// GET /api/v1/models/:name/business?from=&to=&version=&name= — business results per window, ready to chart
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { businessSeries } from "@/lib/monitors/business/business-series";
import { seriesQuerySchema } from "@/lib/monitors/shared/series-query";

export const GET = apiRoute<{ name: string }>({ scope: "read" }, async ({ db, params, request }) => {
  const query = parseQuery(request, seriesQuerySchema);
  return businessSeries(db, params.name, query);
});
