// Precision, recall, F1 and accuracy of the hard decisions a binary model makes at one threshold.

import { binaryConfusion, resolveThreshold, type BinaryConfusion, type ThresholdOptions } from "./confusion-matrix";
import { precisionRecallF1 } from "./precision-recall-f1";

export interface ThresholdMetrics {
  readonly threshold: number;
  /** tp / (tp + fp); 0 when nothing is predicted positive (zero_division = 0). */
  readonly precision: number;
  /** tp / (tp + fn); 0 when there are no positives (zero_division = 0). */
  readonly recall: number;
  /** 2PR / (P + R); 0 when precision and recall are both 0. */
  readonly f1: number;
  readonly accuracy: number;
  readonly confusion: BinaryConfusion;
}

export function thresholdMetrics(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  options?: ThresholdOptions,
): ThresholdMetrics {
  const threshold = resolveThreshold(options);
  const confusion = binaryConfusion(yTrue, scores, { threshold });
  return thresholdMetricsFromConfusion(confusion, threshold);
}

export function thresholdMetricsFromConfusion(confusion: BinaryConfusion, threshold: number): ThresholdMetrics {
  const { tp, fp, tn, fn } = confusion;
  const { precision, recall, f1 } = precisionRecallF1({ tp, fp, fn });
  const accuracy = (tp + tn) / (tp + fp + tn + fn);
  return { threshold, precision, recall, f1, accuracy, confusion: { tp, fp, tn, fn } };
}
