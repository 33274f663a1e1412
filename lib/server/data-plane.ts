import "server-only";
import type http from "node:http";
import { ApiError } from "@/lib/core/errors";
import { apiRoute } from "@/lib/api/route-handler";
import { readJsonBody } from "@/lib/api/read-json-body";
import { getConfig } from "@/lib/config/load-config";
import { handlePredict } from "@/lib/serving/predict-handler";
import { v2Infer, v2Live, v2ModelMetadata, v2ModelReady, v2Ready, v2ServerMetadata } from "@/lib/inference-protocol/v2-handlers";
import { handleIngestOutcomes, handleIngestPredictions, handleMetrics } from "./handlers/data-plane-handlers";
import { sendWebResponse, toWebRequest } from "./node-bridge";
import { compileTemplate, DATA_PLANE_PATHS, type DataPlanePath } from "./data-plane-paths";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Route = { method: string; pattern: RegExp; params: string[]; handler: Handler };

const maxBodyBytes = () => getConfig().TIDEMARK_MAX_BODY_MB * 1024 * 1024;
// The ingestion routes report an unstorable string per item, beside the items they store.
const readItems = (request: Request) => readJsonBody(request, maxBodyBytes(), { perItemTextChecks: true });

// Every data-plane path's handler; the type makes a path without one (or the reverse) an error.
const HANDLERS: Record<DataPlanePath, unknown> = {
  "POST /api/v1/models/{name}/predict": apiRoute<{ name: string }>({ scope: "predict" }, (ctx) =>
    handlePredict(ctx, () => readJsonBody(ctx.request, maxBodyBytes())),
  ),
  "POST /api/v1/models/{name}/predictions": apiRoute<{ name: string }>({ scope: "ingest" }, async (ctx) =>
    handleIngestPredictions(ctx, await readItems(ctx.request)),
  ),
  "POST /api/v1/outcomes": apiRoute({ scope: "ingest" }, async (ctx) => handleIngestOutcomes(ctx, await readItems(ctx.request))),
  "GET /api/metrics": apiRoute({ scope: "read" }, handleMetrics),
  "GET /v2": v2ServerMetadata,
  "GET /v2/health/live": v2Live,
  "GET /v2/health/ready": v2Ready,
  "GET /v2/models/{name}": v2ModelMetadata,
  "GET /v2/models/{name}/versions/{version}": v2ModelMetadata,
  "GET /v2/models/{name}/ready": v2ModelReady,
  "GET /v2/models/{name}/versions/{version}/ready": v2ModelReady,
  "POST /v2/models/{name}/infer": v2Infer,
  "POST /v2/models/{name}/versions/{version}/infer": v2Infer,
};

// Everything else (pages, the rest of the API) goes to Next.js, or is a 404 on an inference replica.
const ROUTES: Route[] = DATA_PLANE_PATHS.map((key) => {
  const [method, template] = key.split(" ");
  return { method, ...compileTemplate(template), handler: HANDLERS[key] as Handler };
});

export type Fallback = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;

/**
 * The request listener of `npm start`: data-plane paths go straight to their lib handlers; the
 * rest to `fallback` (Next.js's request handler), or, on an inference-only replica, a 404.
 */
export function dataPlaneListener(fallback: Fallback | null): http.RequestListener {
  return (req, res) => {
    const matched = matchRoute(req.method ?? "GET", pathnameOf(req.url ?? "/"));
    if (matched === "elsewhere") {
      if (fallback) return void fallback(req, res);
      return void answer(res, notFound(req));
    }
    void answer(res, matched.handler(toWebRequest(req), { params: Promise.resolve(matched.params) }));
  };
}

type Match = { handler: Handler; params: Record<string, string> } | "elsewhere";

function matchRoute(method: string, pathname: string): Match {
  for (const candidate of ROUTES) {
    const found = candidate.pattern.exec(pathname);
    if (!found) continue;
    if (candidate.method !== method && !(method === "HEAD" && candidate.method === "GET")) continue;
    const params: Record<string, string> = {};
    try {
      for (const [i, name] of candidate.params.entries()) params[name] = decodeURIComponent(found[i + 1]);
    } catch {
      // Not UTF-8 once decoded: Next.js's proxy answers it (400), or notFound on a replica.
      return "elsewhere";
    }
    return { handler: candidate.handler, params };
  }
  return "elsewhere";
}

const pathnameOf = (url: string) => {
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
};

function notFound(req: http.IncomingMessage): Promise<Response> {
  const malformed = (() => {
    try {
      decodeURIComponent(pathnameOf(req.url ?? "/"));
      return false;
    } catch {
      return true;
    }
  })();
  const error = malformed
    ? new ApiError("bad_request", "The path is not valid percent-encoded UTF-8")
    : new ApiError("not_found", `No ${req.method} ${pathnameOf(req.url ?? "/")} on this server`);
  return Promise.resolve(Response.json(error.toJSON(), { status: error.status }));
}

async function answer(res: http.ServerResponse, response: Promise<Response>): Promise<void> {
  try {
    await sendWebResponse(res, await response);
  } catch (error) {
    // The handlers answer every failure themselves; this is a broken connection or a bug in the bridge.
    console.error("[tidemark] could not answer a data-plane request:", error);
    if (!res.headersSent) res.statusCode = 500;
    res.destroy();
  }
}
