// POST /api/v1/models/:name/predictions — predictions made elsewhere, up to 10,000 per request, per-record results.
// `npm start` answers this path in its data plane without Next.js; this route serves `next dev`.
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { handleIngestPredictions } from "@/lib/server/handlers/data-plane-handlers";

export const POST = apiRoute<{ name: string }>({ scope: "ingest" }, async (ctx) =>
  handleIngestPredictions(
    ctx,
    await readJsonBody(ctx.request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024, { perItemTextChecks: true }),
  ),
);
