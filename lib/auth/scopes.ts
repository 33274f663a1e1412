import { z } from "zod";

export const SCOPES = ["predict", "ingest", "read", "admin"] as const;
export const scopeSchema = z.enum(SCOPES, { error: `scope must be one of ${SCOPES.join(", ")}` });
export type Scope = z.infer<typeof scopeSchema>;

/** `admin` may do everything; every other scope grants exactly itself. */
export function hasScope(granted: readonly string[], needed: Scope): boolean {
  return granted.includes("admin") || granted.includes(needed);
}
