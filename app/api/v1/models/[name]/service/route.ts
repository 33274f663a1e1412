// GET /api/v1/models/:name/service?from=&to=&version= — service results per window, ready to chart
import { apiRoute } from "@/lib/api/route-handler";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { serviceSeries } from "@/lib/monitors/service/service-series";
import { seriesQuerySchema } from "@/lib/monitors/shared/series-query";

export const GET = apiRoute<{ name: string }>({ scope: "read" }, async ({ db, params, request }) => {
  const query = parseOrThrow(seriesQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
  return serviceSeries(db, params.name, query);
});
