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
  const headers = parseOrThrow(
    idempotencyHeaderSchema,
    { [IDEMPOTENCY_KEY_HEADER]: request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined },
    "headers",
  );
  const body = await readBody();
  const result = await predict(db, {
    modelName: params.name,
    selector,
    body,
    caller,
    maxRecords: config.TIDEMARK_MAX_BATCH,
    defaultLogMode: config.TIDEMARK_LOG_MODE,
    idempotencyKey: headers[IDEMPOTENCY_KEY_HEADER],
    batching: { maxRows: config.TIDEMARK_BATCH_MAX_ROWS, waitMs: config.TIDEMARK_BATCH_WAIT_MS },
  });
  return Response.json(result.body, result.replayed ? { headers: { "Idempotent-Replayed": "true" } } : undefined);
}
