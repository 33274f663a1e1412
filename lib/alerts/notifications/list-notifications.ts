import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { idBefore, keysetOrder, keysetPage } from "@/lib/db/keyset-page";
import { notificationView } from "@/lib/alerts/notifications/notification-view";

export const notificationQuerySchema = z.object({
  status: z
    .enum(["pending", "sending", "delivered", "dead"], { error: "must be pending, sending, delivered or dead" })
    .optional(),
  destination: z.string().min(1).optional(),
  alert: z.uuid({ error: "must be an alert id" }).optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1, "must be at least 1")
    .max(500, "must be at most 500")
    .default(50),
  before: z.coerce.bigint({ error: "must be a notification id" }).optional(),
});
export type NotificationQuery = z.infer<typeof notificationQuerySchema>;

/** Notifications, newest first: what is waiting, what was delivered, what is dead and why. */
export async function listNotifications(db: Database, query: NotificationQuery) {
  const rows = await db.prisma.alertNotification.findMany({
    where: {
      status: query.status,
      destinationName: query.destination,
      alertId: query.alert,
      id: idBefore(query.before),
    },
    ...keysetOrder(query),
  });
  const { page, nextBefore } = keysetPage(rows, query.limit);
  return {
    notifications: page.map(notificationView),
    nextBefore,
  };
}

/** The latest delivery attempts, for the dashboard. */
export async function listDeliveryAttempts(db: Database, limit = 50) {
  const rows = await db.prisma.alertDeliveryAttempt.findMany({
    orderBy: { id: "desc" },
    take: limit,
    include: { notification: { select: { event: true, destinationName: true, alertId: true, eventId: true } } },
  });
  return rows.map((a) => ({
    id: a.id.toString(),
    notificationId: a.notificationId.toString(),
    attempt: a.attempt,
    startedAt: a.startedAt.toISOString(),
    durationMs: a.durationMs,
    ok: a.ok,
    responseCode: a.responseCode,
    error: a.error,
    event: a.notification.event,
    eventId: a.notification.eventId,
    destination: a.notification.destinationName,
    alertId: a.notification.alertId,
  }));
}
