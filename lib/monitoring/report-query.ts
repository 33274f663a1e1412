import { z } from "zod";

/** Query parameters shared by the drift reports: a time range, a segment, a version, a reference. */

const instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 time, e.g. 2026-11-01T00:00:00Z" });
const DAY_MS = 86_400_000;

export const reportQueryShape = {
  from: instant.optional(),
  to: instant.optional(),
  segment: z.string().max(300).default(""),
  version: z.coerce.number({ error: "must be a version number" }).int().positive().optional(),
  reference: z.string().min(1).max(200).optional(),
};

export type TimeRange = { from: Date; to: Date };

/** Defaults: the last 7 days up to now; an explicit `from` alone runs 7 days forward. */
export function resolveRange(query: { from?: string; to?: string }, now = new Date()): TimeRange {
  const to = query.to ? new Date(query.to) : query.from ? new Date(Date.parse(query.from) + 7 * DAY_MS) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 7 * DAY_MS);
  return { from, to };
}

export const rangeIsOrdered = (q: { from?: string; to?: string }) => !(q.from && q.to) || Date.parse(q.from) < Date.parse(q.to);
export const rangeOrderIssue = { message: "from must be before to", path: ["to"] };
