import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * Gives a newly created model a copy of every global default rule (alert_rules with no model), in
 * the transaction that creates the model, so no model is ever unwatched. Copies are independent:
 * changing a default later affects models created afterwards, not existing ones.
 */
export async function createDefaultAlertRules(
  tx: Prisma.TransactionClient,
  options: { modelId: string; actor: string },
): Promise<number> {
  const defaults = await tx.alertRule.findMany({ where: { modelId: null }, orderBy: { createdAt: "asc" } });
  if (!defaults.length) return 0;
  const created = await tx.alertRule.createMany({
    data: defaults.map((d) => ({
      modelId: options.modelId,
      name: d.name,
      kind: d.kind,
      condition: d.condition as Prisma.InputJsonValue,
      severity: d.severity,
      fireAfter: d.fireAfter,
      resolveAfter: d.resolveAfter,
      channels: d.channels,
      enabled: d.enabled,
      muted: d.muted,
      createdBy: options.actor,
    })),
  });
  return created.count;
}
