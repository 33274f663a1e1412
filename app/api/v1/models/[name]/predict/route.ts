// POST /api/v1/models/:name/predict — run the model on 1..N records and log every prediction
import { apiRoute } from "@/lib/api/route-handler";
import { parseQuery } from "@/lib/api/parse-query";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { getConfig } from "@/lib/config/load-config";
import { predict } from "@/lib/serving/predict";
import { servingQuerySchema } from "@/lib/serving/predict-request-schema";
import { IDEMPOTENCY_KEY_HEADER, idempotencyHeaderSchema } from "@/lib/serving/idempotency";

export const POST = apiRoute<{ name: string }>({ scope: "predict" }, async ({ db, params, request, caller }) => {
  const config = getConfig();
  const selector = parseQuery(request, servingQuerySchema);
  const headers = parseOrThrow(
    idempotencyHeaderSchema,
    { [IDEMPOTENCY_KEY_HEADER]: request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? undefined },
    "headers",
  );
  const body = await readJsonBody(request, config.TIDEMARK_MAX_BODY_MB * 1024 * 1024);
  const result = await predict(db, {
    modelName: params.name,
    selector,
    body,
    caller,
    maxRecords: config.TIDEMARK_MAX_BATCH,
    defaultLogMode: config.TIDEMARK_LOG_MODE,
    idempotencyKey: headers[IDEMPOTENCY_KEY_HEADER],
  });
  return Response.json(result.body, result.replayed ? { headers: { "Idempotent-Replayed": "true" } } : undefined);
});
