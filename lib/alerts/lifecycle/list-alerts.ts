import { z } from "zod";
import type { Database } from "@/lib/db/open-database";
import { idBefore, keysetOrder, keysetPage } from "@/lib/db/keyset-page";
import type { Prisma } from "@/lib/generated/prisma/client";
import { alertView } from "@/lib/alerts/alert-row";
import { SEVERITIES } from "@/lib/alerts/rules/rule-schema";

export const alertQuerySchema = z.object({
  // active = open or acknowledged.
  status: z
    .enum(["open", "acknowledged", "resolved", "active"], { error: "must be open, acknowledged, resolved or active" })
    .optional(),
  model: z.string().min(1).optional(),
  severity: z.enum(SEVERITIES, { error: "must be info, warning or critical" }).optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1, "must be at least 1")
    .max(500, "must be at most 500")
    .default(50),
  // Keyset pagination on the id (UUIDv7, so newest first is id order).
  before: z.uuid({ error: "must be an alert id" }).optional(),
});
export type AlertQuery = z.infer<typeof alertQuerySchema>;

/** Alerts, newest first. */
export async function listAlerts(db: Database, query: AlertQuery, now = new Date()) {
  const where: Prisma.AlertWhereInput = {
    status: query.status === "active" ? { in: ["open", "acknowledged"] } : query.status,
    modelName: query.model,
    severity: query.severity,
    id: idBefore(query.before),
  };
  const rows = await db.prisma.alert.findMany({ where, ...keysetOrder(query) });
  const { page, nextBefore } = keysetPage(rows, query.limit);
  return { alerts: page.map((r) => alertView(r, now)), nextBefore };
}
