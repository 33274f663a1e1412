import { HOUR_MS } from "@/lib/core/time/durations";
import type { TimeWindow } from "@/lib/core/time/time-window";
import { parseIsoInstant } from "@/lib/core/time/parse-instant";
import { clampInstant, INSTANT_RANGE_MESSAGE, isStorableInstant } from "@/lib/core/time/storable-instant";

/**
 * Monitoring windows: half-open [start, end) intervals of created_at, whole UTC hours (the grain of
 * production profiles).
 */

const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

function parseDurationMs(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return null;
  const [weeks, days, hours, minutes] = m.slice(1).map((v) => Number(v ?? 0));
  return (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60_000;
}

export class WindowError extends Error {}

/**
 * Parses an ISO 8601 interval, "START/DURATION" (2026-11-01T00:00Z/PT1H) or "START/END"; the times
 * follow parseIsoInstant's rule, as the API's, within the storable years; both ends fall on whole hours.
 */
export function parseWindow(text: string): TimeWindow {
  const [startText, endText, ...rest] = text.split("/");
  if (!startText || !endText || rest.length)
    throw new WindowError(`"${text}" is not START/DURATION or START/END (e.g. 2026-11-01T00:00Z/PT1H)`);
  const start = parseIsoInstant(startText);
  if (Number.isNaN(start)) throw new WindowError(`"${startText}" is not an ISO 8601 time`);
  if (!isStorableInstant(start)) throw new WindowError(`"${startText}" ${INSTANT_RANGE_MESSAGE}`);
  const duration = endText.startsWith("P") ? parseDurationMs(endText) : null;
  if (endText.startsWith("P") && duration === null)
    throw new WindowError(`"${endText}" is not an ISO 8601 duration such as PT1H or P1D`);
  const end = duration !== null ? start + duration : parseIsoInstant(endText);
  if (Number.isNaN(end)) throw new WindowError(`"${endText}" is not an ISO 8601 time or duration`);
  if (!isStorableInstant(end)) throw new WindowError(`the end of the window ${INSTANT_RANGE_MESSAGE}`);
  return checkWindow({ start: new Date(start), end: new Date(end) });
}

export function checkWindow(window: TimeWindow): TimeWindow {
  const start = window.start.getTime();
  const end = window.end.getTime();
  if (!(end > start)) throw new WindowError("the window must end after it starts");
  if (start % HOUR_MS !== 0 || end % HOUR_MS !== 0) throw new WindowError("the window must start and end on whole hours (UTC)");
  return window;
}

/** Windows of `hours` hours, aligned to multiples of it since the epoch, that lie within [from, to). */
export function alignedWindows(from: number, to: number, hours: number): TimeWindow[] {
  const size = hours * HOUR_MS;
  const windows: TimeWindow[] = [];
  for (let start = Math.ceil(from / size) * size; start + size <= to; start += size) {
    windows.push({ start: new Date(start), end: new Date(start + size) });
  }
  return windows;
}

/** The window moved by `ms`, clamped to the storable years (a seasonal reference of year 0001 is empty). */
export function shiftWindow(window: TimeWindow, ms: number): TimeWindow {
  return { start: clampInstant(window.start.getTime() + ms), end: clampInstant(window.end.getTime() + ms) };
}
