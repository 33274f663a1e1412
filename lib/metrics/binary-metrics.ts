// Everything the product stores for one evaluation of a binary classifier, computed in one pass
// over one sort, so a monitoring window of a million rows costs a single O(n log n) sort.

import { brierScore } from "./brier-score";
import { expectedCalibrationError, type CalibrationOptions } from "./calibration";
import { binaryConfusion, resolveThreshold, type ThresholdOptions } from "./confusion-matrix";
import { binaryLogLoss, type LogLossOptions } from "./log-loss";
import { averagePrecisionFromSweep } from "./pr-curve";
import { assertBothClasses, rocAucFromSweep } from "./roc-curve";
import { thresholdMetricsFromConfusion, type ThresholdMetrics } from "./threshold-metrics";
import { thresholdSweep } from "./threshold-sweep";
import { assertBinaryLabels, assertProbabilities, assertSameLength } from "./validation";

export interface BinaryMetrics {
  readonly kind: "binary";
  /** Rows evaluated. */
  readonly n: number;
  /** Rows with yTrue = 1. */
  readonly positives: number;
  /** ROC AUC. */
  readonly auc: number;
  /** Step-wise average precision (scikit-learn's definition). */
  readonly averagePrecision: number;
  readonly logLoss: number;
  readonly brier: number;
  /** ECE over equal-width bins (10 unless options.bins says otherwise). */
  readonly expectedCalibrationError: number;
  readonly atThreshold: ThresholdMetrics;
}

export interface EvaluateBinaryOptions extends ThresholdOptions, LogLossOptions, CalibrationOptions {}

/**
 * `probabilities` are positive-class probabilities in [0, 1] (log loss, Brier and calibration need
 * probabilities, not arbitrary scores). Throws a RangeError when yTrue holds a single class, since
 * AUC and average precision are then undefined.
 */
export function evaluateBinary(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options: EvaluateBinaryOptions = {},
): BinaryMetrics {
  assertBinaryLabels(yTrue);
  assertProbabilities(probabilities, "probabilities");
  assertSameLength(yTrue, "yTrue", probabilities, "probabilities");
  const threshold = resolveThreshold(options);
  const sweep = thresholdSweep(yTrue, probabilities);
  assertBothClasses(sweep, "binary evaluation (ROC AUC)");
  return {
    kind: "binary",
    n: yTrue.length,
    positives: sweep.positives,
    auc: rocAucFromSweep(sweep),
    averagePrecision: averagePrecisionFromSweep(sweep),
    logLoss: binaryLogLoss(yTrue, probabilities, options),
    brier: brierScore(yTrue, probabilities),
    expectedCalibrationError: expectedCalibrationError(yTrue, probabilities, options),
    atThreshold: thresholdMetricsFromConfusion(binaryConfusion(yTrue, probabilities, { threshold }), threshold),
  };
}
