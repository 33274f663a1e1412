import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";

/** The SQLSTATE of a Postgres error, read through the cause chain (drivers and Prisma wrap it). */
export function sqlStateOf(error: unknown): string | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; cause?: unknown };
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    current = e.cause;
  }
  return null;
}

/**
 * A failure caused by what a row holds rather than by the database's state: SQLSTATE class 22
 * (data exception: a NUL in text, a bad jsonb escape, a value out of range) or 23 (integrity
 * violation: a duplicate key). Writing the same row again fails again; writing the rows beside it
 * without it succeeds. Connection trouble is never row-specific, whatever code it carries.
 */
export function isRowSpecificFailure(error: unknown): boolean {
  if (isDatabaseUnavailable(error)) return false;
  const state = sqlStateOf(error);
  return state !== null && (state.startsWith("22") || state.startsWith("23"));
}
