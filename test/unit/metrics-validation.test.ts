// Bad input must fail loudly, naming the argument: monitoring data comes from outside the process.

import { describe, expect, it } from "vitest";
import {
  averagePrecision,
  binaryLogLoss,
  brierScore,
  confusionMatrix,
  evaluate,
  meanAbsoluteError,
  multiclassAccuracy,
  perClassMetrics,
  probabilityMatrixFromRows,
  rocAuc,
  rocCurve,
  thresholdMetrics,
  type EvaluationInput,
} from "@/lib/metrics";

describe("input validation", () => {
  it("rejects length mismatches with a RangeError naming both arguments", () => {
    expect(() => rocAuc([0, 1, 1], [0.1, 0.2])).toThrow(RangeError);
    expect(() => rocAuc([0, 1, 1], [0.1, 0.2])).toThrow("yTrue and scores must have the same length (got 3 and 2)");
    expect(() => meanAbsoluteError([1, 2], [1])).toThrow(/yTrue and predictions must have the same length/);
    expect(() => confusionMatrix([0, 1], [0], { numClasses: 2 })).toThrow(/yTrue and predictions/);
    expect(() =>
      evaluate({
        task: "multiclass",
        yTrue: [0],
        probabilities: probabilityMatrixFromRows([
          [0.5, 0.5],
          [0.2, 0.8],
        ]),
      }),
    ).toThrow(/same number of rows/);
  });

  it("rejects empty input", () => {
    expect(() => rocAuc([], [])).toThrow(new RangeError("yTrue must not be empty"));
    expect(() => meanAbsoluteError([], [])).toThrow(RangeError);
    expect(() => probabilityMatrixFromRows([])).toThrow(/rows must not be empty/);
  });

  it("rejects non-finite values, naming the argument and index", () => {
    expect(() => rocAuc([0, 1], [0.1, NaN])).toThrow(new RangeError("scores[1] must be finite, got NaN"));
    expect(() => averagePrecision([0, 1], [Infinity, 0.2])).toThrow(/scores\[0\] must be finite/);
    expect(() => meanAbsoluteError([1, -Infinity], [1, 2])).toThrow(/yTrue\[1\] must be finite/);
    expect(() => meanAbsoluteError([1, 2], [1, NaN])).toThrow(/predictions\[1\] must be finite/);
  });

  it("rejects binary labels other than 0 and 1", () => {
    expect(() => rocAuc([0, 2], [0.1, 0.2])).toThrow(new RangeError("yTrue[1] must be 0 or 1, got 2"));
    expect(() => brierScore([-1, 1], [0.1, 0.2])).toThrow(/yTrue\[0\] must be 0 or 1/);
  });

  it("rejects probabilities outside [0, 1] where a probability is required", () => {
    expect(() => binaryLogLoss([0, 1], [0.1, 1.2])).toThrow(/probabilities\[1\] must be a probability in \[0, 1\]/);
    expect(() => brierScore([0, 1], [-0.1, 0.2])).toThrow(RangeError);
    // …but AUC and curves accept any real-valued score.
    expect(() => rocCurve([0, 1], [-3, 7])).not.toThrow();
  });

  it("rejects class labels that are not integer indices below numClasses", () => {
    expect(() => confusionMatrix([0, 3], [0, 1], { numClasses: 3 })).toThrow(
      new RangeError("yTrue[1] must be an integer class index in [0, 2], got 3"),
    );
    expect(() => perClassMetrics([0, 1.5], [0, 1], { numClasses: 3 })).toThrow(/yTrue\[1\]/);
    expect(() => multiclassAccuracy([0, -1], [0, 1])).toThrow(/yTrue\[1\] must be a non-negative integer class index/);
    expect(() => confusionMatrix([0, 1], [0, 1], { numClasses: 1 })).toThrow(/numClasses must be an integer >= 2/);
  });

  it("rejects non-arrays and non-numbers with a TypeError", () => {
    expect(() => rocAuc(null as unknown as number[], [0.1])).toThrow(
      new TypeError("yTrue must be an array or typed array of numbers"),
    );
    expect(() => meanAbsoluteError([1, 2], ["1", 2] as unknown as number[])).toThrow(
      new TypeError("predictions[0] must be a number, got string"),
    );
    expect(() => thresholdMetrics([0, 1], [0.1, 0.9], { threshold: "0.5" as unknown as number })).toThrow(TypeError);
    expect(() => probabilityMatrixFromRows([[0.5, "0.5" as unknown as number]])).toThrow(TypeError);
  });

  it("rejects a non-finite threshold and an out-of-range eps", () => {
    expect(() => thresholdMetrics([0, 1], [0.1, 0.9], { threshold: NaN })).toThrow(
      new RangeError("threshold must be finite, got NaN"),
    );
    expect(() => binaryLogLoss([0, 1], [0.1, 0.9], { eps: 0.5 })).toThrow(/eps must be in \[0, 0\.5\)/);
  });

  it("rejects an unknown task", () => {
    expect(() => evaluate({ task: "ranking", yTrue: [1], predictions: [1] } as unknown as EvaluationInput)).toThrow(
      /task must be "binary", "multiclass" or "regression", got "ranking"/,
    );
  });

  it("evaluate() on single-class binary labels fails on AUC rather than returning a partial result", () => {
    expect(() => evaluate({ task: "binary", yTrue: [1, 1], scores: [0.2, 0.9] })).toThrow(/only class 1/);
  });
});
