import { describe, expect, it } from "vitest";
import { calibrationOnGrid } from "@/lib/dashboard/calibration-grid";

describe("the calibration chart's numeric x axis", () => {
  it("puts each bin at its mean prediction on a uniform grid, with the diagonal straight", () => {
    const rows = calibrationOnGrid([
      { meanPredicted: 0.031, fractionPositive: 0.02, count: 400 },
      { meanPredicted: 0.12, fractionPositive: 0.1, count: 100 },
      { meanPredicted: 0.549, fractionPositive: 0.6, count: 50 },
    ]);
    expect(rows).toHaveLength(101);
    expect(rows.map((r) => r.x).slice(0, 3)).toEqual(["0.00", "0.01", "0.02"]);
    // Evenly spaced x, and the perfect line equal to x at every point: the diagonal cannot bend.
    expect(rows.every((r, i) => r.perfect === i / 100 && Number(r.x) === Number((i / 100).toFixed(2)))).toBe(true);
    const filled = rows.filter((r) => r["fraction positive"] !== null).map((r) => [r.x, r["fraction positive"]]);
    expect(filled).toEqual([
      ["0.03", 0.02],
      ["0.12", 0.1],
      ["0.55", 0.6],
    ]);
  });

  it("merges bins that meet at one grid point, weighted by their counts, and keeps the ends inside 0–1", () => {
    const rows = calibrationOnGrid([
      { meanPredicted: 0.501, fractionPositive: 0.4, count: 30 },
      { meanPredicted: 0.504, fractionPositive: 0.8, count: 10 },
      { meanPredicted: 1, fractionPositive: 1, count: 5 },
      { meanPredicted: 0, fractionPositive: 0, count: 5 },
    ]);
    expect(rows[50]["fraction positive"]).toBeCloseTo((0.4 * 30 + 0.8 * 10) / 40, 12);
    expect(rows[100]["fraction positive"]).toBe(1);
    expect(rows[0]["fraction positive"]).toBe(0);
  });
});
