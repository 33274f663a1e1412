import "server-only";
import type { z } from "zod";
import { apiRoute, type RouteContext } from "@/lib/api/route-handler";
import type { Scope } from "@/lib/auth/scopes";
import type { v2ErrorBodySchema } from "./response-schemas";

type ErrorBody = { error?: { code?: string; message?: string; details?: { path?: string; message?: string }[] } };

/**
 * An Open Inference Protocol handler: authenticated, timed and counted by the same wrapper as
 * every /api/v1 route, with its errors rewritten into the protocol's `{"error": "…"}` form.
 * Validation failures answer 400, as Triton and KServe do, instead of the API's 422.
 */
export function v2Route<P>(options: { scope: Scope }, handler: (ctx: RouteContext<P>) => Promise<Response | object>) {
  const route = apiRoute<P>(options, handler);
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const response = await route(request, context);
    if (response.status < 400) return response;
    const body = (await response.json()) as ErrorBody;
    const headers = new Headers(response.headers);
    headers.delete("content-length");
    const status = response.status === 422 ? 400 : response.status;
    return Response.json({ error: v2ErrorMessage(body) } satisfies z.infer<typeof v2ErrorBodySchema>, { status, headers });
  };
}

export function v2ErrorMessage(body: ErrorBody): string {
  const message = body.error?.message ?? "request failed";
  const details = (body.error?.details ?? []).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message));
  return details.length ? `${message}: ${details.join("; ")}` : message;
}
