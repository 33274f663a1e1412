import { z } from "zod";
import { parseIsoInstant } from "./parse-instant";

// JavaScript dates reach ±275760 years, Postgres accepts 4713 BC to 294276 AD, but the ISO text
// that carries a date between them only round-trips for the four-digit years 0001–9999 (year 0000
// and the six-digit "+275760-…" form are refused). Every time that reaches SQL stays inside them:
// a time the caller gave outside is refused, naming the parameter; a bound the server derives (a
// default range of 7 days after `from`) is clamped.

export const MIN_INSTANT_MS = Date.parse("0001-01-01T00:00:00.000Z");
export const MAX_INSTANT_MS = Date.parse("9999-12-31T23:59:59.999Z");
export const INSTANT_RANGE_MESSAGE = "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z";

export function isStorableInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

export function clampInstant(ms: number): Date {
  return new Date(Math.min(MAX_INSTANT_MS, Math.max(MIN_INSTANT_MS, ms)));
}

// Zod runs a refinement even after the format check failed; an unreadable time is reported once,
// by the format check, so the range check passes what it cannot read.
const unreadableOrStorable = (ms: number) => Number.isNaN(ms) || isStorableInstant(ms);

/** Any text `Date` can parse (as the series endpoints have always accepted), within the storable years. */
export const storableDateSchema = z.coerce
  .date({ error: "must be a date" })
  .refine((d) => unreadableOrStorable(d.getTime()), INSTANT_RANGE_MESSAGE);

export const ISO_INSTANT_MESSAGE = "must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z";

/** An ISO 8601 time with an offset, seconds optional (parseIsoInstant's rule), within the storable years. */
export const storableIsoInstantSchema = z
  .string({ error: ISO_INSTANT_MESSAGE })
  .refine((s) => !Number.isNaN(parseIsoInstant(s)), ISO_INSTANT_MESSAGE)
  .refine((s) => unreadableOrStorable(parseIsoInstant(s)), INSTANT_RANGE_MESSAGE);

/** storableIsoInstantSchema, answered as a Date: for the API's from/to and every time a person types. */
export const storableIsoDateSchema = storableIsoInstantSchema.transform((s) => new Date(parseIsoInstant(s)));
