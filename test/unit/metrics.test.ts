// Checks lib/metrics against test/fixtures/oracle/metrics.json (scikit-learn 1.2.1). Every case
// and every value in the file is compared; a guard test fails if the file gains a key this suite
// does not check, so new oracle values cannot be skipped silently.
//
// metrics.json, unlike drift.json, carries no "conventions" block; the conventions below were
// read off the values themselves and each has a test that would fail under the alternative:
//  - ROC curves use drop_intermediate=True (scikit-learn's default): the oracle curves are shorter
//    than the full curve, and the first threshold is max(score) + 1 (1.2's sentinel, not +inf).
//  - PR curves keep every distinct threshold (1.1+ behaviour), in increasing order, with the final
//    (precision 1, recall 0) point.
//  - "at_threshold_0.5" predicts positive when score >= 0.5 (many_ties has scores exactly 0.5).
//  - Multiclass y_pred is the argmax of y_prob.
//  - Log loss: the oracle cannot tell eps=1e-15 from eps=machine epsilon (no positive row has a
//    probability within 1e-15 of 0 or 1); the default follows scikit-learn 1.2.1 (machine eps).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  argmaxPredictions,
  averagePrecision,
  binaryConfusion,
  binaryLogLoss,
  brierScore,
  confusionMatrix,
  evaluate,
  macroF1,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  medianAbsoluteError,
  multiclassAccuracy,
  multiclassLogLoss,
  ovrMacroRocAuc,
  perClassMetrics,
  precisionRecallCurve,
  probabilityMatrixFromRows,
  r2Score,
  rocAuc,
  rocCurve,
  rootMeanSquaredError,
  thresholdMetrics,
  weightedF1,
} from "@/lib/metrics";

interface BinaryOracleCase {
  name: string;
  y_true: number[];
  y_score: number[];
  roc_auc: number;
  average_precision: number;
  log_loss: number;
  brier: number;
  "at_threshold_0.5": {
    precision: number;
    recall: number;
    f1: number;
    accuracy: number;
    confusion_matrix_rows_true_cols_pred: number[][];
  };
  roc_curve: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr_curve: { precision: number[]; recall: number[]; thresholds: number[] };
}

interface MulticlassOracleCase {
  name: string;
  y_true: number[];
  y_prob: number[][];
  y_pred: number[];
  accuracy: number;
  macro_f1: number;
  weighted_f1: number;
  per_class: { precision: number[]; recall: number[]; f1: number[] };
  confusion_matrix_rows_true_cols_pred: number[][];
  roc_auc_ovr_macro: number;
  log_loss: number;
}

interface RegressionOracleCase {
  name: string;
  y_true: number[];
  y_pred: number[];
  mae: number;
  rmse: number;
  r2: number;
  mape: number;
  median_absolute_error: number;
}

interface MetricsOracle {
  generated_by: string;
  binary: BinaryOracleCase[];
  multiclass: MulticlassOracleCase[];
  regression: RegressionOracleCase[];
}

// Read from disk rather than imported so 300 kB of numbers do not go through type inference.
const oraclePath = fileURLToPath(new URL("../fixtures/oracle/metrics.json", import.meta.url));
const oracle = JSON.parse(readFileSync(oraclePath, "utf8")) as MetricsOracle;

/** The README's tolerance for closed-form values; every metric in metrics.json is closed-form. */
const RTOL = 1e-9;

/** |actual − expected| <= RTOL·|expected|; an expected 0 must be matched exactly. */
function expectClose(actual: number, expected: number, label: string): void {
  const ok = actual === expected || Math.abs(actual - expected) <= RTOL * Math.abs(expected);
  if (!ok) {
    const rel = Math.abs(actual - expected) / Math.abs(expected);
    expect.fail(`${label}: got ${actual}, expected ${expected} (relative error ${rel}, tolerance ${RTOL})`);
  }
}

function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, label: string): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expectClose(actual[i], expected[i], `${label}[${i}]`);
}

