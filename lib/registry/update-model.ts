import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { registryChanged } from "./registry-changes";
import { getModelRowOrThrow } from "./get-model-or-throw";

export const updateModelSchema = z
  .object({
    description: z.string().max(2000, "must be at most 2000 characters").optional(),
    // null returns the model to the server-wide TIDEMARK_LOG_MODE.
    logMode: z.enum(["durable", "async", "off"], { error: "must be durable, async, off or null" }).nullable().optional(),
  })
  .strict();

export async function updateModel(prisma: PrismaClient, name: string, input: z.infer<typeof updateModelSchema>, actor: string) {
  const model = await getModelRowOrThrow(prisma, name);
  const result = await prisma.$transaction(async (tx) => {
    const updated = await tx.model.update({ where: { id: model.id }, data: input });
    await recordAuditEvent(tx, {
      actor,
      kind: "model.updated",
      modelName: name,
      subject: `model:${name}`,
      before: { description: model.description, logMode: model.logMode },
      after: { description: updated.description, logMode: updated.logMode },
    });
    return { name: updated.name, description: updated.description, logMode: updated.logMode };
  });
  // The serving target carries the log mode; a change made here applies to the next request here
  // (other processes follow within the target cache's TTL, as for alias moves).
  registryChanged();
  return result;
}
