import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { alertView } from "@/lib/alerts/alert-row";
import { getAlertOrThrow } from "@/lib/alerts/lifecycle/get-alert-or-throw";
import { MAX_SNOOZE_MS, snoozeAlertSchema, snoozeEnd } from "@/lib/alerts/lifecycle/lifecycle-schemas";

/**
 * Silences an active alert until a time: it keeps being tracked (count, last seen, automatic
 * resolution) but sends nothing; if it still fires when the snooze ends, its channels are told once.
 */
export async function snoozeAlert(db: Database, options: { id: string; input: unknown; actor: string; now?: Date }) {
  const input = parseOrThrow(snoozeAlertSchema, options.input ?? {}, "snooze");
  const now = options.now ?? new Date();
  const until = snoozeEnd(input, now);
  if (until <= now)
    throw new ApiError("validation_failed", "Invalid snooze", [{ path: "until", message: "must be in the future" }]);
  if (until.getTime() - now.getTime() > MAX_SNOOZE_MS)
    throw new ApiError("validation_failed", "Invalid snooze", [{ path: "until", message: "must be at most 30 days ahead" }]);
  return db.prisma.$transaction(async (tx) => {
    const alert = await getAlertOrThrow(tx, options.id);
    if (alert.status === "resolved") throw new ApiError("conflict", `Alert ${alert.id} is already resolved`);
    const updated = await tx.alert.update({ where: { id: alert.id }, data: { snoozedUntil: until, snoozedBy: options.actor } });
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert.snoozed",
      modelName: alert.modelName,
      subject: `alert:${alert.id}`,
      before: { snoozedUntil: alert.snoozedUntil?.toISOString() ?? null },
      after: { snoozedUntil: until.toISOString() },
    });
    return alertView(updated, now);
  });
}
