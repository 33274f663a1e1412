import type { Breach } from "@/lib/alerts/observations/observation";

/**
 * Numbers as alerts show them (page, Slack, email, next-step text): three significant digits,
 * whole numbers from 100 up, never a float's full expansion such as 0.1550002129773866.
 */
export function formatMeasure(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "n/a";
  if (Number.isInteger(x) || Math.abs(x) >= 100) return Math.round(x).toLocaleString("en-US");
  return String(Number(x.toPrecision(3)));
}

/** "2026-11-09 05:00 UTC": minutes are enough to line an alert up with its windows. */
export function formatInstant(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—";
}

/** "2026-11-12 10:00 UTC (3 of 3 windows breaching)": when the breach began, however late it was noticed. */
export function sinceText(firstSeenAt: string, breach: Breach | undefined): string {
  if (!breach) return formatInstant(firstSeenAt);
  const earlier = breach.sinceIsLowerBound ? " or earlier" : "";
  return `${formatInstant(breach.since)}${earlier} (${breach.windows.breaching} of ${breach.windows.judged} windows breaching)`;
}
