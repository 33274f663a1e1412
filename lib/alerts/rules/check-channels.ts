import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";

/** Every channel must name an existing destination: a typo would silently send nothing. */
export async function checkChannelsOrThrow(tx: Prisma.TransactionClient, channels: readonly string[]): Promise<void> {
  if (!channels.length) return;
  const found = new Set(
    (await tx.alertDestination.findMany({ where: { name: { in: [...channels] } }, select: { name: true } })).map((d) => d.name),
  );
  const missing = channels.map((name, index) => ({ name, index })).filter((c) => !found.has(c.name));
  if (missing.length) {
    throw new ApiError(
      "validation_failed",
      "Invalid alert rule",
      missing.map((m) => ({ path: `channels.${m.index}`, message: `names no alert destination "${m.name}"` })),
    );
  }
}
