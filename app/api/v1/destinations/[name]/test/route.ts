// POST /api/v1/destinations/:name/test — send a test notification now and report what happened (admin, audited)
import { apiRoute } from "@/lib/api/route-handler";
import { getDeliverySettings } from "@/lib/alerts/notifications/delivery-settings";
import { getSecretKey } from "@/lib/alerts/destinations/secret-key";
import { testDestination } from "@/lib/alerts/notifications/test-destination";

export const POST = apiRoute<{ name: string }>({ scope: "admin" }, async ({ db, params, actor }) =>
  testDestination(db.prisma, {
    name: params.name,
    actor,
    key: getSecretKey(),
    settings: getDeliverySettings(),
  }),
);
