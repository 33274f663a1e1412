// POST /api/v1/alerts/:id/snooze — { "until": ISO time } or { "minutes": N }: silence an alert until then (admin)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { snoozeAlert } from "@/lib/alerts/lifecycle/snooze-alert";

export const POST = apiRoute<{ id: string }>({ scope: "admin" }, async ({ db, params, actor, request }) =>
  snoozeAlert(db, { id: params.id, input: await readJsonBody(request, 16 * 1024), actor }),
);
