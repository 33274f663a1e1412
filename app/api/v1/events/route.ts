// POST /api/v1/events — business events (conversion, revenue, …) per entity, up to 10,000 per request
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { ingestEvents } from "@/lib/outcomes/ingest-events";

export const POST = apiRoute({ scope: "ingest" }, async ({ db, request, actor }) =>
  ingestEvents(
    db,
    await readJsonBody(request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024, { perItemTextChecks: true }),
    actor,
  ),
);