const sortedKeys = (value: object): string[] => Object.keys(value).sort();

describe("metrics oracle file", () => {
  it("holds exactly the keys this suite checks", () => {
    expect(oracle.generated_by).toMatch(/^scikit-learn 1\.2/);
    expect(sortedKeys(oracle)).toEqual(["binary", "generated_by", "multiclass", "regression"]);
    expect(oracle.binary.map((c) => c.name)).toEqual(["balanced", "imbalanced_5pct", "many_ties"]);
    expect(oracle.multiclass.map((c) => c.name)).toEqual(["three_classes", "seven_classes"]);
    expect(oracle.regression.map((c) => c.name)).toEqual(["small_noise", "large_noise"]);
    for (const c of oracle.binary) {
      expect(sortedKeys(c)).toEqual([
        "at_threshold_0.5",
        "average_precision",
        "brier",
        "log_loss",
        "name",
        "pr_curve",
        "roc_auc",
        "roc_curve",
        "y_score",
        "y_true",
      ]);
      expect(sortedKeys(c["at_threshold_0.5"])).toEqual([
        "accuracy",
        "confusion_matrix_rows_true_cols_pred",
        "f1",
        "precision",
        "recall",
      ]);
      expect(sortedKeys(c.roc_curve)).toEqual(["fpr", "thresholds", "tpr"]);
      expect(sortedKeys(c.pr_curve)).toEqual(["precision", "recall", "thresholds"]);
    }
    for (const c of oracle.multiclass) {
      expect(sortedKeys(c)).toEqual([
        "accuracy",
        "confusion_matrix_rows_true_cols_pred",
        "log_loss",
        "macro_f1",
        "name",
        "per_class",
        "roc_auc_ovr_macro",
        "weighted_f1",
        "y_pred",
        "y_prob",
        "y_true",
      ]);
      expect(sortedKeys(c.per_class)).toEqual(["f1", "precision", "recall"]);
    }
    for (const c of oracle.regression) {
      expect(sortedKeys(c)).toEqual(["mae", "mape", "median_absolute_error", "name", "r2", "rmse", "y_pred", "y_true"]);
    }
  });
});

