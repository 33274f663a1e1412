import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { uuidv7 } from "@/lib/core/ids/uuidv7";
import { alertEvent, alertView } from "@/lib/alerts/alert-row";
import { enqueueNotifications } from "@/lib/alerts/notifications/enqueue-notifications";
import { getAlertOrThrow } from "@/lib/alerts/lifecycle/get-alert-or-throw";
import { resolveAlertSchema } from "@/lib/alerts/lifecycle/lifecycle-schemas";

/**
 * open or acknowledged → resolved by a person, with an optional note. The rule's channels hear of
 * it like an automatic resolution (unless the rule is muted or the alert snoozed). If the
 * condition persists, a new alert needs a fresh run of breaching windows.
 */
export async function resolveAlert(
  db: Database,
  options: { id: string; input: unknown; actor: string; publicUrl: string; now?: Date },
) {
  const input = parseOrThrow(resolveAlertSchema, options.input ?? {}, "resolution");
  const now = options.now ?? new Date();
  return db.prisma.$transaction(async (tx) => {
    const alert = await getAlertOrThrow(tx, options.id);
    if (alert.status === "resolved") throw new ApiError("conflict", `Alert ${alert.id} is already resolved`);
    const updated = await tx.alert.update({
      where: { id: alert.id },
      data: {
        status: "resolved",
        activeKey: null,
        resolvedAt: now,
        resolvedBy: options.actor,
        resolution: input.note ?? "resolved by hand",
      },
    });
    const rule = alert.ruleId ? await tx.alertRule.findUnique({ where: { id: alert.ruleId } }) : null;
    const snoozed = alert.snoozedUntil !== null && alert.snoozedUntil > now;
    if (rule && !rule.muted && !snoozed) {
      const event = alertEvent({
        id: uuidv7(now.getTime()),
        type: "alert.resolved",
        row: updated,
        now,
        publicUrl: options.publicUrl,
      });
      await enqueueNotifications(
        { query: (text, params) => tx.$queryRawUnsafe(text, ...(params ?? [])) },
        { event, alertId: alert.id, channels: rule.channels, now },
      );
    }
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert.resolved",
      modelName: alert.modelName,
      subject: `alert:${alert.id}`,
      before: { status: alert.status },
      after: { status: "resolved", note: input.note ?? null },
    });
    return alertView(updated, now);
  });
}
