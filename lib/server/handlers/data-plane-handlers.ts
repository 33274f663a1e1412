import "server-only";
// The ingestion and metrics handlers (inside apiRoute with their scope), served by the data plane (lib/server/data-plane.ts) and by the Next.js
// routes under `next dev`.
import type { RouteContext } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { ingestOutcomes } from "@/lib/outcomes/ingest-outcomes";
import { ingestPredictions } from "@/lib/ingestion/ingest-predictions";
import { getMetrics } from "@/lib/observability/prometheus";

// POST /api/v1/outcomes — ground truth for earlier predictions, up to 10,000 per request, per-item results
export const handleIngestOutcomes = async ({ db, request, actor }: RouteContext<Record<string, never>>) =>
  ingestOutcomes(
    db,
    await readJsonBody(request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024, { perItemTextChecks: true }),
    actor,
  );

// POST /api/v1/models/:name/predictions — predictions made elsewhere, up to 10,000 per request, per-record results
export const handleIngestPredictions = async ({ db, params, request, caller }: RouteContext<{ name: string }>) =>
  ingestPredictions(db, {
    modelName: params.name,
    body: await readJsonBody(request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024, { perItemTextChecks: true }),
    caller,
  });

// GET /api/metrics — Prometheus exposition format (scope read; scrape with a bearer token)
export const handleMetrics = async () => {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
};
