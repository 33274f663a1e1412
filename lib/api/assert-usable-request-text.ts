import { ApiError, type ErrorDetail } from "./errors";
import { unusableTextReason } from "./unusable-text";

/**
 * Refuses a request whose route parameters or query string hold text Postgres cannot take (see
 * unusable-text.ts), naming each offending parameter, before any handler builds a query from it.
 * Every /api/v1 handler gets this through `apiRoute`, so a new route needs no check of its own.
 */
export function assertUsableRequestText(request: Request, params: unknown): void {
  const details: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    for (const text of Array.isArray(value) ? value : [value]) {
      const reason = typeof text === "string" ? unusableTextReason(text) : null;
      if (reason) details.push({ path: name, in: "path", message: reason });
    }
  }
  for (const [name, value] of new URL(request.url).searchParams) {
    const nameReason = unusableTextReason(name);
    const reason = nameReason ? `its name ${nameReason}` : unusableTextReason(value);
    if (reason) details.push({ path: nameReason ? JSON.stringify(name) : name, in: "query", message: reason });
  }
  if (details.length) throw new ApiError("validation_failed", "Invalid request parameters", details);
}
