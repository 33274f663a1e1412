// Hand-computed binary cases: ties, constant scores, zero division, threshold selection and cost.

import { describe, expect, it } from "vitest";
import {
  averagePrecision,
  binaryConfusion,
  binaryLogLoss,
  brierScore,
  evaluate,
  expectedCost,
  f1OptimalThreshold,
  precisionRecallCurve,
  rocAuc,
  rocCurve,
  thresholdMetrics,
} from "@/lib/metrics";
import { mulberry32 } from "../helpers/seeded-random";

/** Deterministic PRNG so failures reproduce. */
/**
 * Mann–Whitney AUC computed independently of the library: P(score_pos > score_neg) + ½·P(tie),
 * by counting, for each positive, the negatives below and equal to it in a sorted negative list.
 */
function mannWhitneyAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < scores.length; i++) (yTrue[i] === 1 ? pos : neg).push(scores[i]);
  const sortedNeg = Float64Array.from(neg).sort();
  const firstIndexAtLeast = (x: number, strict: boolean): number => {
    let lo = 0;
    let hi = sortedNeg.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (strict ? sortedNeg[mid] <= x : sortedNeg[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let wins = 0;
  for (const s of pos) {
    const below = firstIndexAtLeast(s, false);
    const belowOrEqual = firstIndexAtLeast(s, true);
    wins += below + (belowOrEqual - below) / 2;
  }
  return wins / (pos.length * neg.length);
}

describe("ROC AUC", () => {
  it("is 1 for perfect separation and 0 for perfectly inverted scores", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
  });

  it("is 0.5 when every score is the same", () => {
    expect(rocAuc([0, 1, 0, 1, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it("counts a tied positive/negative pair as half a win", () => {
    // Pairs (pos, neg): (0.5, 0.5) tie = ½, (0.5, 0.2) = 1, (0.8, 0.5) = 1, (0.8, 0.2) = 1 → 3.5 / 4.
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.8])).toBe(0.875);
  });

  it("matches scikit-learn's documented example", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it("agrees with an independent Mann–Whitney count on heavily tied random data", () => {
    const rand = mulberry32(7);
    const n = 20_000;
    const y = new Uint8Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = rand() < 0.3 ? 1 : 0;
      // Scores on a 0.01 grid, shifted up for positives: many ties, AUC well above 0.5.
      s[i] = Math.round((rand() + 0.3 * y[i]) * 100) / 100;
    }
    const expected = mannWhitneyAuc(y, s);
    expect(expected).toBeGreaterThan(0.6);
    expect(Math.abs(rocAuc(y, s) - expected)).toBeLessThan(1e-12);
  });

  it("depends only on the order of the scores", () => {
    const y = [0, 1, 1, 0, 1, 0, 0, 1];
    const p = [0.1, 0.7, 0.4, 0.4, 0.9, 0.2, 0.6, 0.6];
    const logits = p.map((v) => Math.log(v / (1 - v)));
    expect(rocAuc(y, logits)).toBe(rocAuc(y, p));
    // Scores need not be probabilities.
    expect(
      rocAuc(
        y,
        p.map((v) => v * 100 - 40),
      ),
    ).toBe(rocAuc(y, p));
  });

  it("throws a RangeError naming yTrue when only one class is present", () => {
    expect(() => rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toThrow(RangeError);
    expect(() => rocAuc([0, 0], [0.2, 0.5])).toThrow(/yTrue contains only class 0/);
  });
});

describe("ROC curve", () => {
  it("matches scikit-learn 1.2's documented example, including the max + 1 first threshold", () => {
    const curve = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(curve.fpr).toEqual([0, 0, 0.5, 0.5, 1]);
    expect(curve.tpr).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(curve.thresholds).toEqual([1.8, 0.8, 0.4, 0.35, 0.1]);
  });

  it("has just the two corners when every score is the same", () => {
    expect(rocCurve([0, 1, 1], [0.4, 0.4, 0.4])).toEqual({ fpr: [0, 1], tpr: [0, 1], thresholds: [1.4, 0.4] });
  });

  it("drops collinear points unless asked not to", () => {
    // Descending: 0.9(+) 0.8(+) 0.7(+) 0.2(−): the middle two points lie on the segment fpr = 0.
    const y = [1, 1, 1, 0];
    const s = [0.9, 0.8, 0.7, 0.2];
    expect(rocCurve(y, s).thresholds).toEqual([1.9, 0.9, 0.7, 0.2]);
    expect(rocCurve(y, s, { dropIntermediate: false }).thresholds).toEqual([1.9, 0.9, 0.8, 0.7, 0.2]);
  });
});

describe("precision-recall curve and average precision", () => {
  it("match scikit-learn's documented example", () => {
    const y = [0, 0, 1, 1];
    const s = [0.1, 0.4, 0.35, 0.8];
    const curve = precisionRecallCurve(y, s);
    expect(curve.precision).toEqual([0.5, 2 / 3, 0.5, 1, 1]);
    expect(curve.recall).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(curve.thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
    // Step-wise: 0.5 × 1 (at 0.8) + 0 × 0.5 (at 0.4) + 0.5 × 2/3 (at 0.35) + 0 × 0.5 (at 0.1).
    expect(averagePrecision(y, s)).toBeCloseTo(5 / 6, 15);
  });

  it("average precision is the step sum, not the trapezoid under the PR points", () => {
    const y = [0, 0, 1, 1];
    const s = [0.1, 0.4, 0.35, 0.8];
    const { precision, recall } = precisionRecallCurve(y, s);
    let trapezoid = 0;
    for (let i = 1; i < recall.length; i++) trapezoid += ((recall[i - 1] - recall[i]) * (precision[i - 1] + precision[i])) / 2;
    expect(Math.abs(trapezoid - averagePrecision(y, s))).toBeGreaterThan(0.01);
  });

  it("treats tied scores as one threshold", () => {
    expect(averagePrecision([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
    expect(precisionRecallCurve([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5])).toEqual({
      precision: [0.5, 1],
      recall: [1, 0],
      thresholds: [0.5],
    });
  });

  it("is 1 for perfect ranking", () => {
    expect(averagePrecision([0, 1, 0, 1], [0.1, 0.9, 0.2, 0.8])).toBe(1);
  });

  it("throws when there are no positives (recall undefined) but not when there are no negatives", () => {
    expect(() => averagePrecision([0, 0, 0], [0.1, 0.2, 0.3])).toThrow(/no positives/);
    expect(() => precisionRecallCurve([0, 0], [0.1, 0.2])).toThrow(RangeError);
    expect(averagePrecision([1, 1], [0.1, 0.2])).toBe(1);
  });
});

describe("metrics at a threshold", () => {
  const y = [1, 1, 0, 0, 1];
  const s = [0.9, 0.4, 0.6, 0.1, 0.5];

  it("computes precision, recall, F1 and accuracy by hand", () => {
    // Positive at >= 0.5: rows 0 (y=1), 2 (y=0), 4 (y=1) → tp 2, fp 1, fn 1, tn 1.
    const m = thresholdMetrics(y, s, { threshold: 0.5 });
    expect(m.confusion).toEqual({ tp: 2, fp: 1, tn: 1, fn: 1 });
    expect(m.precision).toBe(2 / 3);
    expect(m.recall).toBe(2 / 3);
    expect(m.f1).toBeCloseTo(2 / 3, 15);
    expect(m.accuracy).toBe(3 / 5);
  });

  it("counts a score equal to the threshold as positive", () => {
    expect(binaryConfusion([1, 0], [0.5, 0.5], { threshold: 0.5 })).toEqual({ tp: 1, fp: 1, tn: 0, fn: 0 });
    expect(binaryConfusion([1, 0], [0.5, 0.5], { threshold: 0.5000001 })).toEqual({ tp: 0, fp: 0, tn: 1, fn: 1 });
  });

  it("reports 0, not NaN, when nothing is predicted positive (zero_division = 0)", () => {
    const m = thresholdMetrics([1, 0, 1], [0.2, 0.1, 0.3], { threshold: 0.9 });
    expect(m.confusion).toEqual({ tp: 0, fp: 0, tn: 1, fn: 2 });
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
    expect(m.accuracy).toBe(1 / 3);
  });

  it("reports 0 recall when there are no positives at all", () => {
    const m = thresholdMetrics([0, 0, 0], [0.2, 0.7, 0.9], { threshold: 0.5 });
    expect(m.precision).toBe(0);
    expect(m.recall).toBe(0);
    expect(m.f1).toBe(0);
    expect(m.accuracy).toBe(1 / 3);
  });

  it("uses 0.5 when no threshold is given", () => {
    expect(thresholdMetrics(y, s)).toEqual(thresholdMetrics(y, s, { threshold: 0.5 }));
    expect(thresholdMetrics(y, s).threshold).toBe(0.5);
  });
});

describe("log loss and Brier score", () => {
  it("compute the hand formulas", () => {
    expect(binaryLogLoss([1, 0], [0.8, 0.3])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 15);
    expect(brierScore([1, 0], [0.8, 0.3])).toBeCloseTo((0.04 + 0.09) / 2, 15);
  });

  it("match scikit-learn's documented log_loss example (0.21616…)", () => {
    expect(binaryLogLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 14);
  });

  it("clip a confident mistake to a finite loss at eps (machine epsilon by default)", () => {
    expect(binaryLogLoss([1], [0])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    expect(binaryLogLoss([0], [1])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    expect(binaryLogLoss([1], [0], { eps: 1e-15 })).toBeCloseTo(-Math.log(1e-15), 12);
    expect(binaryLogLoss([1, 0], [1, 0])).toBeLessThan(1e-15);
  });

  it("Brier is 0 for perfect and 1 for perfectly wrong certain predictions", () => {
    expect(brierScore([1, 0], [1, 0])).toBe(0);
    expect(brierScore([1, 0], [0, 1])).toBe(1);
  });
});

describe("F1-optimal threshold", () => {
  it("finds the best distinct score by hand", () => {
    // F1 at each threshold: 0.9 → 0.5, 0.8 → 0.8, 0.7 → 2/3, 0.6 → 6/7, 0.2 → 0.75.
    const best = f1OptimalThreshold([1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.2]);
    expect(best.threshold).toBe(0.6);
    expect(best.f1).toBeCloseTo(6 / 7, 15);
    expect(best.confusion).toEqual({ tp: 3, fp: 1, tn: 1, fn: 0 });
    expect(best).toEqual(thresholdMetrics([1, 1, 0, 1, 0], [0.9, 0.8, 0.7, 0.6, 0.2], { threshold: 0.6 }));
  });

  it("prefers the highest threshold when F1 ties", () => {
    // 0.9 → P 1, R ½, F1 ⅔; 0.6 → P ½, R 1, F1 ⅔.
    expect(f1OptimalThreshold([1, 0, 0, 1], [0.9, 0.8, 0.7, 0.6]).threshold).toBe(0.9);
  });

  it("throws when there are no positives", () => {
    expect(() => f1OptimalThreshold([0, 0], [0.1, 0.9])).toThrow(RangeError);
  });
});

describe("expected cost", () => {
  const y = [1, 1, 0, 0, 1];
  const s = [0.9, 0.4, 0.6, 0.1, 0.5];

  it("is (cFP·FP + cFN·FN) / n", () => {
    // At 0.5: FP = 1 (row 2), FN = 1 (row 1).
    expect(expectedCost(y, s, { threshold: 0.5, costFalsePositive: 1, costFalseNegative: 10 })).toBe(11 / 5);
    // At 0.05 everything is flagged: FP = 2, FN = 0.
    expect(expectedCost(y, s, { threshold: 0.05, costFalsePositive: 1, costFalseNegative: 10 })).toBe(2 / 5);
  });

  it("rejects negative or missing costs", () => {
    expect(() => expectedCost(y, s, { costFalsePositive: -1, costFalseNegative: 1 })).toThrow(/costFalsePositive/);
    expect(() =>
      expectedCost(y, s, { costFalsePositive: 1 } as unknown as { costFalsePositive: number; costFalseNegative: number }),
    ).toThrow(/costFalseNegative/);
  });
});

describe("evaluate (binary)", () => {
  it("returns the documented shape", () => {
    const r = evaluate({ task: "binary", yTrue: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8], threshold: 0.4 });
    expect(r).toEqual({
      kind: "binary",
      n: 4,
      positives: 2,
      auc: 0.75,
      averagePrecision: expect.closeTo(5 / 6, 15),
      logLoss: expect.closeTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, 15),
      brier: expect.closeTo((0.01 + 0.16 + 0.4225 + 0.04) / 4, 15),
      // Bins [0, 0.1], (0.3, 0.4] and (0.7, 0.8] weighted by count: 0.1 + 2 × |0.375 − 0.5| + 0.2 = 0.55, / 4.
      expectedCalibrationError: expect.closeTo(0.1375, 15),
      atThreshold: {
        threshold: 0.4,
        precision: 0.5,
        recall: 0.5,
        f1: 0.5,
        accuracy: 0.5,
        confusion: { tp: 1, fp: 1, tn: 1, fn: 1 },
      },
    });
  });

  it("requires probabilities, since log loss and Brier are computed", () => {
    expect(() => evaluate({ task: "binary", yTrue: [0, 1], scores: [-2, 3] })).toThrow(
      /scores\[0\] must be a probability in \[0, 1\]/,
    );
  });
});
