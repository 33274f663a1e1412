import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { ruleView } from "@/lib/alerts/rules/rule-view";
import { ALERT_KINDS } from "@/lib/alerts/rules/rule-schema";

export const ruleQuerySchema = z.object({
  // A model's rules; "defaults" for the global defaults; absent for every rule.
  model: z.string().min(1).optional(),
  kind: z.enum(ALERT_KINDS, { error: `must be one of ${ALERT_KINDS.join(", ")}` }).optional(),
});
export type RuleQuery = z.infer<typeof ruleQuerySchema>;

const KIND_ORDER = new Map<string, number>(ALERT_KINDS.map((k, i) => [k, i]));

export async function listAlertRules(db: Database, query: RuleQuery) {
  let modelFilter: { modelId?: string | null } = {};
  if (query.model === "defaults") modelFilter = { modelId: null };
  else if (query.model !== undefined) {
    const model = await db.prisma.model.findUnique({ where: { name: query.model } });
    if (!model) throw new ApiError("not_found", `No model named "${query.model}"`);
    modelFilter = { modelId: model.id };
  }
  const rows = await db.prisma.alertRule.findMany({
    where: { ...modelFilter, kind: query.kind },
    orderBy: [{ createdAt: "asc" }, { name: "asc" }],
  });
  const models = new Map((await db.prisma.model.findMany({ select: { id: true, name: true } })).map((m) => [m.id, m.name]));
  const views = rows.map((r) => ruleView(r, r.modelId ? (models.get(r.modelId) ?? null) : null));
  views.sort(
    (a, b) =>
      (a.model ?? "").localeCompare(b.model ?? "") ||
      (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99) ||
      a.name.localeCompare(b.name),
  );
  return { rules: views };
}
