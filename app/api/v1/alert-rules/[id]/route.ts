// GET /api/v1/alert-rules/:id — one rule (admin)
// PATCH /api/v1/alert-rules/:id — change a rule, e.g. { "muted": true } or { "channels": [...] } (admin, audited)
// DELETE /api/v1/alert-rules/:id — delete a rule; its active alerts are resolved (admin, audited)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { deleteAlertRule } from "@/lib/alerts/rules/delete-alert-rule";
import { getRuleOrThrow } from "@/lib/alerts/rules/get-rule-or-throw";
import { ruleView } from "@/lib/alerts/rules/rule-view";
import { updateAlertRule } from "@/lib/alerts/rules/update-alert-rule";

export const GET = apiRoute<{ id: string }>({ scope: "admin" }, async ({ db, params }) => {
  const { row, modelName } = await getRuleOrThrow(db.prisma, params.id);
  return ruleView(row, modelName);
});

export const PATCH = apiRoute<{ id: string }>({ scope: "admin" }, async ({ db, params, actor, request }) =>
  updateAlertRule(db, { id: params.id, input: await readJsonBody(request, 64 * 1024), actor }),
);

export const DELETE = apiRoute<{ id: string }>({ scope: "admin" }, async ({ db, params, actor }) =>
  deleteAlertRule(db.prisma, { id: params.id, actor }),
);
