import type { Prisma } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { checkChannelsOrThrow } from "@/lib/alerts/rules/check-channels";
import { getRuleOrThrow } from "@/lib/alerts/rules/get-rule-or-throw";
import { ruleView } from "@/lib/alerts/rules/rule-view";
import { alertKindSchema, parseCondition, updateRuleSchema } from "@/lib/alerts/rules/rule-schema";

/**
 * Changes a rule (its kind stays: a different kind is a different rule). Muting is `muted: true`.
 * Open alerts keep going under the changed rule; they are not re-evaluated retroactively. Disabling
 * it (`enabled: false`) resolves its active alerts.
 */
export async function updateAlertRule(db: Database, options: { id: string; input: unknown; actor: string }) {
  const change = parseOrThrow(updateRuleSchema, options.input, "alert rule change");
  return db.prisma.$transaction(async (tx) => {
    const { row, modelName } = await getRuleOrThrow(tx, options.id);
    let condition: Prisma.InputJsonValue | undefined;
    if (change.condition !== undefined) {
      const parsed = parseCondition(alertKindSchema.parse(row.kind), change.condition);
      if (!parsed.ok)
        throw new ApiError(
          "validation_failed",
          "Invalid alert rule change",
          parsed.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
        );
      condition = parsed.condition as Prisma.InputJsonValue;
    }
    if (change.channels) await checkChannelsOrThrow(tx, change.channels);
    const updated = await tx.alertRule.update({
      where: { id: row.id },
      data: { ...change, condition, updatedAt: new Date() },
    });
    // A disabled rule is no longer evaluated, so nothing would ever resolve its active alerts.
    const resolved =
      row.enabled && change.enabled === false
        ? await tx.alert.updateMany({
            where: { ruleId: row.id, status: { not: "resolved" } },
            data: {
              status: "resolved",
              activeKey: null,
              resolvedAt: new Date(),
              resolvedBy: options.actor,
              resolution: "the rule was disabled",
            },
          })
        : { count: 0 };
    const before = ruleView(row, modelName);
    const after = ruleView(updated, modelName);
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_rule.updated",
      modelName: modelName ?? undefined,
      subject: `alert_rule:${row.id}`,
      before,
      after: resolved.count ? { ...after, resolvedAlerts: resolved.count } : after,
    });
    return after;
  });
}
