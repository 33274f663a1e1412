import { describe, expect, it } from "vitest";
import {
  FEATURES,
  demoWindows,
  falseFlagRate,
  loadFlights,
  replayWindows,
  trainingReplayWindows,
} from "../helpers/flicker-replay";

// The demo's real flights (vega-datasets) through the drift decision, window by window: the figures
// of test/bench/drift-flicker-bench.ts, bounded. Only `distance` is shifted; a flag on any other
// feature is a false one.

const { training, traffic } = loadFlights();
const DISTANCE = FEATURES.indexOf("distance");
// distance*=1.5@0.35 over 36 × 400 rows: row 5040 is the first shifted one, in window 12.
const FIRST_DRIFTED = 12;

describe("drift that does not flicker", () => {
  const demo = replayWindows(training, demoWindows(traffic, { hours: 36, rowsPerHour: 400, driftAt: 0.35 }));

  it("on the demo, no feature but distance is ever called drifted on the page, where windows alone flagged several", () => {
    const sustained = demo.before.map((_, w) => FEATURES.map((_, f) => (demo.states[f][w] === "drift" ? "drift" : "no_drift")));
    expect(falseFlagRate(demo.before, new Set(["distance"])).flags).toBeGreaterThanOrEqual(3);
    expect(falseFlagRate(sustained, new Set(["distance"])).flags).toBe(0);
    // The flags that remain are single windows, shown as "watch".
    for (const [f, name] of FEATURES.entries())
      if (name !== "distance") expect(demo.states[f].every((s) => s !== "drift")).toBe(true);
  });

  it("flags distance from its first drifted window, in the window's own decision and on the page", () => {
    expect(demo.after.findIndex((w) => w[DISTANCE] === "drift")).toBe(FIRST_DRIFTED);
    expect(demo.states[DISTANCE].indexOf("drift")).toBe(FIRST_DRIFTED);
    expect(demo.states[DISTANCE].slice(FIRST_DRIFTED).every((s) => s === "drift")).toBe(true);
    expect(demo.states[DISTANCE].slice(0, FIRST_DRIFTED).every((s) => s === "no_drift")).toBe(true);
  });

  it.each([400, 200])("on 48 undrifted windows of %i training rows, no false flag in any window", (rows) => {
    const replay = replayWindows(training, trainingReplayWindows(training, { windows: 48, rowsPerHour: rows, seed: 15 }));
    expect(falseFlagRate(replay.after, new Set()).featureWindows).toBe(48 * FEATURES.length);
    expect(falseFlagRate(replay.after, new Set()).flags).toBe(0);
  });

  it("raises the Jensen–Shannon floor of the 26-category airports above the configured 0.1 at 400 rows", () => {
    const origin = FEATURES.indexOf("origin");
    const weekday = FEATURES.indexOf("weekday");
    expect(demo.thresholds[0][origin]).toBeGreaterThan(0.15);
    expect(demo.thresholds[0][weekday]).toBeGreaterThan(0.1);
    expect(demo.thresholds[0][DISTANCE]).toBe(0.1);
  });
});
