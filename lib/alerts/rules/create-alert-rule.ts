import type { PrismaClient, Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { checkChannelsOrThrow } from "@/lib/alerts/rules/check-channels";
import { ruleView } from "@/lib/alerts/rules/rule-view";
import { createRuleSchema } from "@/lib/alerts/rules/rule-schema";

/** A rule for one model, or (no model) a global default that models created from now on receive. */
export async function createAlertRule(prisma: PrismaClient, options: { input: unknown; actor: string }) {
  const input = parseOrThrow(createRuleSchema, options.input, "alert rule");
  return prisma.$transaction(async (tx) => {
    let modelId: string | null = null;
    if (input.model !== undefined) {
      const model = await tx.model.findUnique({ where: { name: input.model } });
      if (!model) throw new ApiError("not_found", `No model named "${input.model}"`);
      modelId = model.id;
    }
    await checkChannelsOrThrow(tx, input.channels);
    const row = await tx.alertRule.create({
      data: {
        modelId,
        name: input.name,
        kind: input.kind,
        condition: input.condition as Prisma.InputJsonValue,
        severity: input.severity,
        fireAfter: input.fireAfter,
        resolveAfter: input.resolveAfter,
        channels: input.channels,
        enabled: input.enabled,
        muted: input.muted,
        createdBy: options.actor,
      },
    });
    const view = ruleView(row, input.model ?? null);
    await recordAuditEvent(tx, {
      actor: options.actor,
      kind: "alert_rule.created",
      modelName: input.model,
      subject: `alert_rule:${row.id}`,
      after: view,
    });
    return view;
  });
}
