/**
 * A feature's drift state on the page, by the rule alerts use: a drift alert opens only after
 * `fireAfter` consecutive drifted windows (lib/alerts/lifecycle/decide-alert.ts), so the page calls
 * a feature "drifted" only then, and a shorter run — a single flagged window among healthy ones,
 * most often sampling noise — "watch". Provisional windows (the open hour) never decide a state.
 */

export type SustainedState = "drift" | "watch" | "no_drift" | "insufficient_data";

export type DecisionPoint = { decision: string; provisional?: boolean };

/**
 * Per window: "drift" when the window belongs to a run of at least `fireAfter` consecutive drifted
 * (non-provisional) windows, "watch" when it drifted in a shorter run, else its own decision.
 */
export function sustainedStates(points: readonly DecisionPoint[], fireAfter: number): SustainedState[] {
  const states: SustainedState[] = points.map((p) =>
    p.decision === "insufficient_data" ? "insufficient_data" : p.decision === "drift" ? "watch" : "no_drift",
  );
  let start = 0;
  while (start < points.length) {
    if (!isDrifted(points[start])) {
      start++;
      continue;
    }
    let end = start;
    while (end < points.length && isDrifted(points[end])) end++;
    if (end - start >= fireAfter) states.fill("drift", start, end);
    start = end;
  }
  return states;
}

const isDrifted = (p: DecisionPoint) => p.decision === "drift" && !p.provisional;

/**
 * The feature's state now: "drift" when its newest `fireAfter` complete windows all drifted (the
 * condition that opens an alert), "watch" when the newest complete window drifted in a shorter
 * run, else the newest complete window's decision.
 */
export function currentSustainedState(points: readonly DecisionPoint[], fireAfter: number): SustainedState {
  const complete = points.filter((p) => !p.provisional);
  const last = complete.at(-1);
  if (!last) return "insufficient_data";
  let run = 0;
  for (let i = complete.length - 1; i >= 0 && complete[i].decision === "drift"; i--) run++;
  if (run >= fireAfter) return "drift";
  if (run > 0) return "watch";
  return last.decision === "insufficient_data" ? "insufficient_data" : "no_drift";
}
