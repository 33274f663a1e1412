import "server-only";
import type { Database } from "@/lib/db/open-database";
import { getDatabase } from "@/lib/db/get-database";
import { authenticate, type Caller } from "@/lib/auth/authenticate";
import type { Scope } from "@/lib/auth/scopes";
import { ApiError } from "./errors";
import { isDatabaseUnavailable } from "./database-unavailable";

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
    try {
      const db = await getDatabase();
      const caller = await authenticate(db.prisma, request.headers.get("authorization"), options.scope);
      const result = await handler({ request, params: await context.params, caller, db });
      response = result instanceof Response ? result : Response.json(result);
    } catch (error) {
      response = errorResponse(error, request);
    }
    response.headers.set("Server-Timing", `total;dur=${(performance.now() - started).toFixed(2)}`);
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
