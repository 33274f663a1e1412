import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import { evaluatePromotionGate } from "./evaluate-promotion-gate";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { getModelRowOrThrow } from "./get-model-or-throw";
import { versionSummary } from "./version-summary";

export async function getModelVersionRowOrThrow(prisma: PrismaClient, name: string, version: number) {
  const model = await getModelRowOrThrow(prisma, name);
  const row = await prisma.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version } },
    include: { artifact: { select: { sizeBytes: true } }, aliases: { select: { alias: true } } },
  });
  if (!row) throw new ApiError("not_found", `Model "${name}" has no version ${version}`);
  return { model, row };
}

/** Manifest, metrics, who registered it and when, its aliases, and the promotion gate's verdict. */
export async function getModelVersionOrThrow(prisma: PrismaClient, name: string, version: number) {
  const { row } = await getModelVersionRowOrThrow(prisma, name, version);
  return {
    ...versionSummary(name, row, { sizeBytes: row.artifact?.sizeBytes, aliases: row.aliases.map((a) => a.alias) }),
    productionGate: evaluatePromotionGate(row.manifest as Manifest),
  };
}
