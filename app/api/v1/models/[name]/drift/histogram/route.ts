// GET /api/v1/models/:name/drift/histogram?feature=&from=&to=&segment=&version=&reference=&bins= — reference vs current histogram of one column
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { getDriftHistogram, histogramQuerySchema } from "@/lib/monitors/drift/drift-histogram";

export const GET = apiRoute<{ name: string }>({ scope: "read" }, async ({ db, params, request }) => {
  const query = parseQuery(request, histogramQuerySchema);
  return getDriftHistogram(db, params.name, query);
});
