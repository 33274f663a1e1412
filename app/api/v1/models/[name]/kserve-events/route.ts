// POST /api/v1/models/:name/kserve-events — KServe request-logger CloudEvents, paired by ce-id and stored as predictions
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { parseOrThrow } from "@/lib/core/parse-or-throw";
import { getConfig } from "@/lib/config/load-config";
import { kserveQuerySchema, readCloudEventHeaders } from "@/lib/ingestion/kserve/cloud-event-headers";
import { ingestKserveEvent } from "@/lib/ingestion/kserve/ingest-kserve-event";

export const POST = apiRoute<{ name: string }>({ scope: "ingest" }, async ({ db, params, request, caller }) => {
  const query = parseOrThrow(kserveQuerySchema, Object.fromEntries(new URL(request.url).searchParams), "query");
  const result = await ingestKserveEvent(db, {
    modelName: params.name,
    version: query.version,
    headers: readCloudEventHeaders(request.headers),
    body: await readJsonBody(request, getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024),
    apiKeyId: caller.keyId,
  });
  return Response.json(result.body, { status: result.status });
});
