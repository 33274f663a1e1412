import type { Observation } from "@/lib/alerts/observations/observation";

/**
 * The alert state machine for one rule and subject, pure so every case is unit-tested:
 *  - no active alert: open one when the newest `fireAfter` windows all breach. Only windows newer
 *    than what the subject's last alert already covered count (`floor`), so resolving an alert by
 *    hand while the condition persists does not reopen it at once; it takes a fresh run of
 *    breaching windows.
 *  - active (open or acknowledged): resolve when the newest `resolveAfter` windows are all healthy;
 *    otherwise count breaching windows not seen before as re-occurrences; when a snooze has run
 *    out while the condition still holds, say so once.
 * Windows are identified by their end; an observation at or before `evaluatedThrough` was already
 * taken into account.
 */

export type ActiveAlertState = { evaluatedThrough: Date; snoozedUntil: Date | null };

export type AlertDecision =
  | { action: "none" }
  | { action: "open"; breaches: Observation[]; latest: Observation; evaluatedThrough: Date }
  | {
      action: "update";
      /** Breaching windows not counted before. */
      newBreaches: number;
      /** The newest breaching window, for fresh evidence; null if none is new. */
      latest: Observation | null;
      evaluatedThrough: Date;
      /** The snooze has run out: clear it. */
      snoozeEnded: boolean;
      /** …and the condition still holds: tell people again. */
      stillFiring: boolean;
    }
  | { action: "resolve"; healthy: Observation[]; evaluatedThrough: Date };

export type DecideAlertInput = {
  /** Oldest first. */
  observations: readonly Observation[];
  fireAfter: number;
  resolveAfter: number;
  active: ActiveAlertState | null;
  /** The newest window the subject's previous (resolved) alert took into account. */
  floor: Date | null;
  now: Date;
};

function trailingRun(observations: readonly Observation[], breaching: boolean): Observation[] {
  let i = observations.length;
  while (i > 0 && observations[i - 1].breaching === breaching) i--;
  return observations.slice(i);
}

export function decideAlert(input: DecideAlertInput): AlertDecision {
  const observations = [...input.observations].sort((a, b) => a.windowEnd.getTime() - b.windowEnd.getTime());
  const newest = observations[observations.length - 1];

  if (!input.active) {
    const considered = input.floor ? observations.filter((o) => o.windowEnd > input.floor!) : observations;
    const run = trailingRun(considered, true);
    if (run.length >= input.fireAfter && run.length > 0)
      return { action: "open", breaches: run, latest: run[run.length - 1], evaluatedThrough: run[run.length - 1].windowEnd };
    return { action: "none" };
  }

  const previous = input.active.evaluatedThrough;
  const evaluatedThrough = newest && newest.windowEnd > previous ? newest.windowEnd : previous;
  const healthy = trailingRun(observations, false);
  if (healthy.length >= input.resolveAfter && healthy.length > 0) {
    return { action: "resolve", healthy, evaluatedThrough };
  }
  const fresh = observations.filter((o) => o.windowEnd > previous && o.breaching);
  const snoozeEnded = input.active.snoozedUntil !== null && input.active.snoozedUntil <= input.now;
  if (!fresh.length && evaluatedThrough === previous && !snoozeEnded) return { action: "none" };
  return {
    action: "update",
    newBreaches: fresh.length,
    latest: fresh.length ? fresh[fresh.length - 1] : null,
    evaluatedThrough,
    snoozeEnded,
    stillFiring: snoozeEnded && Boolean(newest?.breaching),
  };
}
