/**
 * Timestamps that must keep Postgres's microseconds (the profile cursor) travel as text; this reads
 * one back as a Date where millisecond precision is enough (display, window arithmetic).
 * Postgres writes "2026-11-01 10:00:00.123456+00" (ISO DateStyle), or ±infinity.
 */
export function parsePgTimestamp(text: string): Date {
  if (text === "infinity") return new Date(8.64e15);
  if (text === "-infinity") return new Date(-8.64e15);
  const iso = text.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`unreadable timestamp from Postgres: ${text}`);
  return date;
}
