import { getConfig } from "@/lib/config/load-config";
import { apiOperations, SHARED_SCHEMAS } from "./api-operations";
import { buildOpenApiDocument, type OpenApiDocument } from "./build-openapi-document";

/** The version of the API the document describes: the /api/v1 routes. */
const API_VERSION = "1.0.0";

let cached: OpenApiDocument | undefined;

/** The document for this server's limits, built once per process (it depends only on code and config). */
export function getOpenApiDocument(): OpenApiDocument {
  cached ??= buildOpenApiDocument({
    operations: apiOperations({ maxBatch: getConfig().TIDEMARK_MAX_BATCH }),
    version: API_VERSION,
    shared: SHARED_SCHEMAS,
  });
  return cached;
}
