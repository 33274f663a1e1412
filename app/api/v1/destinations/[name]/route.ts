// GET /api/v1/destinations/:name — one destination, without its secrets (admin)
// PATCH /api/v1/destinations/:name — change fields or { "enabled": false }; omitted secrets are kept (admin, audited)
// DELETE /api/v1/destinations/:name — delete a destination no rule uses (admin, audited)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { deleteDestination } from "@/lib/alerts/destinations/delete-destination";
import { getDeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { destinationView } from "@/lib/alerts/destinations/destination-view";
import { getDestinationOrThrow } from "@/lib/alerts/destinations/get-destination-or-throw";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { updateDestination } from "@/lib/alerts/destinations/update-destination";

export const GET = apiRoute<{ name: string }>({ scope: "admin" }, async ({ db, params }) =>
  destinationView(await getDestinationOrThrow(db.prisma, params.name)),
);

export const PATCH = apiRoute<{ name: string }>({ scope: "admin" }, async ({ db, params, actor, request }) =>
  updateDestination(db.prisma, {
    name: params.name,
    input: await readJsonBody(request, 16 * 1024),
    actor,
    key: getSecretKey(),
    allowList: getDeliverySettings().allowList,
  }),
);

export const DELETE = apiRoute<{ name: string }>({ scope: "admin" }, async ({ db, params, actor }) =>
  deleteDestination(db.prisma, { name: params.name, actor }),
);
