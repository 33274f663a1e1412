import type { Prisma } from "@/lib/generated/prisma/client";
import { ApiError } from "@/lib/core/errors";
import type { AlertRow } from "@/lib/alerts/alert-row";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getAlertOrThrow(tx: Pick<Prisma.TransactionClient, "alert">, id: string): Promise<AlertRow> {
  const row = UUID.test(id) ? await tx.alert.findUnique({ where: { id } }) : null;
  if (!row) throw new ApiError("not_found", `No alert with id "${id}"`);
  return row;
}
