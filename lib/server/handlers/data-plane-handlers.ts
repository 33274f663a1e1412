import "server-only";
// The ingestion and metrics handlers (inside apiRoute with their scope), served by the data plane (lib/server/data-plane.ts) and by the Next.js
// routes under `next dev`.
import type { RouteContext } from "@/lib/api/route-handler";
import { ingestOutcomes } from "@/lib/outcomes/ingest-outcomes";
import { ingestPredictions } from "@/lib/ingestion/ingest-predictions";
import { getMetrics } from "@/lib/observability/prometheus";

// POST /api/v1/outcomes — ground truth for earlier predictions, up to 10,000 per request, per-item results
// The caller reads the body: readJsonBody with TIDEMARK_MAX_BODY_MB and perItemTextChecks.
export const handleIngestOutcomes = async ({ db, actor }: RouteContext<Record<string, never>>, body: unknown) =>
  ingestOutcomes(db, body, actor);

// POST /api/v1/models/:name/predictions — predictions made elsewhere, up to 10,000 per request, per-record results
export const handleIngestPredictions = async ({ db, params, caller }: RouteContext<{ name: string }>, body: unknown) =>
  ingestPredictions(db, { modelName: params.name, body, caller });

// GET /api/metrics — Prometheus exposition format (scope read; scrape with a bearer token)
export const handleMetrics = async () => {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { "content-type": registry.contentType } });
};
