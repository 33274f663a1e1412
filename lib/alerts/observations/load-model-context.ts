import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { SqlConnection } from "@/lib/db/open-database";
import { DAY_MS } from "@/lib/core/time/durations";
import { readImportanceShares } from "@/lib/monitors/explanations/importance-store";
import { ApiError } from "@/lib/core/errors";
import { parseStoredSettings } from "@/lib/monitors/shared/monitored-versions";
import { referenceKey } from "@/lib/monitors/shared/monitoring-settings";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import type { ModelContext } from "@/lib/alerts/observations/observation";
import { parseStoredRule, type AlertRule } from "@/lib/alerts/rules/rule-schema";

/** A model with its versions and its enabled alert rules, as the evaluator needs them. */
export async function loadModelContextOrThrow(
  prisma: PrismaClient,
  modelName: string,
): Promise<{ ctx: ModelContext; rules: AlertRule[]; invalidRules: { id: string; name: string; error: string }[] }> {
  const model = await prisma.model.findUnique({
    where: { name: modelName },
    include: { monitoring: true, versions: { orderBy: { version: "asc" } } },
  });
  if (!model) throw new ApiError("not_found", `No model named "${modelName}"`);
  const settings = parseStoredSettings(model.monitoring?.settings);
  const stored = await prisma.alertRule.findMany({ where: { modelId: model.id, enabled: true }, orderBy: { createdAt: "asc" } });
  const rules: AlertRule[] = [];
  const invalidRules: { id: string; name: string; error: string }[] = [];
  for (const row of stored) {
    try {
      rules.push(parseStoredRule(row));
    } catch (error) {
      // One broken rule must not silence the others; it is reported in the run's details.
      invalidRules.push({ id: row.id, name: row.name, error: (error as Error).message });
    }
  }
  return {
    ctx: {
      modelId: model.id,
      modelName: model.name,
      versions: model.versions.map((v) => ({ id: v.id, version: v.version, manifest: v.manifest as Manifest })),
      referenceKey: referenceKey(settings.reference),
      settings,
    },
    rules,
    invalidRules,
  };
}

/**
 * Each version's share of production importance over the day before `now`, so drifted features
 * rank by what drives the model now (null for a version the explanations job has not judged).
 */
export async function withProductionImportance(sql: SqlConnection, ctx: ModelContext, now: Date): Promise<ModelContext> {
  const from = new Date(now.getTime() - DAY_MS);
  const versions = await Promise.all(
    ctx.versions.map(async (v) => ({
      ...v,
      productionImportance: await readImportanceShares(sql, {
        versionId: v.id,
        from,
        to: now,
        minimum: ctx.settings.explanations.minRecords,
        now,
      }),
    })),
  );
  return { ...ctx, versions };
}
