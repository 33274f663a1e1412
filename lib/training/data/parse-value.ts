// Cell parsing shared by the CSV and JSON-lines loaders and by type overrides.

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// ISO 8601 dates and date-times (the formats databases and pandas export); anything looser, such as
// "3/4/21", is ambiguous between locales and stays text unless the user overrides the type.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export function parseNumber(text: string): number | null {
  if (!NUMBER.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** Epoch milliseconds, or null. Date-only and zone-less values are read as UTC so runs do not depend on TZ. */
export function parseDateTime(text: string): number | null {
  if (!ISO_DATE.test(text)) return null;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(text) || text.length === 10 ? text : `${text.replace(" ", "T")}Z`;
  const t = Date.parse(zoned.length === 10 ? `${zoned}T00:00:00Z` : zoned.replace(" ", "T"));
  return Number.isFinite(t) ? t : null;
}

const TRUE = new Set(["true", "yes", "y", "t"]);
const FALSE = new Set(["false", "no", "n", "f"]);

/** 1, 0 or null for a boolean-looking token (case-insensitive). */
export function parseBoolean(text: string): number | null {
  const lower = text.toLowerCase();
  if (TRUE.has(lower)) return 1;
  if (FALSE.has(lower)) return 0;
  return null;
}
