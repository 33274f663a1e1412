// Choosing and pricing a decision threshold for a binary model: the F1-optimal threshold, and the
// expected cost per row of acting at a threshold when a false alarm and a miss cost different
// amounts (the usual situation: a missed fraud costs far more than a manual review).

import { binaryConfusion, type ThresholdOptions } from "./confusion-matrix";
import { precisionRecallF1 } from "./precision-recall-f1";
import { thresholdMetricsFromConfusion, type ThresholdMetrics } from "./threshold-metrics";
import { thresholdSweep } from "./threshold-sweep";
import { assertBinaryInputs, assertNonNegativeNumber } from "./validation";

/**
 * The threshold, among the distinct scores, whose decisions (positive when score >= threshold)
 * maximise F1. When several thresholds tie, the highest wins: it reaches the same F1 while
 * flagging the fewest rows.
 */
export function f1OptimalThreshold(yTrue: ArrayLike<number>, scores: ArrayLike<number>): ThresholdMetrics {
  assertBinaryInputs(yTrue, scores);
  const sweep = thresholdSweep(yTrue, scores);
  // With no positives every threshold scores F1 = 0, and "the best" would be arbitrary.
  if (sweep.positives === 0) throw new RangeError("yTrue contains no positives; the F1-optimal threshold is undefined");
  const { thresholds, truePositives, falsePositives, positives, negatives } = sweep;
  let best = 0;
  let bestF1 = -1;
  for (let i = 0; i < thresholds.length; i++) {
    const tp = truePositives[i];
    const { f1 } = precisionRecallF1({ tp, fp: falsePositives[i], fn: positives - tp });
    if (f1 > bestF1) {
      best = i;
      bestF1 = f1;
    }
  }
  const tp = truePositives[best];
  const fp = falsePositives[best];
  return thresholdMetricsFromConfusion({ tp, fp, tn: negatives - fp, fn: positives - tp }, thresholds[best]);
}

export interface ExpectedCostOptions extends ThresholdOptions {
  /** Cost of flagging a negative row as positive. */
  readonly costFalsePositive: number;
  /** Cost of missing a positive row. */
  readonly costFalseNegative: number;
}

/** (costFalsePositive × FP + costFalseNegative × FN) / n at the given threshold (default 0.5). */
export function expectedCost(yTrue: ArrayLike<number>, scores: ArrayLike<number>, options: ExpectedCostOptions): number {
  if (options === null || typeof options !== "object") {
    throw new TypeError("options must be an object with costFalsePositive and costFalseNegative");
  }
  assertNonNegativeNumber(options.costFalsePositive, "costFalsePositive");
  assertNonNegativeNumber(options.costFalseNegative, "costFalseNegative");
  const { fp, fn } = binaryConfusion(yTrue, scores, options);
  return (options.costFalsePositive * fp + options.costFalseNegative * fn) / yTrue.length;
}
