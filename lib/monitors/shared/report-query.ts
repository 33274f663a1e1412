import { z } from "zod";
import { DAY_MS } from "@/lib/core/time/durations";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { clampInstant, storableIsoInstantSchema } from "@/lib/core/time/storable-instant";

/** Query parameters shared by the drift reports: a time range, a segment, a version, a reference. */

export const reportQueryShape = {
  from: storableIsoInstantSchema.optional(),
  to: storableIsoInstantSchema.optional(),
  segment: z.string().max(300).default(""),
  version: z.coerce.number({ error: "must be a version number" }).int().positive().optional(),
  reference: z.string().min(1).max(200).optional(),
};

/**
 * Defaults: the last 7 days up to now; an explicit `from` alone runs 7 days forward. A derived
 * bound is clamped to the storable years, so `from=9999-12-31T00:00:00Z` ends at the end of 9999.
 */
export function resolveRange(query: { from?: string; to?: string }, now = new Date()): TimeWindow {
  const to = query.to ? new Date(query.to) : query.from ? clampInstant(Date.parse(query.from) + 7 * DAY_MS) : now;
  const from = query.from ? new Date(query.from) : clampInstant(to.getTime() - 7 * DAY_MS);
  return { start: from, end: to };
}

export const rangeIsOrdered = (q: { from?: string; to?: string }) => !(q.from && q.to) || Date.parse(q.from) < Date.parse(q.to);
export const rangeOrderIssue = { message: "from must be before to", path: ["to"] };
