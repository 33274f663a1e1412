import type { AlertRule as AlertRuleRow } from "@/lib/generated/prisma/client";
import { parseCondition, alertKindSchema } from "@/lib/alerts/rules/rule-schema";

/** A rule as the API and dashboard show it, with its condition's defaults filled in. */
export function ruleView(row: AlertRuleRow, modelName: string | null) {
  const kind = alertKindSchema.safeParse(row.kind);
  const parsed = kind.success ? parseCondition(kind.data, row.condition) : null;
  return {
    id: row.id,
    model: modelName,
    // A global default is copied to every model created after it.
    isDefault: row.modelId === null,
    name: row.name,
    kind: row.kind,
    condition: parsed?.ok ? parsed.condition : row.condition,
    severity: row.severity,
    fireAfter: row.fireAfter,
    resolveAfter: row.resolveAfter,
    channels: row.channels,
    enabled: row.enabled,
    muted: row.muted,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type RuleView = ReturnType<typeof ruleView>;
