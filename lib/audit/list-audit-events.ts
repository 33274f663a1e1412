import { z } from "zod";
import type { PrismaClient } from "@/lib/generated/prisma/client";

export const auditQuerySchema = z.object({
  model: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1, "must be at least 1").max(500, "must be at most 500").default(50),
  // Keyset pagination on the id: stable while new events keep arriving.
  before: z.coerce.bigint({ error: "must be an event id" }).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export async function listAuditEvents(prisma: PrismaClient, query: AuditQuery) {
  const rows = await prisma.auditEvent.findMany({
    where: {
      modelName: query.model,
      kind: query.kind,
      actor: query.actor,
      id: query.before === undefined ? undefined : { lt: query.before },
    },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    events: page.map((e) => ({
      id: e.id.toString(),
      at: e.at.toISOString(),
      actor: e.actor,
      kind: e.kind,
      model: e.modelName,
      subject: e.subject,
      before: e.before,
      after: e.after,
    })),
    nextBefore: rows.length > query.limit ? page[page.length - 1].id.toString() : null,
  };
}
