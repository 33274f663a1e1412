// POST /api/v1/models/:name/predictions — predictions made elsewhere, up to 10,000 per request, per-record results
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { ingestPredictions } from "@/lib/ingestion/ingest-predictions";

export const POST = apiRoute<{ name: string }>({ scope: "ingest" }, async ({ db, params, request, caller }) =>
  ingestPredictions(db, {
    modelName: params.name,
    body: await readJsonBody(request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024, { perItemTextChecks: true }),
    caller,
  }),
);
