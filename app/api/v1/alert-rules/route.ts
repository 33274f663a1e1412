// GET /api/v1/alert-rules?model=NAME|defaults&kind= — alert rules (admin)
// POST /api/v1/alert-rules — create a rule for a model, or without "model" a global default for new models (admin, audited)
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { readJsonBody } from "@/lib/api/read-json-body";
import { createAlertRule } from "@/lib/alerts/rules/create-alert-rule";
import { listAlertRules, ruleQuerySchema } from "@/lib/alerts/rules/list-alert-rules";

export const GET = apiRoute({ scope: "admin" }, async ({ db, request }) => {
  const query = parseQuery(request, ruleQuerySchema);
  return listAlertRules(db, query);
});

export const POST = apiRoute({ scope: "admin" }, async ({ db, request, actor }) => {
  const rule = await createAlertRule(db.prisma, { input: await readJsonBody(request, 64 * 1024), actor });
  return Response.json(rule, { status: 201 });
});
