import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { notificationView } from "@/lib/alerts/notifications/notification-view";

const INT8_MAX = 9223372036854775807n;

/** Gives a dead notification a fresh set of attempts (after fixing the receiver or the destination). */
export async function retryNotification(db: Database, options: { id: string; actor: string; now?: Date }) {
  // Ids are bigserial: digits beyond int8's range name no notification (and Postgres would refuse them).
  if (!/^\d+$/.test(options.id) || BigInt(options.id) > INT8_MAX)
    throw new ApiError("not_found", `No notification with id "${options.id}"`);
  const id = BigInt(options.id);
  const now = options.now ?? new Date();
  return db.prisma.$transaction(async (tx) => {
    const row = await tx.alertNotification.findUnique({ where: { id } });
    if (!row) throw new ApiError("not_found", `No notification with id "${options.id}"`);
    if (row.status !== "dead")
      throw new ApiError("conflict", `Notification ${options.id} is ${row.status}; only dead notifications are retried by hand`);
    if (!row.destinationId) throw new ApiError("conflict", `The destination of notification ${options.id} was deleted`);
    const updated = await tx.alertNotification.update({
      where: { id },
      data: { status: "pending", attempts: 0, nextAttemptAt: now, leaseUntil: null },
    });
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_notification.retried",
      subject: `notification:${options.id}`,
      before: { status: "dead", lastError: row.lastError },
      after: { status: "pending" },
    });
    return notificationView(updated);
  });
}