describe.each(oracle.binary)("binary oracle case $name", (c) => {
  const at = c["at_threshold_0.5"];

  it("ROC AUC", () => expectClose(rocAuc(c.y_true, c.y_score), c.roc_auc, "roc_auc"));
  it("average precision", () => expectClose(averagePrecision(c.y_true, c.y_score), c.average_precision, "average_precision"));
  it("log loss", () => expectClose(binaryLogLoss(c.y_true, c.y_score), c.log_loss, "log_loss"));
  it("log loss with the pre-1.2 eps = 1e-15 gives the same value on this data", () =>
    expectClose(binaryLogLoss(c.y_true, c.y_score, { eps: 1e-15 }), c.log_loss, "log_loss eps=1e-15"));
  it("Brier score", () => expectClose(brierScore(c.y_true, c.y_score), c.brier, "brier"));

  it("precision, recall, F1, accuracy and confusion at threshold 0.5", () => {
    const m = thresholdMetrics(c.y_true, c.y_score, { threshold: 0.5 });
    expect(m.threshold).toBe(0.5);
    expectClose(m.precision, at.precision, "precision");
    expectClose(m.recall, at.recall, "recall");
    expectClose(m.f1, at.f1, "f1");
    expectClose(m.accuracy, at.accuracy, "accuracy");
    const { tn, fp, fn, tp } = m.confusion;
    expect([
      [tn, fp],
      [fn, tp],
    ]).toEqual(at.confusion_matrix_rows_true_cols_pred);
    // The default threshold is the oracle's 0.5.
    expect(binaryConfusion(c.y_true, c.y_score)).toEqual(m.confusion);
  });

  it("ROC curve points", () => {
    const curve = rocCurve(c.y_true, c.y_score);
    expectAllClose(curve.fpr, c.roc_curve.fpr, "fpr");
    expectAllClose(curve.tpr, c.roc_curve.tpr, "tpr");
    expectAllClose(curve.thresholds, c.roc_curve.thresholds, "thresholds");
  });

  it("ROC curve in the oracle is the drop_intermediate=True one", () => {
    const full = rocCurve(c.y_true, c.y_score, { dropIntermediate: false });
    const distinctScores = new Set(c.y_score).size;
    expect(full.fpr.length).toBe(distinctScores + 1);
    if (c.name !== "many_ties") expect(full.fpr.length).toBeGreaterThan(c.roc_curve.fpr.length);
    // Dropping collinear points never changes the area.
    let area = 0;
    for (let i = 1; i < full.fpr.length; i++) area += ((full.fpr[i] - full.fpr[i - 1]) * (full.tpr[i] + full.tpr[i - 1])) / 2;
    expectClose(area, c.roc_auc, "trapezoid over the full curve");
  });

  it("PR curve points", () => {
    const curve = precisionRecallCurve(c.y_true, c.y_score);
    expectAllClose(curve.precision, c.pr_curve.precision, "precision");
    expectAllClose(curve.recall, c.pr_curve.recall, "recall");
    expectAllClose(curve.thresholds, c.pr_curve.thresholds, "thresholds");
  });

  it("evaluate() returns the same values in the binary result shape", () => {
    const r = evaluate({ task: "binary", yTrue: c.y_true, scores: c.y_score, threshold: 0.5 });
    expect(r.kind).toBe("binary");
    expect(r.n).toBe(c.y_true.length);
    expect(r.positives).toBe(c.y_true.filter((y) => y === 1).length);
    expectClose(r.auc, c.roc_auc, "auc");
    expectClose(r.averagePrecision, c.average_precision, "averagePrecision");
    expectClose(r.logLoss, c.log_loss, "logLoss");
    expectClose(r.brier, c.brier, "brier");
    expectClose(r.atThreshold.precision, at.precision, "atThreshold.precision");
    expectClose(r.atThreshold.recall, at.recall, "atThreshold.recall");
    expectClose(r.atThreshold.f1, at.f1, "atThreshold.f1");
    expectClose(r.atThreshold.accuracy, at.accuracy, "atThreshold.accuracy");
    const { tn, fp, fn, tp } = r.atThreshold.confusion;
    expect([
      [tn, fp],
      [fn, tp],
    ]).toEqual(at.confusion_matrix_rows_true_cols_pred);
    // Results are stored as JSON; a round trip must not lose anything.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it("accepts typed arrays", () => {
    expectClose(rocAuc(Uint8Array.from(c.y_true), Float64Array.from(c.y_score)), c.roc_auc, "roc_auc from typed arrays");
  });
});

