import "server-only";
// POST /api/v1/models/:name/predict — run the model on 1..N records and log every prediction.
// Served by the data plane (lib/server/data-plane.ts) and by the Next.js route under `next dev`.
import type { RouteContext } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { getConfig } from "@/lib/config/load-config";
import { predict } from "./predict";
import { servingQuerySchema } from "./predict-request-schema";
import { IDEMPOTENCY_KEY_HEADER, idempotencyHeaderSchema } from "./idempotency";
import { explainQuerySchema, explainRequestOf } from "./explain-query-schema";
import { checkExplainCap, type ExplainSettings } from "./explain-predictions";

/**
 * The handler inside `apiRoute({ scope: "predict" }, …)`, in the route and in the data plane alike;
 * the caller reads the body (`readJsonBody` with TIDEMARK_MAX_BODY_MB) when asked, after the query.
 */
export async function handlePredict(
  { db, params, request, caller }: RouteContext<{ name: string }>,
  readBody: () => Promise<unknown>,
): Promise<Response> {
  const config = getConfig();
  const selector = parseQuery(request, servingQuerySchema);
  const explain = explainRequestOf(parseQuery(request, explainQuerySchema));
  const headers = parseOrThrow(
    idempotencyHeaderSchema,
    { [IDEMPOTENCY_KEY_HEADER]: request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined },
    "headers",
  );
  const body = await readBody();
  const explainSettings: ExplainSettings = {
    maxRecords: config.TIDEMARK_EXPLAIN_MAX_RECORDS,
    samples: config.TIDEMARK_EXPLAIN_SAMPLES,
    backgroundRows: config.TIDEMARK_EXPLAIN_BACKGROUND_ROWS,
  };
  // Before the model runs: explanations cost many model runs per record.
  if (explain) checkExplainCap(recordCount(body), explainSettings);
  const result = await predict(db, {
    modelName: params.name,
    selector,
    body,
    caller,
    maxRecords: config.TIDEMARK_MAX_BATCH,
    defaultLogMode: config.TIDEMARK_LOG_MODE,
    idempotencyKey: headers[IDEMPOTENCY_KEY_HEADER],
    batching: { maxRows: config.TIDEMARK_BATCH_MAX_ROWS, waitMs: config.TIDEMARK_BATCH_WAIT_MS },
    explain: explain && { ...explain, ...explainSettings },
  });
  return Response.json(result.body, result.replayed ? { headers: { "Idempotent-Replayed": "true" } } : undefined);
}

/** How many records the body holds, when it is shaped like a request at all (predict validates the rest). */
function recordCount(body: unknown): number {
  const inputs = body !== null && typeof body === "object" ? (body as { inputs?: unknown }).inputs : undefined;
  return Array.isArray(inputs) ? inputs.length : 0;
}
