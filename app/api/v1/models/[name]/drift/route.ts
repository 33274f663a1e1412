// GET /api/v1/models/:name/drift?from=&to=&feature=&segment=&version=&reference= — drift and data-quality series per window, ready to chart
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { driftQuerySchema, getDriftSeries } from "@/lib/monitors/drift/drift-series";

export const GET = apiRoute<{ name: string }>({ scope: "read" }, async ({ db, params, request }) => {
  const query = parseQuery(request, driftQuerySchema);
  return getDriftSeries(db, params.name, query);
});
