// POST /api/v1/alert-notifications/:id/retry — give a dead notification a fresh set of attempts (admin, audited)
import { apiRoute } from "@/lib/api/route-handler";
import { retryNotification } from "@/lib/alerts/notifications/retry-notification";

export const POST = apiRoute<{ id: string }>({ scope: "admin" }, async ({ db, params, actor }) =>
  retryNotification(db, { id: params.id, actor }),
);
