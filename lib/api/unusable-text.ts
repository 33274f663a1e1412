// Postgres cannot store a NUL in text or jsonb, and a lone UTF-16 surrogate has no UTF-8 form, so
// a query that carries either fails inside the driver (a 500) instead of simply matching nothing.
// Input is checked here, at the edge, so the failure names the parameter and is the caller's.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot reach Postgres as text, or null when it can. */
export function unusableTextReason(value: string): string | null {
  if (value.includes("\u0000")) return "must not contain NUL (U+0000)";
  if (LONE_SURROGATE.test(value)) return "must be valid Unicode (it contains a lone surrogate)";
  return null;
}