describe.each(oracle.multiclass)("multiclass oracle case $name", (c) => {
  const probabilities = probabilityMatrixFromRows(c.y_prob);
  const numClasses = c.y_prob[0].length;

  it("y_pred is the argmax of y_prob", () => {
    expect(probabilities.numClasses).toBe(numClasses);
    expect(Array.from(argmaxPredictions(probabilities))).toEqual(c.y_pred);
  });
  it("accuracy", () => expectClose(multiclassAccuracy(c.y_true, c.y_pred), c.accuracy, "accuracy"));
  it("macro F1", () => expectClose(macroF1(c.y_true, c.y_pred, { numClasses }), c.macro_f1, "macro_f1"));
  it("weighted F1", () => expectClose(weightedF1(c.y_true, c.y_pred, { numClasses }), c.weighted_f1, "weighted_f1"));

  it("per-class precision, recall and F1", () => {
    const perClass = perClassMetrics(c.y_true, c.y_pred, { numClasses });
    expect(perClass.map((p) => p.classIndex)).toEqual(Array.from({ length: numClasses }, (_, k) => k));
    expectAllClose(
      perClass.map((p) => p.precision),
      c.per_class.precision,
      "precision",
    );
    expectAllClose(
      perClass.map((p) => p.recall),
      c.per_class.recall,
      "recall",
    );
    expectAllClose(
      perClass.map((p) => p.f1),
      c.per_class.f1,
      "f1",
    );
    // Support and predicted counts are the confusion matrix's row and column sums.
    const cm = c.confusion_matrix_rows_true_cols_pred;
    expect(perClass.map((p) => p.support)).toEqual(cm.map((row) => row.reduce((a, b) => a + b, 0)));
    expect(perClass.map((p) => p.predicted)).toEqual(cm[0].map((_, k) => cm.reduce((a, row) => a + row[k], 0)));
  });

  it("confusion matrix (rows true, columns predicted)", () => {
    expect(confusionMatrix(c.y_true, c.y_pred, { numClasses })).toEqual(c.confusion_matrix_rows_true_cols_pred);
  });
  it("one-vs-rest macro ROC AUC", () =>
    expectClose(ovrMacroRocAuc(c.y_true, probabilities), c.roc_auc_ovr_macro, "roc_auc_ovr_macro"));
  it("log loss", () => expectClose(multiclassLogLoss(c.y_true, probabilities), c.log_loss, "log_loss"));

  it("evaluate() returns the same values in the multiclass result shape", () => {
    const r = evaluate({ task: "multiclass", yTrue: c.y_true, probabilities });
    expect(r.kind).toBe("multiclass");
    expect(r.n).toBe(c.y_true.length);
    expect(r.numClasses).toBe(numClasses);
    expectClose(r.accuracy, c.accuracy, "accuracy");
    expectClose(r.macroF1, c.macro_f1, "macroF1");
    expectClose(r.weightedF1, c.weighted_f1, "weightedF1");
    expectAllClose(
      r.perClass.map((p) => p.precision),
      c.per_class.precision,
      "perClass.precision",
    );
    expectAllClose(
      r.perClass.map((p) => p.recall),
      c.per_class.recall,
      "perClass.recall",
    );
    expectAllClose(
      r.perClass.map((p) => p.f1),
      c.per_class.f1,
      "perClass.f1",
    );
    expect(r.confusion).toEqual(c.confusion_matrix_rows_true_cols_pred);
    expectClose(r.aucOvrMacro!, c.roc_auc_ovr_macro, "aucOvrMacro");
    expectClose(r.logLoss, c.log_loss, "logLoss");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    // Passing the oracle's y_pred explicitly must give the same result as the default argmax.
    expect(evaluate({ task: "multiclass", yTrue: c.y_true, probabilities, predictions: c.y_pred })).toEqual(r);
  });
});

describe.each(oracle.regression)("regression oracle case $name", (c) => {
  it("MAE", () => expectClose(meanAbsoluteError(c.y_true, c.y_pred), c.mae, "mae"));
  it("RMSE", () => expectClose(rootMeanSquaredError(c.y_true, c.y_pred), c.rmse, "rmse"));
  it("R²", () => expectClose(r2Score(c.y_true, c.y_pred), c.r2, "r2"));
  it("MAPE", () => expectClose(meanAbsolutePercentageError(c.y_true, c.y_pred), c.mape, "mape"));
  it("median absolute error", () =>
    expectClose(medianAbsoluteError(c.y_true, c.y_pred), c.median_absolute_error, "median_absolute_error"));

  it("evaluate() returns the same values in the regression result shape", () => {
    const r = evaluate({ task: "regression", yTrue: c.y_true, predictions: c.y_pred });
    expect(r.kind).toBe("regression");
    expect(r.n).toBe(c.y_true.length);
    expectClose(r.mae, c.mae, "mae");
    expectClose(r.rmse, c.rmse, "rmse");
    expectClose(r.r2, c.r2, "r2");
    expectClose(r.mape, c.mape, "mape");
    expectClose(r.medianAbsoluteError, c.median_absolute_error, "medianAbsoluteError");
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
