// GET /api/v1/destinations — alert destinations, without their secrets (admin)
// POST /api/v1/destinations — { name, kind: webhook|slack|email, … }; secrets are stored encrypted and never returned (admin, audited)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { createDestination } from "@/lib/alerts/destinations/create-destination";
import { getDeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { listDestinations } from "@/lib/alerts/destinations/list-destinations";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";

export const GET = apiRoute({ scope: "admin" }, async ({ db }) => listDestinations(db));

export const POST = apiRoute({ scope: "admin" }, async ({ db, request, actor }) => {
  const created = await createDestination(db.prisma, {
    input: await readJsonBody(request, 16 * 1024),
    actor,
    key: getSecretKey(),
    allowList: getDeliverySettings().allowList,
  });
  return Response.json(created, { status: 201 });
});
