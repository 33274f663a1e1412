import type { Database } from "@/lib/db/open-database";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";

export type SuccessCriteria = Manifest["evaluation"]["successCriteria"];

/**
 * The success criteria declared in a version's manifest: the given version's, else the newest's;
 * undefined when the model has no such version.
 */
export async function getSuccessCriteria(
  db: Database,
  name: string,
  version: number | undefined,
): Promise<SuccessCriteria | undefined> {
  const row = await db.prisma.modelVersion.findFirst({
    where: { model: { name }, ...(version === undefined ? {} : { version }) },
    orderBy: { version: "desc" },
    select: { manifest: true },
  });
  return (row?.manifest as { evaluation?: { successCriteria?: SuccessCriteria } } | undefined)?.evaluation?.successCriteria;
}
