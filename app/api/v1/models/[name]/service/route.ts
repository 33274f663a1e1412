// GET /api/v1/models/:name/service?from=&to=&version= — service results per window, ready to chart
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { serviceSeries } from "@/lib/monitors/service/service-series";
import { seriesQuerySchema } from "@/lib/monitors/shared/series-query";

export const GET = apiRoute<{ name: string }>({ scope: "read" }, async ({ db, params, request }) => {
  const query = parseQuery(request, seriesQuerySchema);
  return serviceSeries(db, params.name, query);
});
