import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { idBefore, keysetOrder, keysetPage } from "@/lib/db/keyset-page";

export const auditQuerySchema = z.object({
  model: z.string().min(1).optional(),
  kind: z.string().min(1).optional(),
  actor: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1, "must be at least 1").max(500, "must be at most 500").default(50),
  // Keyset pagination on the id: stable while new events keep arriving.
  before: z.coerce.bigint({ error: "must be an event id" }).optional(),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export async function listAuditEvents(db: Database, query: AuditQuery) {
  const rows = await db.prisma.auditEvent.findMany({
    where: {
      modelName: query.model,
      kind: query.kind,
      actor: query.actor,
      id: idBefore(query.before),
    },
    ...keysetOrder(query),
  });
  const { page, nextBefore } = keysetPage(rows, query.limit);
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
    nextBefore,
  };
}
