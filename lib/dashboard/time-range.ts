import { parseIsoInstant } from "@/lib/core/time/parse-instant";
import { isStorableInstant } from "@/lib/core/time/storable-instant";

// The time range of a monitoring page lives in the URL (?range=24h or ?from=…&to=…), so a link
// reproduces the view. Buckets are chosen so a series never exceeds MAX_POINTS points.
export const RANGES = {
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
  "90d": 90 * 86_400_000,
} as const;
export type RangeKey = keyof typeof RANGES;
export const MAX_POINTS = 500;
const BUCKETS_MS = [60_000, 300_000, 900_000, 3_600_000, 6 * 3_600_000, 86_400_000];

export type TimeRange = { from: Date; to: Date; key: RangeKey | "custom"; bucketMs: number };

/**
 * A page ignores a range it cannot show rather than failing: times that are not ISO 8601 (the API's
 * rule, parseIsoInstant) or lie outside the storable years, or
 * a `range` that is not one of RANGES' own keys (`in` would also match `__proto__` or `toString`).
 */
export function parseTimeRange(params: { range?: string; from?: string; to?: string }, now = Date.now()): TimeRange {
  const from = params.from ? parseIsoInstant(params.from) : NaN;
  const to = params.to ? parseIsoInstant(params.to) : NaN;
  if (isStorableInstant(from) && isStorableInstant(to) && from < to) {
    return { from: new Date(from), to: new Date(to), key: "custom", bucketMs: bucketFor(to - from) };
  }
  const key: RangeKey = isRangeKey(params.range) ? params.range : "24h";
  return { from: new Date(now - RANGES[key]), to: new Date(now), key, bucketMs: bucketFor(RANGES[key]) };
}

function isRangeKey(value: unknown): value is RangeKey {
  return typeof value === "string" && Object.hasOwn(RANGES, value);
}

export function bucketFor(spanMs: number): number {
  return BUCKETS_MS.find((b) => spanMs / b <= MAX_POINTS) ?? Math.ceil(spanMs / MAX_POINTS);
}
