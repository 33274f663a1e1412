import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";

export type SuccessCriteria = Manifest["evaluation"]["successCriteria"];

/**
 * The success criteria declared in a version's manifest: the given version's, else the newest's;
 * undefined when the model has no such version.
 */
export async function getSuccessCriteria(
  prisma: PrismaClient,
  name: string,
  version: number | undefined,
): Promise<SuccessCriteria | undefined> {
  const row = await prisma.modelVersion.findFirst({
    where: { model: { name }, ...(version === undefined ? {} : { version }) },
    orderBy: { version: "desc" },
    select: { manifest: true },
  });
  return (row?.manifest as { evaluation?: { successCriteria?: SuccessCriteria } } | undefined)?.evaluation?.successCriteria;
}
