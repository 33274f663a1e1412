// GET /api/v1/alert-notifications?status=pending|sending|delivered|dead&destination=&alert=&limit=&before= — the delivery outbox, newest first
import { apiRoute } from "@/lib/api/route-handler";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { listNotifications, notificationQuerySchema } from "@/lib/alerts/list-notifications";

export const GET = apiRoute({ scope: "read" }, async ({ db, request }) => {
  const query = parseOrThrow(notificationQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
  return listNotifications(db.prisma, query);
});
