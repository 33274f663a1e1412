import { describe, expect, it } from "vitest";
import { OTHER_CATEGORY, profileCategorical, profileNumeric } from "@/lib/profiles/column-profile";

describe("column profiles", () => {
  it("numeric: percentile edges, counts per bin, missing, and population moments", () => {
    const values = [...Array.from({ length: 1000 }, (_, i) => i), NaN, NaN];
    const p = profileNumeric(values, 10);
    expect(p).toMatchObject({ count: 1000, missing: 2, min: 0, max: 999, mean: 499.5 });
    expect(p.std).toBeCloseTo(Math.sqrt((1000 * 1000 - 1) / 12), 9);
    expect(p.binEdges).toEqual([0, 99.9, 199.8, 299.7, 399.6, 499.5, 599.4, 699.3, 799.2, 899.1, 999]);
    expect(p.binCounts).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    expect(p.binCounts.reduce((a, b) => a + b)).toBe(1000);
    expect(p.quantiles!["0.5"]).toBe(499.5);
  });

  it("numeric: ties collapse edges, a constant column keeps one bin", () => {
    const tied = profileNumeric([0, 0, 0, 0, 0, 0, 0, 0, 1, 2], 10);
    expect(tied.binEdges[0]).toBe(0);
    expect(new Set(tied.binEdges).size).toBe(tied.binEdges.length);
    expect(tied.binCounts.reduce((a, b) => a + b)).toBe(10);
    expect(profileNumeric([3, 3, 3])).toMatchObject({ binEdges: [3, 3], binCounts: [3], std: 0 });
  });

  it("categorical: frequencies with missing values and an other bucket past the cap", () => {
    const values = ["a", "a", "b", "c", "", null, "d", "d", "d"];
    const p = profileCategorical(values, 2);
    expect(p).toEqual({ kind: "categorical", count: 7, missing: 2, frequencies: { d: 3, a: 2, [OTHER_CATEGORY]: 2 } });
  });
});
