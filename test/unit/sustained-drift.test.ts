import { describe, expect, it } from "vitest";
import { currentSustainedState, sustainedStates } from "@/lib/monitors/drift/sustained-drift";

const points = (marks: string) =>
  [...marks].map((m) => ({
    decision: m === "X" || m === "P" ? "drift" : m === "?" ? "insufficient_data" : "no_drift",
    provisional: m === "P" || m === "p",
  }));
const code = (states: string[]) =>
  states.map((s) => ({ drift: "X", watch: "w", no_drift: ".", insufficient_data: "?" })[s]).join("");

describe("sustainedStates (the alerts' consecutive-window rule, per window)", () => {
  it.each([
    ["..X..", 2, "..w.."],
    ["..XX.", 2, "..XX."],
    ["X.XXX", 2, "w.XXX"],
    ["XX?XX", 3, "ww?ww"],
    ["XXX", 3, "XXX"],
    ["..X", 1, "..X"],
    // The open hour never extends a run, however it looks so far.
    [".XP", 2, ".ww"],
    [".Xp", 2, ".w."],
  ])("%s with fireAfter %i → %s", (marks, fireAfter, expected) => {
    expect(code(sustainedStates(points(marks), fireAfter))).toBe(expected);
  });
});

describe("currentSustainedState (the condition that opens an alert)", () => {
  it.each([
    ["....X", 2, "watch"],
    ["...XX", 2, "drift"],
    ["..XX.", 2, "no_drift"],
    ["...XP", 2, "watch"],
    ["...X?", 2, "insufficient_data"],
    ["", 2, "insufficient_data"],
    ["P", 1, "insufficient_data"],
  ])("%s with fireAfter %i → %s", (marks, fireAfter, expected) => {
    expect(currentSustainedState(points(marks), fireAfter)).toBe(expected);
  });
});
