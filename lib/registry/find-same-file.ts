import { isDeepStrictEqual } from "node:util";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Manifest } from "@/lib/core/manifest/manifest-schema";

/**
 * The newest version of the model whose ONNX file has this sha256, and whether the manifest being
 * registered differs from that version's: re-registering the same file is the notice's subject.
 */
export async function findSameFile(
  tx: Prisma.TransactionClient,
  options: { modelId: string; sha256: string; manifest: Manifest },
): Promise<{ version: number; manifestChanged: boolean } | null> {
  const earlier = await tx.modelVersion.findFirst({
    where: { modelId: options.modelId, artifactSha: options.sha256 },
    orderBy: { version: "desc" },
    select: { version: true, manifest: true },
  });
  if (!earlier) return null;
  // Compared as stored (JSON), so key order and undefined fields do not count as changes.
  const stored = JSON.parse(JSON.stringify(options.manifest)) as unknown;
  return { version: earlier.version, manifestChanged: !isDeepStrictEqual(earlier.manifest, stored) };
}
