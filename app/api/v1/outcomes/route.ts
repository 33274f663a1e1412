// POST /api/v1/outcomes — ground truth for earlier predictions, up to 10,000 per request, per-item results
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { ingestOutcomes } from "@/lib/outcomes/ingest-outcomes";

export const POST = apiRoute({ scope: "ingest" }, async ({ db, request, actor }) =>
  ingestOutcomes(
    db,
    await readJsonBody(request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024, { perItemTextChecks: true }),
    actor,
  ),
);
