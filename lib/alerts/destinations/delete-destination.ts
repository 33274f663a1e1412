import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getDestinationOrThrow } from "@/lib/alerts/destinations/get-destination-or-throw";

/**
 * Deletes a destination no rule uses any more (409 names the rules that still do). Notifications
 * still waiting for it become dead, so nothing waits forever for a receiver that is gone; sent
 * ones keep their history under the destination's name.
 */
export async function deleteDestination(prisma: PrismaClient, options: { name: string; actor: string }) {
  return prisma.$transaction(async (tx) => {
    const row = await getDestinationOrThrow(tx, options.name);
    const users = await tx.alertRule.findMany({
      where: { channels: { has: row.name } },
      select: { id: true, name: true, modelId: true },
    });
    if (users.length) {
      throw new ApiError(
        "conflict",
        `Alert destination "${row.name}" is used by ${users.length} rule${users.length === 1 ? "" : "s"}; remove it from their channels first`,
        users.map((u) => ({ path: "channels", message: `rule ${u.id} ("${u.name}")${u.modelId ? "" : ", a global default"}` })),
      );
    }
    const abandoned = await tx.alertNotification.updateMany({
      where: { destinationId: row.id, status: { in: ["pending", "sending"] } },
      data: { status: "dead", lastError: "the destination was deleted", leaseUntil: null },
    });
    await tx.alertDestination.delete({ where: { id: row.id } });
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_destination.deleted",
      subject: `destination:${row.name}`,
      before: { kind: row.kind, config: row.config },
    });
    return { deleted: row.name, abandonedNotifications: abandoned.count };
  });
}
