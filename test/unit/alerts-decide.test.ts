import { describe, expect, it } from "vitest";
import { decideAlert, type DecideAlertInput } from "@/lib/alerts/lifecycle/decide-alert";
import type { Observation } from "@/lib/alerts/observations/observation";

// The alert state machine, case by case. Windows are hours after T0; "B" breaches, "h" is healthy.
const T0 = Date.UTC(2026, 10, 1);
const HOUR = 3_600_000;
const at = (h: number) => new Date(T0 + h * HOUR);

function windows(pattern: string, from = 0): Observation[] {
  return [...pattern].map((c, i) => ({
    windowStart: at(from + i),
    windowEnd: at(from + i + 1),
    breaching: c === "B",
    evidence: {
      summary: `w${from + i}`,
      window: { start: at(from + i).toISOString(), end: at(from + i + 1).toISOString() },
      link: "/",
    },
  }));
}

const base = (over: Partial<DecideAlertInput>): DecideAlertInput => ({
  observations: [],
  fireAfter: 2,
  resolveAfter: 2,
  active: null,
  floor: null,
  now: at(100),
  ...over,
});

describe("decideAlert without an active alert", () => {
  it.each([
    ["no windows", "", 2, "none"],
    ["one breach of two needed", "hB", 2, "none"],
    ["two breaches in a row", "hBB", 2, "open"],
    ["breaches not in a row", "BhB", 2, "none"],
    ["the newest window healthy", "BBh", 2, "none"],
    ["one breach when one is enough", "hhB", 1, "open"],
    ["a long run", "BBBBB", 3, "open"],
  ])("%s → %s", (_what, pattern, fireAfter, action) => {
    expect(decideAlert(base({ observations: windows(pattern), fireAfter })).action).toBe(action);
  });

  it("opens with the whole trailing run and the newest window as evidence", () => {
    const decision = decideAlert(base({ observations: windows("hBBB") }));
    expect(decision).toMatchObject({ action: "open", evaluatedThrough: at(4) });
    if (decision.action !== "open") throw new Error("expected open");
    expect(decision.breaches.map((b) => b.evidence.summary)).toEqual(["w1", "w2", "w3"]);
    expect(decision.latest.evidence.summary).toBe("w3");
  });

  it("after an alert on the subject was resolved, counts only windows it did not cover", () => {
    const observations = windows("BBBB");
    expect(decideAlert(base({ observations, floor: at(3) })).action).toBe("none");
    expect(decideAlert(base({ observations, floor: at(2) })).action).toBe("open");
  });

  it("sorts its input by window end", () => {
    expect(decideAlert(base({ observations: windows("BBh").reverse() })).action).toBe("none");
  });
});

describe("decideAlert with an active alert", () => {
  const active = (through: number, snoozedUntil: Date | null = null) => ({ evaluatedThrough: at(through), snoozedUntil });

  it("does nothing when no window is new", () => {
    expect(decideAlert(base({ observations: windows("BB"), active: active(2) }))).toEqual({ action: "none" });
  });

  it("counts new breaching windows as re-occurrences", () => {
    const decision = decideAlert(base({ observations: windows("BBBhB"), active: active(2) }));
    expect(decision).toMatchObject({
      action: "update",
      newBreaches: 2,
      evaluatedThrough: at(5),
      snoozeEnded: false,
      stillFiring: false,
    });
    if (decision.action === "update") expect(decision.latest?.evidence.summary).toBe("w4");
  });

  it("records a healthy window without resolving before enough of them", () => {
    expect(decideAlert(base({ observations: windows("BBh"), active: active(2) }))).toMatchObject({
      action: "update",
      newBreaches: 0,
      latest: null,
      evaluatedThrough: at(3),
    });
  });

  it.each([
    ["two healthy windows", "BBhh", 2, "resolve"],
    ["healthy, breach, healthy", "BBhBh", 2, "update"],
    ["one healthy window when one is enough", "BBh", 1, "resolve"],
  ])("%s → %s", (_what, pattern, resolveAfter, action) => {
    expect(decideAlert(base({ observations: windows(pattern), resolveAfter, active: active(2) })).action).toBe(action);
  });

  it("keeps a snooze that has not ended", () => {
    expect(decideAlert(base({ observations: windows("BBB"), active: active(2, at(200)) }))).toMatchObject({
      action: "update",
      snoozeEnded: false,
      stillFiring: false,
    });
  });

  it("ends a snooze that has run out, and says it still fires only if the newest window breaches", () => {
    expect(decideAlert(base({ observations: windows("BB"), active: active(2, at(50)) }))).toMatchObject({
      action: "update",
      newBreaches: 0,
      snoozeEnded: true,
      stillFiring: true,
    });
    expect(decideAlert(base({ observations: windows("BBh"), active: active(2, at(50)) }))).toMatchObject({
      action: "update",
      snoozeEnded: true,
      stillFiring: false,
    });
  });
});
