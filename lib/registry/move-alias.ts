import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { evaluatePromotionGate } from "./evaluate-promotion-gate";
import { getModelVersionRowOrThrow } from "./get-model-version-or-throw";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { registryChanged } from "./registry-changes";
import { endRolloutOnPromotion } from "./traffic-policy-store";

export const moveAliasSchema = z
  .object({
    version: z
      .number({ error: "version is required and must be a number" })
      .int("must be a whole number")
      .positive("must be 1 or more"),
    reason: z.string().trim().min(1, "must not be empty").max(1000, "must be at most 1000 characters").optional(),
    force: z.boolean({ error: "must be true or false" }).optional(),
  })
  .strict()
  .refine((b) => !b.force || b.reason, { path: ["reason"], message: "is required when force is true" });
export type MoveAliasInput = z.infer<typeof moveAliasSchema>;

/** Only the alias that takes live traffic is gated. */
export const GATED_ALIAS = "production";

/**
 * Points an alias at a version. Moving `production` requires the version to pass the promotion
 * gate, unless forced with a reason; either way the verdict is kept in the alias history and the
 * audit log. A rollback is the same move back to an earlier version (and passes the same gate).
 */
export async function moveAlias(
  prisma: PrismaClient,
  options: { name: string; alias: string; input: MoveAliasInput; actor: string },
) {
  const { name, alias, input, actor } = options;
  const { model, row } = await getModelVersionRowOrThrow(prisma, name, input.version);
  const gate = alias === GATED_ALIAS ? evaluatePromotionGate(row.manifest as Manifest) : null;
  if (gate && !gate.passed && !input.force) {
    const failed = gate.rules.filter((r) => !r.passed);
    throw new ApiError(
      "gate_failed",
      `Version ${input.version} of "${name}" does not pass the production gate (${failed.length} rule${failed.length === 1 ? "" : "s"} failed); fix the model or move with "force": true and a reason`,
      failed,
    );
  }
  const forced = Boolean(gate && !gate.passed && input.force);
  const moved = await prisma.$transaction(async (tx) => {
    const current = await tx.modelAlias.findUnique({
      where: { modelId_alias: { modelId: model.id, alias } },
      include: { version: { select: { version: true } } },
    });
    const fromVersion = current?.version.version ?? null;
    await tx.modelAlias.upsert({
      where: { modelId_alias: { modelId: model.id, alias } },
      create: { modelId: model.id, alias, versionId: row.id, updatedBy: actor },
      update: { versionId: row.id, updatedBy: actor, updatedAt: new Date() },
    });
    await endRolloutOnPromotion(tx, { modelId: model.id, name, alias, versionId: row.id, actor });
    await tx.aliasChange.create({
      data: {
        modelId: model.id,
        alias,
        fromVersion,
        toVersion: input.version,
        actor,
        reason: input.reason ?? null,
        forced,
        gate: gate ?? undefined,
      },
    });
    await recordAuditEvent(tx, {
      actor,
      kind: "model.alias_moved",
      modelName: name,
      subject: `model:${name}/alias:${alias}`,
      before: { version: fromVersion },
      // The gate's rules travel with the move, so the audit page shows the evidence a promotion rested on.
      after: { version: input.version, forced, reason: input.reason ?? null, gatePassed: gate?.passed ?? null, gate },
    });
    return { model: name, alias, version: input.version, previousVersion: fromVersion, forced, gate };
  });
  registryChanged();
  return moved;
}
