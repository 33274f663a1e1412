import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { alertView } from "@/lib/alerts/alert-row";
import { getAlertOrThrow } from "@/lib/alerts/lifecycle/get-alert-or-throw";

/** open → acknowledged, with who and when. Acknowledging twice changes nothing; a resolved alert cannot be. */
export async function acknowledgeAlert(db: Database, options: { id: string; actor: string; now?: Date }) {
  const now = options.now ?? new Date();
  return db.prisma.$transaction(async (tx) => {
    const alert = await getAlertOrThrow(tx, options.id);
    if (alert.status === "resolved") throw new ApiError("conflict", `Alert ${alert.id} is already resolved`);
    if (alert.status === "acknowledged") return alertView(alert, now);
    const updated = await tx.alert.update({
      where: { id: alert.id },
      data: { status: "acknowledged", acknowledgedAt: now, acknowledgedBy: options.actor },
    });
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert.acknowledged",
      modelName: alert.modelName,
      subject: `alert:${alert.id}`,
      before: { status: alert.status },
      after: { status: "acknowledged" },
    });
    return alertView(updated, now);
  });
}
