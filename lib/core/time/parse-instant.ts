// The one rule for a time a person types (an API query, a CLI --window, a page's URL): ISO 8601 /
// RFC 3339 date and time with `Z` or an offset, seconds and fractions optional
// (2026-12-03T13:00Z, 2026-12-03T13:00:00.5+01:00). A calendar date that does not exist (02-30) is
// refused rather than rolled over, as Date.parse would. Whether the year is storable is checked
// apart (storable-instant.ts), so a caller can say which of the two is wrong.

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** Milliseconds since the epoch, or NaN when `text` is not an ISO 8601 time in the form above. */
export function parseIsoInstant(text: string): number {
  const m = ISO_INSTANT.exec(text);
  if (!m) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return NaN;
  return Date.parse(m[6] === undefined ? text.replace(/^(.{16})/, "$1:00") : text);
}
