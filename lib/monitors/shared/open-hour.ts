import { HOUR_MS } from "@/lib/core/time/durations";
import type { TimeWindow } from "@/lib/core/time/time-window";

/**
 * The hour that holds `now`, when a series over [from, to) reaches into it. The jobs compute it on
 * their schedule (hourly); the series compute it again on read, so a user replaying traffic sees
 * the hour "so far" within minutes, marked provisional. The job's next run after the hour ends
 * replaces whatever it stored mid-hour, because the hour's counts changed.
 */
export function openHourIn(range: { from: Date; to: Date }, now: Date): TimeWindow | null {
  const start = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  if (range.to.getTime() <= start || range.from.getTime() > start) return null;
  return { start: new Date(start), end: new Date(start + HOUR_MS) };
}
