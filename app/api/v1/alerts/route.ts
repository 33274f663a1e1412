// GET /api/v1/alerts?status=open|acknowledged|resolved|active&model=&severity=&limit=&before= — alerts, newest first
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { alertQuerySchema, listAlerts } from "@/lib/alerts/lifecycle/list-alerts";

export const GET = apiRoute({ scope: "read" }, async ({ db, request }) => {
  const query = parseQuery(request, alertQuerySchema);
  return listAlerts(db, query);
});
