// GET /api/v1/audit?model=&kind=&actor=&limit=&before= — the audit trail, newest first
import { apiRoute } from "@/lib/api/route-handler";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/list-audit-events";

export const GET = apiRoute({ scope: "read" }, async ({ db, request }) => {
  const query = parseOrThrow(auditQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
  return listAuditEvents(db.prisma, query);
});
