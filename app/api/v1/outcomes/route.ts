// POST /api/v1/outcomes — ground truth for earlier predictions, up to 10,000 per request, per-item results.
// `npm start` answers this path in its data plane without Next.js; this route serves `next dev`.
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { handleIngestOutcomes } from "@/lib/server/handlers/data-plane-handlers";

export const POST = apiRoute({ scope: "ingest" }, async (ctx) =>
  handleIngestOutcomes(
    ctx,
    await readJsonBody(ctx.request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024, { perItemTextChecks: true }),
  ),
);
