// POST /api/v1/alerts/:id/resolve — resolve an alert by hand, { "note"? } (admin)
import { apiRoute } from "@/lib/api/route-handler";
import { getDeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { readOptionalJson } from "@/lib/alerts/lifecycle/read-optional-json";
import { resolveAlert } from "@/lib/alerts/lifecycle/resolve-alert";

export const POST = apiRoute<{ id: string }>({ scope: "admin" }, async ({ db, params, actor, request }) =>
  resolveAlert(db, {
    id: params.id,
    input: await readOptionalJson(request),
    actor,
    publicUrl: getDeliverySettings().publicUrl,
  }),
);
