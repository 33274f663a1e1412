// GET /api/v1/alerts?status=open|acknowledged|resolved|active&model=&severity=&limit=&before= — alerts, newest first
import { apiRoute } from "@/lib/api/route-handler";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { alertQuerySchema, listAlerts } from "@/lib/alerts/list-alerts";

export const GET = apiRoute({ scope: "read" }, async ({ db, request }) => {
  const query = parseOrThrow(alertQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
  return listAlerts(db.prisma, query);
});
