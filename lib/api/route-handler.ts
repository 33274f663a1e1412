import "server-only";
import type { Database } from "@/lib/db/open-database";
import { getDatabase } from "@/lib/db/get-database";
import { authenticate, type Caller } from "@/lib/auth/authenticate";
import type { Scope } from "@/lib/auth/scopes";
import { ApiError } from "./errors";
import { isDatabaseUnavailable } from "./database-unavailable";
import { assertUsableRequestText } from "./assert-usable-request-text";
import { getMetrics, routePattern } from "@/lib/observability/prometheus";

export type RouteContext<P> = { request: Request; params: P; caller: Caller; db: Database };

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
    try {
      params = await context.params;
      const db = await getDatabase();
      const caller = await authenticate(db.prisma, request.headers.get("authorization"), options.scope);
      assertUsableRequestText(request, params);
      const result = await handler({ request, params, caller, db });
      response = result instanceof Response ? result : Response.json(result);
    } catch (error) {
      response = errorResponse(error, request);
    }
    const seconds = (performance.now() - started) / 1000;
    const labels = params as Record<string, string> | undefined;
    const route = routePattern(request.url, labels);
    const metrics = getMetrics();
    metrics.requests.inc({ route, method: request.method, status: String(response.status), model: labels?.name ?? "" });
    metrics.requestSeconds.observe({ route, method: request.method, model: labels?.name ?? "" }, seconds);
    response.headers.set("Server-Timing", `total;dur=${(seconds * 1000).toFixed(2)}`);
    return response;
  };
}

export function errorResponse(error: unknown, request?: Request): Response {
  if (error instanceof ApiError) return Response.json(error.toJSON(), { status: error.status });
  if (isDatabaseUnavailable(error)) {
    console.error(`[tidemark] database unavailable during ${request?.method} ${request?.url}:`, error);
    const unavailable = new ApiError("service_unavailable", "The database is unavailable; retry shortly");
    return Response.json(unavailable.toJSON(), { status: 503, headers: { "Retry-After": "1" } });
  }
  console.error(`[tidemark] internal error during ${request?.method} ${request?.url}:`, error);
  const internal = new ApiError("internal_error", "Internal server error");
  return Response.json(internal.toJSON(), { status: 500 });
}
