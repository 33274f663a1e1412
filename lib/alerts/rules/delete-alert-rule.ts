import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { getRuleOrThrow } from "@/lib/alerts/rules/get-rule-or-throw";
import { ruleView } from "@/lib/alerts/rules/rule-view";

/**
 * Deletes a rule. Its active alerts are resolved (nothing would ever resolve them otherwise); all
 * its alerts keep their history, with the rule's name copied on them.
 */
export async function deleteAlertRule(prisma: PrismaClient, options: { id: string; actor: string }) {
  return prisma.$transaction(async (tx) => {
    const { row, modelName } = await getRuleOrThrow(tx, options.id);
    const resolved = await tx.alert.updateMany({
      where: { ruleId: row.id, status: { not: "resolved" } },
      data: {
        status: "resolved",
        activeKey: null,
        resolvedAt: new Date(),
        resolvedBy: options.actor,
        resolution: "the rule was deleted",
      },
    });
    await tx.alertRule.delete({ where: { id: row.id } });
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_rule.deleted",
      modelName: modelName ?? undefined,
      subject: `alert_rule:${row.id}`,
      before: ruleView(row, modelName),
    });
    return { deleted: row.id, resolvedAlerts: resolved.count };
  });
}
