import type { PrismaClient } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";

export async function getDestinationOrThrow(prisma: Pick<PrismaClient, "alertDestination">, name: string) {
  const row = await prisma.alertDestination.findUnique({ where: { name } });
  if (!row) throw new ApiError("not_found", `No alert destination named "${name}"`);
  return row;
}
