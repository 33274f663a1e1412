import { describe, expect, it } from "vitest";
import { estimateBinaryPerformance, estimateMulticlassPerformance } from "@/lib/monitors/performance/estimate-performance";
import { calibrateScore, fitHistogramCalibration } from "@/lib/monitors/performance/score-calibration";
import { evaluate } from "@/lib/metrics";
import { mulberry32 } from "../helpers/seeded-random";

describe("confidence-based performance estimation", () => {
  it("hand-computed expected confusion, metrics and cost", () => {
    const est = estimateBinaryPerformance({
      probabilities: [0.9, 0.6, 0.4, 0.1],
      threshold: 0.5,
      costFalsePositive: 1,
      costFalseNegative: 10,
    });
    expect(est.confusion.tp).toBeCloseTo(1.5, 12);
    expect(est.confusion.fp).toBeCloseTo(0.5, 12);
    expect(est.confusion.fn).toBeCloseTo(0.5, 12);
    expect(est.confusion.tn).toBeCloseTo(1.5, 12);
    expect(est.precision).toBeCloseTo(0.75, 12);
    expect(est.recall).toBeCloseTo(0.75, 12);
    expect(est.accuracy).toBeCloseTo(0.75, 12);
    expect(est.expectedCost).toBeCloseTo((0.5 * 1 + 0.5 * 10) / 4, 12);
  });

  it("agrees with realized metrics when labels are drawn from calibrated probabilities", () => {
    const rand = mulberry32(7);
    const n = 50_000;
    const p = new Float64Array(n);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = Math.min(0.999, Math.max(0.001, rand() ** 1.7));
      y[i] = rand() < p[i] ? 1 : 0;
    }
    const est = estimateBinaryPerformance({ probabilities: p, threshold: 0.5 });
    const real = evaluate({ task: "binary", yTrue: y, scores: p, threshold: 0.5 });
    // Sampling error at n = 50k is well under 0.01 for these rates.
    expect(Math.abs(est.auc! - real.auc)).toBeLessThan(0.01);
    expect(Math.abs(est.f1 - real.atThreshold.f1)).toBeLessThan(0.01);
    expect(Math.abs(est.accuracy - real.atThreshold.accuracy)).toBeLessThan(0.01);
  });

  it("misestimates an uncalibrated model until its scores are calibrated on reference data", () => {
    const rand = mulberry32(11);
    const draw = (n: number) => {
      const trueP = new Float64Array(n);
      const score = new Float64Array(n);
      const y = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        trueP[i] = rand();
        // An overconfident model: pushes probabilities towards 0 and 1.
        score[i] = 1 / (1 + Math.exp(-4 * (trueP[i] - 0.5) * 3));
        y[i] = rand() < trueP[i] ? 1 : 0;
      }
      return { score, y };
    };
    const reference = draw(40_000);
    const current = draw(40_000);
    const real = evaluate({ task: "binary", yTrue: current.y, scores: current.score, threshold: 0.5 });
    const raw = estimateBinaryPerformance({ probabilities: current.score, threshold: 0.5 });
    const calibration = fitHistogramCalibration(reference.y, reference.score, 20);
    const calibrated = estimateBinaryPerformance({
      probabilities: Array.from(current.score, (s) => calibrateScore(s, calibration)),
      threshold: 0.5,
    });
    expect(Math.abs(raw.accuracy - real.atThreshold.accuracy)).toBeGreaterThan(0.05);
    expect(Math.abs(calibrated.accuracy - real.atThreshold.accuracy)).toBeLessThan(0.01);
  });

  it("multiclass: expected confusion spreads each row over the true classes", () => {
    const est = estimateMulticlassPerformance([
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
    ]);
    expect(est.confusion).toEqual([
      [0.7, 0.1, 0],
      [0.2, 0.8, 0],
      [0.1, 0.1, 0],
    ]);
    expect(est.accuracy).toBeCloseTo(0.75, 12);
    expect(est.perClassRecall[0]).toBeCloseTo(0.7 / 0.8, 12);
  });
});

describe("business metric by score decile", () => {
  it("splits into deciles and sums the metric in each", async () => {
    const { businessByDecile } = await import("@/lib/monitors/business/business-by-decile");
    const { pearsonCorrelation } = await import("@/lib/metrics/pearson-correlation");
    const scores = Array.from({ length: 100 }, (_, i) => i / 100);
    const converted = scores.map((s) => (s >= 0.8 ? 1 : 0));
    const rows = businessByDecile(scores, converted);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.count)).toEqual(new Array(10).fill(10));
    expect(rows.map((r) => r.rate)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect(rows[9]).toMatchObject({ decile: 10, minScore: 0.9, maxScore: 0.99 });
    expect(pearsonCorrelation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(pearsonCorrelation([1, 2, 3], [5, 5, 5])).toBeNull();
  });
});
