import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Database } from "@/lib/db/open-database";
import { ApiError } from "@/lib/core/errors";
import { evaluatePromotionGate } from "./evaluate-promotion-gate";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";
import { getModelRowOrThrow } from "./get-model-or-throw";
import { versionSummary } from "./version-summary";

const DETAIL_INCLUDE = { artifact: { select: { sizeBytes: true } }, aliases: { select: { alias: true } } } as const;

export async function getModelVersionRowOrThrow(prisma: PrismaClient, name: string, version: number) {
  const model = await getModelRowOrThrow(prisma, name);
  const row = await prisma.modelVersion.findUnique({
    where: { modelId_version: { modelId: model.id, version } },
    include: DETAIL_INCLUDE,
  });
  if (!row) throw new ApiError("not_found", `Model "${name}" has no version ${version}`);
  return { model, row };
}

type DetailRow = Parameters<typeof versionSummary>[1] & { artifact: { sizeBytes: number } | null; aliases: { alias: string }[] };

function versionDetail(name: string, row: DetailRow) {
  return {
    ...versionSummary(name, row, { sizeBytes: row.artifact?.sizeBytes, aliases: row.aliases.map((a) => a.alias) }),
    productionGate: evaluatePromotionGate(row.manifest as Manifest),
  };
}

export type ModelVersionDetail = ReturnType<typeof versionDetail>;

/** Manifest, metrics, who registered it and when, its aliases, and the promotion gate's verdict. */
export async function getModelVersionOrThrow(prisma: PrismaClient, name: string, version: number) {
  const { row } = await getModelVersionRowOrThrow(prisma, name, version);
  return versionDetail(name, row);
}

/** getModelVersionOrThrow's answer for every version of a model, newest first, in one query. */
export async function listModelVersionDetails(db: Database, name: string): Promise<ModelVersionDetail[]> {
  const rows = await db.prisma.modelVersion.findMany({
    where: { model: { name } },
    orderBy: { version: "desc" },
    include: DETAIL_INCLUDE,
  });
  return rows.map((row) => versionDetail(name, row));
}
