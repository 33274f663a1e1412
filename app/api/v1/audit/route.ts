// GET /api/v1/audit?model=&kind=&actor=&view=&group=&limit=&before= — the audit trail, newest first
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/list-audit-events";

export const GET = apiRoute({ scope: "read" }, async ({ db, request }) => {
  const query = parseQuery(request, auditQuerySchema);
  return listAuditEvents(db, query);
});
