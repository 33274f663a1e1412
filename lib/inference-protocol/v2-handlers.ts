import "server-only";
import type { z } from "zod";
// The Open Inference Protocol (KServe v2 REST) endpoints, served by the data plane
// (lib/server/data-plane.ts) on the same port and with the same API keys as /api/v1.
import { ApiError } from "@/lib/core/errors";
import { getConfig } from "@/lib/config/load-config";
import { getDatabase } from "@/lib/db/get-database";
import { readJsonBody } from "@/lib/api/read-json-body";
import { resolveServingTarget, type ServingSelector } from "@/lib/serving/resolve-serving-target";
import { infer } from "./infer";
import { modelMetadata } from "./model-metadata";
import { v2Route } from "./v2-route";
import type {
  v2ErrorBodySchema,
  v2LiveSchema,
  v2ModelReadySchema,
  v2ReadySchema,
  v2ServerMetadataSchema,
} from "./response-schemas";

type ModelParams = { name: string; version?: string };

function selectorOf(params: ModelParams): ServingSelector {
  if (params.version === undefined) return {};
  const version = Number(params.version);
  if (!/^[1-9][0-9]{0,8}$/.test(params.version))
    throw new ApiError("bad_request", `version "${params.version}" is not a version number`);
  return { version };
}

// GET /v2/health/live — the process answers (no key: for orchestrators' probes)
export async function v2Live(): Promise<Response> {
  return Response.json({ live: true } satisfies z.infer<typeof v2LiveSchema>);
}

// GET /v2/health/ready — the database answers (no key: for orchestrators' probes). The protocol
// says a 4xx means "not ready" (Triton answers 400); a probe treats any status ≥ 400 as a failure.
export async function v2Ready(): Promise<Response> {
  try {
    const db = await getDatabase();
    await db.prisma.$queryRaw`SELECT 1`;
    return Response.json({ ready: true } satisfies z.infer<typeof v2ReadySchema>);
  } catch {
    return Response.json({ error: "The database is unavailable" } satisfies z.infer<typeof v2ErrorBodySchema>, {
      status: 400,
      headers: { "Retry-After": "1" },
    });
  }
}

// GET /v2 — server metadata
export async function v2ServerMetadata(): Promise<Response> {
  return Response.json({ name: "tidemark", version: "2", extensions: [] } satisfies z.infer<typeof v2ServerMetadataSchema>);
}

// GET /v2/models/:name[/versions/:version] — inputs, outputs and datatypes of the served version
export const v2ModelMetadata = v2Route<ModelParams>({ scope: "predict" }, async ({ db, params }) =>
  modelMetadata(await resolveServingTarget(db, params.name, selectorOf(params))),
);

// GET /v2/models/:name[/versions/:version]/ready — the version is loaded and can answer
export const v2ModelReady = v2Route<ModelParams>({ scope: "predict" }, async ({ db, params }) => {
  await resolveServingTarget(db, params.name, selectorOf(params));
  return { name: params.name, ready: true } satisfies z.infer<typeof v2ModelReadySchema>;
});

// POST /v2/models/:name[/versions/:version]/infer — run and log, as /api/v1/models/:name/predict
export const v2Infer = v2Route<ModelParams>({ scope: "predict" }, async ({ db, params, request, caller }) => {
  const config = getConfig();
  const selector = selectorOf(params);
  const body = await readJsonBody(request, config.TIDEMARK_MAX_BODY_MB * 1024 * 1024);
  return infer(db, {
    modelName: params.name,
    selector,
    body,
    caller,
    maxRecords: config.TIDEMARK_MAX_BATCH,
    defaultLogMode: config.TIDEMARK_LOG_MODE,
    batching: { maxRows: config.TIDEMARK_BATCH_MAX_ROWS, waitMs: config.TIDEMARK_BATCH_WAIT_MS },
  });
});
