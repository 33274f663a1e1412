import "server-only";
import type { Database } from "@/lib/db/open-database";
import { getDatabase } from "@/lib/db/get-database";
import { authenticate, callerActor, type Caller } from "@/lib/auth/authenticate";
import type { Scope } from "@/lib/auth/scopes";
import type { Permission, Principal } from "@/lib/core/access/principal";
import { authorizeModel } from "@/lib/projects/model-project";
import { ApiError } from "@/lib/core/errors";
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";
import { assertUsableRequestText } from "./assert-usable-request-text";
import { getMetrics, routePattern } from "@/lib/observability/prometheus";
import { OTHER_MODEL, modelLabel } from "@/lib/observability/model-label";

export type RouteContext<P> = {
  request: Request;
  params: P;
  caller: Caller;
  /** What the caller may do where; lists filter by `visibleProjectIds(principal)`. */
  principal: Principal;
  /**
   * On a model's path (`/api/v1/models/{name}/…`, `/v2/models/{name}/…`): the model's project, already
   * authorised for the route's scope; null when no such model exists (registration creates it).
   */
  projectId: string | null;
  /** The caller as the audit trail names it (`key:<name>`), for every mutation's `actor`. */
  actor: string;
  db: Database;
};

const SCOPE_PERMISSION: Record<Scope, Permission> = { read: "read", predict: "predict", ingest: "ingest", admin: "own" };

// Every route under a model's path is gated here, whatever its handler does: a route added later
// cannot forget to check the model's project. `/api/v1/keys/{name}` and `/destinations/{name}`
// also have a `name` parameter, which is why the path, not the parameter, decides.
const MODEL_PATH = /^\/(?:api\/v1|v2)\/models\/[^/]+(?:\/|$)/;

async function modelProject(request: Request, params: unknown, db: Database, caller: Caller, scope: Scope) {
  const name = (params as { name?: unknown } | undefined)?.name;
  if (typeof name !== "string" || !MODEL_PATH.test(new URL(request.url).pathname)) return null;
  return authorizeModel(db.prisma, caller.principal, name, SCOPE_PERMISSION[scope]);
}

/**
 * Wraps every /api/v1 handler: authenticates with the needed scope, times the request, and turns
 * whatever is thrown into the one error shape. A 500 carries no internal text; the cause goes to
 * the server log.
 */
export function apiRoute<P = Record<string, never>>(
  options: { scope: Scope },
  handler: (ctx: RouteContext<P>) => Promise<Response | object>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    let response: Response;
    let params: P | undefined;
    let db: Database | undefined;
    let authenticated = false;
    try {
      params = await context.params;
      db = await getDatabase();
      const caller = await authenticate(db.prisma, request.headers.get("authorization"), options.scope);
      authenticated = true;
      assertUsableRequestText(request, params);
      const projectId = await modelProject(request, params, db, caller, options.scope);
      const { principal } = caller;
      const result = await handler({ request, params, caller, principal, projectId, actor: callerActor(caller), db });
      response = result instanceof Response ? result : Response.json(result);
    } catch (error) {
      response = errorResponse(error, request);
    }
    const seconds = (performance.now() - started) / 1000;
    const labels = params as Record<string, string> | undefined;
    const route = routePattern(request.url, labels);
    // Only an authenticated caller's request may name a model series, and only a registered one.
    const name = labels?.name;
    const model = name === undefined ? "" : authenticated && db ? await modelLabel(db.prisma, name) : OTHER_MODEL;
    const method = KNOWN_METHODS.has(request.method) ? request.method : "OTHER";
    const metrics = getMetrics();
    metrics.requests.inc({ route, method, status: String(response.status), model });
    metrics.requestSeconds.observe({ route, method, model }, seconds);
    response.headers.set("Server-Timing", `total;dur=${(seconds * 1000).toFixed(2)}`);
    return response;
  };
}

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof ApiError) {
    // Every 503 tells the client when to retry, whoever raised it.
    const headers = error.status === 503 ? { "Retry-After": "1", ...error.headers } : error.headers;
    return Response.json(error.toJSON(), { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    console.error(`[tidemark] database unavailable during ${request?.method} ${request?.url}:`, error);
    const unavailable = new ApiError("service_unavailable", "The database is unavailable; retry shortly");
    return Response.json(unavailable.toJSON(), { status: 503, headers: { "Retry-After": "1" } });
  }
  console.error(`[tidemark] internal error during ${request?.method} ${request?.url}:`, error);
  const internal = new ApiError("internal_error", "Internal server error");
  return Response.json(internal.toJSON(), { status: 500 });
}
