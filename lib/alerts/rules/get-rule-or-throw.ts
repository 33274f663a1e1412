import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getRuleOrThrow(tx: Pick<Prisma.TransactionClient, "alertRule" | "model">, id: string) {
  const row = UUID.test(id) ? await tx.alertRule.findUnique({ where: { id } }) : null;
  if (!row) throw new ApiError("not_found", `No alert rule with id "${id}"`);
  const model = row.modelId ? await tx.model.findUnique({ where: { id: row.modelId }, select: { name: true } }) : null;
  return { row, modelName: model?.name ?? null };
}
