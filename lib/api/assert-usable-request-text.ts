import { ApiError, type ErrorDetail } from "@/lib/core/errors";
import { unstorableTextProblem } from "@/lib/core/text/storable-text";

/**
 * Refuses a request whose route parameters or query string hold text Postgres cannot take (see
 * lib/core/text/storable-text.ts), naming each offending parameter, before any handler builds a query from it.
 * Every /api/v1 handler gets this through `apiRoute`, so a new route needs no check of its own.
 */
export function assertUsableRequestText(request: Request, params: unknown): void {
  const details: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    for (const text of Array.isArray(value) ? value : [value]) {
      const reason = typeof text === "string" ? unstorableTextProblem(text) : null;
      if (reason) details.push({ path: name, in: "path", message: reason });
    }
  }
  for (const [name, value] of new URL(request.url).searchParams) {
    const nameReason = unstorableTextProblem(name);
    const reason = nameReason ? `its name ${nameReason}` : unstorableTextProblem(value);
    if (reason) details.push({ path: nameReason ? JSON.stringify(name) : name, in: "query", message: reason });
  }
  if (details.length) throw new ApiError("validation_failed", "Invalid request parameters", details);
}
