// GET /api/v1/models/:name/monitoring — the model's monitoring settings (defaults filled in)
// PUT /api/v1/models/:name/monitoring — replace them: schedules, reference, decision rule (admin)
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { assertJsonDepth } from "@/lib/api/assert-json-depth";
import { monitoringSettingsSchema, type MonitoringSettingsInput } from "@/lib/monitors/shared/monitoring-settings";
import { getMonitoringSettings, putMonitoringSettings } from "@/lib/monitors/shared/monitoring-settings-store";

type Params = { name: string };

export const GET = apiRoute<Params>({ scope: "read" }, async ({ db, params }) => getMonitoringSettings(db.prisma, params.name));

export const PUT = apiRoute<Params>({ scope: "admin" }, async ({ db, params, request, actor }) => {
  const body = await readJsonBody(request, 64 * 1024);
  // Stored as sent, unknown keys included: bounded before the schema or the jsonb column walk it.
  assertJsonDepth(body, 16, "monitoring settings");
  parseOrThrow(monitoringSettingsSchema, body, "monitoring settings");
  // Stored as sent (validated above), so unset fields keep following the defaults.
  return putMonitoringSettings(db.prisma, params.name, body as MonitoringSettingsInput, actor);
});
