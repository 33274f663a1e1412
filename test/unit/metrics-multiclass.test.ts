// Hand-computed multiclass cases: zero division, absent classes, argmax ties, the matrix format.

import { describe, expect, it } from "vitest";
import {
  argmaxPredictions,
  confusionMatrix,
  evaluate,
  macroF1,
  multiclassAccuracy,
  multiclassLogLoss,
  ovrMacroRocAuc,
  perClassMetrics,
  probabilityMatrixFromRows,
  rocAuc,
  weightedF1,
} from "@/lib/metrics";

describe("per-class metrics and averages", () => {
  it("compute precision, recall, F1 and support by hand", () => {
    // Class 0: tp 1, fp 0, fn 1 → P 1, R ½, F1 ⅔. Class 1: tp 2, fp 1, fn 0 → P ⅔, R 1, F1 0.8.
    const perClass = perClassMetrics([0, 0, 1, 1], [0, 1, 1, 1], { numClasses: 2 });
    expect(perClass).toEqual([
      { classIndex: 0, precision: 1, recall: 0.5, f1: expect.closeTo(2 / 3, 15), support: 2, predicted: 1 },
      { classIndex: 1, precision: 2 / 3, recall: 1, f1: expect.closeTo(0.8, 15), support: 2, predicted: 3 },
    ]);
  });

  it("leave a class absent from both yTrue and predictions out of the macro average", () => {
    const y = [0, 0, 1, 1];
    const p = [0, 1, 1, 1];
    // Class 2 never occurs: macro over classes 0 and 1 only, as scikit-learn without `labels`.
    expect(macroF1(y, p, { numClasses: 3 })).toBeCloseTo((2 / 3 + 0.8) / 2, 15);
    expect(macroF1(y, p, { numClasses: 3 })).toBe(macroF1(y, p, { numClasses: 2 }));
    expect(weightedF1(y, p, { numClasses: 3 })).toBeCloseTo((2 * (2 / 3) + 2 * 0.8) / 4, 15);
    const absent = perClassMetrics(y, p, { numClasses: 3 })[2];
    expect(absent).toEqual({ classIndex: 2, precision: 0, recall: 0, f1: 0, support: 0, predicted: 0 });
  });

  it("count a class that is only ever predicted as F1 0 in the macro average (zero_division = 0)", () => {
    // Class 0: P 1, R ½, F1 ⅔. Class 1: F1 1. Class 2: predicted once, never true → P 0, R 0/0 → 0, F1 0.
    const y = [0, 0, 1];
    const p = [2, 0, 1];
    expect(perClassMetrics(y, p, { numClasses: 3 })[2]).toEqual({
      classIndex: 2,
      precision: 0,
      recall: 0,
      f1: 0,
      support: 0,
      predicted: 1,
    });
    expect(macroF1(y, p, { numClasses: 3 })).toBeCloseTo(5 / 9, 15);
    // Weighted by support, the support-0 class carries no weight.
    expect(weightedF1(y, p, { numClasses: 3 })).toBeCloseTo((2 * (2 / 3) + 1) / 3, 15);
  });

  it("report precision 0 for a true class that is never predicted", () => {
    const perClass = perClassMetrics([0, 1, 1], [0, 0, 0], { numClasses: 2 });
    expect(perClass[1]).toEqual({ classIndex: 1, precision: 0, recall: 0, f1: 0, support: 2, predicted: 0 });
  });

  it("accuracy is the fraction of exact matches", () => {
    expect(multiclassAccuracy([0, 1, 2, 2], [0, 2, 2, 2])).toBe(0.75);
  });
});

describe("confusion matrix", () => {
  it("puts true classes on rows and predicted classes on columns", () => {
    expect(confusionMatrix([0, 0, 1, 2, 2], [1, 0, 1, 2, 0], { numClasses: 3 })).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 1],
    ]);
  });

  it("is K × K even when a class never occurs", () => {
    expect(confusionMatrix([0, 1], [0, 1], { numClasses: 4 })).toEqual([
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ]);
  });
});

describe("probability matrices", () => {
  it("argmax picks the lowest index on ties, like numpy", () => {
    const m = probabilityMatrixFromRows([
      [0.4, 0.4, 0.2],
      [0.2, 0.4, 0.4],
      [0.1, 0.2, 0.7],
    ]);
    expect(Array.from(argmaxPredictions(m))).toEqual([0, 1, 2]);
  });

  it("accepts a flat Float32Array straight from a model", () => {
    const rows = [
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.3, 0.3, 0.4],
      [0.5, 0.25, 0.25],
    ];
    const flat = { values: Float32Array.from(rows.flat()), numClasses: 3 };
    const y = [0, 1, 2, 1];
    const fromRows = evaluate({ task: "multiclass", yTrue: y, probabilities: probabilityMatrixFromRows(rows) });
    const fromFlat = evaluate({ task: "multiclass", yTrue: y, probabilities: flat });
    expect(fromFlat.accuracy).toBe(fromRows.accuracy);
    expect(fromFlat.confusion).toEqual(fromRows.confusion);
    // float32 rounding moves the loss only in the 8th digit.
    expect(fromFlat.logLoss).toBeCloseTo(fromRows.logLoss, 6);
  });

  it("rejects ragged rows and rows that do not sum to 1", () => {
    expect(() => probabilityMatrixFromRows([[0.5, 0.5], [1]])).toThrow(/rows\[1\] has 1 entries/);
    expect(() => multiclassLogLoss([0], probabilityMatrixFromRows([[0.5, 0.6]]))).toThrow(/row 0 sums to 1\.1/);
    expect(() => multiclassLogLoss([0], { values: [0.5, 0.5, 0.5], numClasses: 2 })).toThrow(/multiple of numClasses/);
  });
});

