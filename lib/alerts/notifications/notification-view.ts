import type { AlertNotification } from "@/lib/generated/prisma/client";

export function notificationView(n: AlertNotification) {
  return {
    id: n.id.toString(),
    eventId: n.eventId,
    event: n.event,
    alertId: n.alertId,
    destination: n.destinationName,
    status: n.status,
    attempts: n.attempts,
    nextAttemptAt: n.status === "pending" ? n.nextAttemptAt.toISOString() : null,
    lastAttemptAt: n.lastAttemptAt?.toISOString() ?? null,
    lastError: n.lastError,
    deliveredAt: n.deliveredAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
  };
}
export type NotificationView = ReturnType<typeof notificationView>;
