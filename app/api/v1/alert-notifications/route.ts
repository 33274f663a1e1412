// GET /api/v1/alert-notifications?status=pending|sending|delivered|dead&destination=&alert=&limit=&before= — the delivery outbox, newest first
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { listNotifications, notificationQuerySchema } from "@/lib/alerts/notifications/list-notifications";

export const GET = apiRoute({ scope: "read" }, async ({ db, request }) => {
  const query = parseQuery(request, notificationQuerySchema);
  return listNotifications(db, query);
});