describe("multiclass log loss", () => {
  it("is the mean −log of the true class's probability", () => {
    const m = probabilityMatrixFromRows([
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.3, 0.3, 0.4],
    ]);
    expect(multiclassLogLoss([0, 1, 0], m)).toBeCloseTo(-(Math.log(0.7) + Math.log(0.8) + Math.log(0.3)) / 3, 15);
  });

  it("clips a zero probability for the true class to eps, then renormalises the row", () => {
    const m = probabilityMatrixFromRows([[0, 1]]);
    // Clipped row [eps, 1 − eps] sums to 1, so the loss is −log(eps).
    expect(multiclassLogLoss([0], m)).toBeCloseTo(-Math.log(Number.EPSILON), 12);
    expect(multiclassLogLoss([0], m, { eps: 1e-15 })).toBeCloseTo(-Math.log(1e-15 / (1e-15 + (1 - 1e-15))), 12);
  });
});

describe("one-vs-rest ROC AUC", () => {
  it("is the unweighted mean of each class's binary AUC", () => {
    const rows = [
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
      [0.3, 0.2, 0.5],
      [0.4, 0.4, 0.2],
      [0.1, 0.3, 0.6],
      [0.5, 0.1, 0.4],
    ];
    const y = [0, 1, 2, 1, 2, 0];
    const perClass = [0, 1, 2].map((k) =>
      rocAuc(
        y.map((v) => (v === k ? 1 : 0)),
        rows.map((r) => r[k]),
      ),
    );
    expect(ovrMacroRocAuc(y, probabilityMatrixFromRows(rows))).toBeCloseTo((perClass[0] + perClass[1] + perClass[2]) / 3, 15);
  });

  it("throws when a class never occurs in yTrue", () => {
    const m = probabilityMatrixFromRows([
      [0.6, 0.3, 0.1],
      [0.2, 0.5, 0.3],
    ]);
    expect(() => ovrMacroRocAuc([0, 1], m)).toThrow(/class 2 never occurs in yTrue/);
  });
});

describe("evaluate (multiclass)", () => {
  it("returns the documented shape", () => {
    const rows = [
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.3, 0.3, 0.4],
      [0.2, 0.2, 0.6],
    ];
    const r = evaluate({ task: "multiclass", yTrue: [0, 1, 1, 2], probabilities: probabilityMatrixFromRows(rows) });
    expect(Object.keys(r).sort()).toEqual([
      "accuracy",
      "aucOvrMacro",
      "confusion",
      "kind",
      "logLoss",
      "macroF1",
      "n",
      "numClasses",
      "perClass",
      "weightedF1",
    ]);
    expect(r.kind).toBe("multiclass");
    expect(r.confusion).toEqual([
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 1],
    ]);
    expect(r.accuracy).toBe(0.75);
    // Class 2: P ½, R 1, F1 ⅔; class 1: P 1, R ½, F1 ⅔; class 0: F1 1.
    expect(r.macroF1).toBeCloseTo((1 + 2 / 3 + 2 / 3) / 3, 15);
    expect(r.weightedF1).toBeCloseTo((1 + 2 * (2 / 3) + 2 / 3) / 4, 15);
  });
});

describe("evaluate (multiclass) with a class absent from yTrue", () => {
  const rows = [
    [0.7, 0.2, 0.1],
    [0.1, 0.8, 0.1],
    [0.6, 0.1, 0.3],
    [0.2, 0.7, 0.1],
  ];
  const yTrue = [0, 1, 0, 1];

  it("refuses by default, naming the class", () => {
    expect(() => evaluate({ task: "multiclass", yTrue, probabilities: probabilityMatrixFromRows(rows) })).toThrow(
      /class 2 never occurs in yTrue/,
    );
  });

  it("with aucWhenClassMissing: null, reports the AUC undefined with the reason and keeps the rest", () => {
    const r = evaluate({
      task: "multiclass",
      yTrue,
      probabilities: probabilityMatrixFromRows(rows),
      aucWhenClassMissing: "null",
    });
    expect(r.aucOvrMacro).toBeNull();
    expect(r.aucUndefinedReason).toMatch(/^class 2 never occurs in yTrue/);
    const predictions = argmaxPredictions(probabilityMatrixFromRows(rows));
    expect(r.accuracy).toBe(1);
    expect(r.macroF1).toBe(macroF1(yTrue, predictions, { numClasses: 3 }));
    expect(r.logLoss).toBeCloseTo(multiclassLogLoss(yTrue, probabilityMatrixFromRows(rows)), 15);
  });
});
