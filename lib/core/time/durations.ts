// Fixed lengths of time in milliseconds. Monitoring works in UTC, where an hour, a day and a week
// always have these lengths (no daylight saving, no leap seconds in JavaScript time).
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
