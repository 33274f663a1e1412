// Reliability table and expected calibration error (no oracle values exist; all hand-computed).

import { describe, expect, it } from "vitest";
import { expectedCalibrationError, reliabilityTable } from "@/lib/metrics";

describe("reliability table", () => {
  it("bins by hand into 10 equal-width bins and lists empty bins as null", () => {
    const table = reliabilityTable([0, 1, 0, 1], [0.05, 0.15, 0.15, 0.95]);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, fractionPositive: 0 });
    expect(table[1]).toEqual({ lower: 0.1, upper: 0.2, count: 2, meanPredicted: 0.15, fractionPositive: 0.5 });
    expect(table[9]).toEqual({ lower: 0.9, upper: 1, count: 1, meanPredicted: 0.95, fractionPositive: 1 });
    for (const k of [2, 3, 4, 5, 6, 7, 8]) {
      expect(table[k]).toMatchObject({ count: 0, meanPredicted: null, fractionPositive: null });
    }
  });

  it("uses right-closed bins: an edge value belongs to the bin below it; 0 and 1 to the end bins", () => {
    const p = [0, 0.1, 0.3, 0.5, 0.7, 1];
    const counts = reliabilityTable([0, 0, 0, 0, 0, 0], p).map((b) => b.count);
    // 0 → bin 0, 0.1 → bin 0, 0.3 → bin 2, 0.5 → bin 4, 0.7 → bin 6, 1 → bin 9.
    expect(counts).toEqual([2, 0, 1, 0, 1, 0, 1, 0, 0, 1]);
  });

  it("bins against the exact edges k / bins even where p × bins rounds across an edge", () => {
    // One ulp above 3/7, yet (3/7 + ulp) × 7 rounds to exactly 3: it must still go to bin 3, not 2.
    const justAbove = 0.4285714285714286;
    expect(justAbove).toBeGreaterThan(3 / 7);
    expect(justAbove * 7).toBe(3);
    const counts = reliabilityTable([0, 0], [3 / 7, justAbove], { bins: 7 }).map((b) => b.count);
    expect(counts).toEqual([0, 0, 1, 1, 0, 0, 0]);
  });

  it("honours a custom bin count", () => {
    const table = reliabilityTable([1, 0], [0.3, 0.6], { bins: 2 });
    expect(table.map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0, 0.5, 1],
      [0.5, 1, 1],
    ]);
  });
});

describe("expected calibration error", () => {
  it("is the count-weighted mean gap between confidence and observed frequency", () => {
    // Gaps: 0.05 (1 row), |0.15 − 0.5| = 0.35 (2 rows), 0.05 (1 row) → (0.05 + 0.7 + 0.05) / 4.
    expect(expectedCalibrationError([0, 1, 0, 1], [0.05, 0.15, 0.15, 0.95])).toBeCloseTo(0.2, 15);
  });

  it("is 0 for perfectly calibrated bins", () => {
    expect(expectedCalibrationError([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0);
    expect(expectedCalibrationError([0, 0, 0, 1, 1, 1], [0, 0, 0, 1, 1, 1])).toBe(0);
  });

  it("is 1 for certain and always wrong predictions", () => {
    expect(expectedCalibrationError([1, 0], [0, 1])).toBe(1);
  });

  it("rejects a bin count that is not a positive integer", () => {
    expect(() => expectedCalibrationError([0, 1], [0.2, 0.8], { bins: 0 })).toThrow(/bins must be an integer >= 1/);
    expect(() => expectedCalibrationError([0, 1], [0.2, 0.8], { bins: 2.5 })).toThrow(RangeError);
  });
});
