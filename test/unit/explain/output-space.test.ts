import { describe, expect, it } from "vitest";
import { resolveSpace, toSpace } from "@/lib/explain/output-space";

describe("the spaces attributions add up in", () => {
  it("binary: the positive class's probability, or its logit with probabilities clamped to [1e-7, 1 − 1e-7]", () => {
    const scores = Float64Array.from([0.8, 0.2, 0, 1]);
    expect(Array.from(toSpace(scores, 2, "binary", "probability"))).toEqual([0.2, 1]);
    const margin = toSpace(scores, 2, "binary", "margin");
    expect(margin[0]).toBeCloseTo(Math.log(0.2 / 0.8), 12);
    expect(margin[1]).toBeCloseTo(Math.log((1 - 1e-7) / 1e-7), 6);
  });

  it("multiclass margin: each class's log-probability minus their mean over the classes", () => {
    const margin = toSpace(Float64Array.from([0.5, 0.25, 0.25]), 1, "multiclass", "margin");
    const mean = (Math.log(0.5) + 2 * Math.log(0.25)) / 3;
    expect(Array.from(margin).map((v) => Number(v.toFixed(12)))).toEqual(
      [Math.log(0.5) - mean, Math.log(0.25) - mean, Math.log(0.25) - mean].map((v) => Number(v.toFixed(12))),
    );
  });

  it("regression always answers in its value; classifiers default to probability", () => {
    expect(resolveSpace("regression", "margin")).toBe("value");
    expect(resolveSpace("binary", undefined)).toBe("probability");
    expect(resolveSpace("multiclass", "margin")).toBe("margin");
  });
});
