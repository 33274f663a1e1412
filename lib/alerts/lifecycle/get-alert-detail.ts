import type { PrismaClient } from "@/lib/generated/prisma/client";
import { alertView } from "@/lib/alerts/alert-row";
import { getAlertOrThrow } from "@/lib/alerts/lifecycle/get-alert-or-throw";
import { notificationView } from "@/lib/alerts/notifications/notification-view";

/** One alert with the notifications it caused. */
export async function getAlertDetail(prisma: PrismaClient, id: string, now = new Date()) {
  const alert = await getAlertOrThrow(prisma, id);
  const notifications = await prisma.alertNotification.findMany({ where: { alertId: alert.id }, orderBy: { id: "asc" } });
  return { ...alertView(alert, now), notifications: notifications.map(notificationView) };
}
