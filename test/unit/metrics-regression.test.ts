// Hand-computed regression cases, including scikit-learn's documented examples and edge rules.

import { describe, expect, it } from "vitest";
import {
  evaluate,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from "@/lib/metrics";

describe("regression metrics", () => {
  // scikit-learn's documentation example.
  const y = [3, -0.5, 2, 7];
  const p = [2.5, 0, 2, 8];

  it("match scikit-learn's documented values", () => {
    expect(meanAbsoluteError(y, p)).toBe(0.5);
    expect(rootMeanSquaredError(y, p)).toBeCloseTo(Math.sqrt(0.375), 15);
    expect(r2Score(y, p)).toBeCloseTo(0.9486081370449679, 14);
    expect(medianAbsoluteError(y, p)).toBe(0.5);
    expect(meanAbsolutePercentageError(y, p)).toBeCloseTo(0.3273809523809524, 14);
  });

  it("MAPE is a fraction and divides a zero target by machine epsilon instead of 0", () => {
    expect(meanAbsolutePercentageError([100, 200], [110, 180])).toBeCloseTo(0.1, 15);
    expect(meanAbsolutePercentageError([0], [1])).toBe(1 / Number.EPSILON);
  });

  it("median absolute error takes the middle value, or the mean of the two middle values", () => {
    expect(medianAbsoluteError([0, 0, 0], [1, -5, 2])).toBe(2);
    expect(medianAbsoluteError([0, 0, 0, 0], [1, -5, 2, 0])).toBe(1.5);
  });

  it("R² is 1 for a perfect fit, 0 for predicting the mean, negative when worse", () => {
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(r2Score([1, 2, 3], [3, 2, 1])).toBe(-3);
  });

  it("R² on a constant target is 1 if predicted exactly and 0 otherwise (force_finite)", () => {
    expect(r2Score([0.1, 0.1, 0.1], [0.1, 0.1, 0.1])).toBe(1);
    // Three 0.1s have a floating-point mean that is not exactly 0.1; the result must still be 0.
    expect(r2Score([0.1, 0.1, 0.1], [0.2, 0.1, 0.1])).toBe(0);
  });

  it("evaluate returns the documented shape", () => {
    expect(evaluate({ task: "regression", yTrue: y, predictions: p })).toEqual({
      kind: "regression",
      n: 4,
      mae: 0.5,
      rmse: expect.closeTo(Math.sqrt(0.375), 15),
      r2: expect.closeTo(0.9486081370449679, 14),
      mape: expect.closeTo(0.3273809523809524, 14),
      medianAbsoluteError: 0.5,
    });
  });

  it("keeps precision on long inputs (compensated summation)", () => {
    // 10^6 errors of 0.1 plus one of 10^6: naive left-to-right summation drifts in the 10th digit.
    const n = 1_000_001;
    const yTrue = new Float64Array(n);
    const pred = new Float64Array(n).fill(0.1);
    pred[0] = 1e6;
    const exact = (1e6 + (n - 1) * 0.1) / n;
    expect(Math.abs(meanAbsoluteError(yTrue, pred) - exact) / exact).toBeLessThan(1e-14);
  });
});
