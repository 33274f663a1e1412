// Confusion counts for binary predictions at a threshold and for multiclass predictions.

import { assertBinaryInputs, assertClassLabels, assertFiniteNumber, assertPositiveInteger, assertSameLength } from "./validation";

/** The threshold used when none is given; the oracle's `at_threshold_0.5` cases use it too. */
export const DEFAULT_THRESHOLD = 0.5;

export interface BinaryConfusion {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface ThresholdOptions {
  /** A row is predicted positive when score >= threshold. Default 0.5. */
  readonly threshold?: number;
}

export function resolveThreshold(options: ThresholdOptions | undefined): number {
  const threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  assertFiniteNumber(threshold, "threshold");
  return threshold;
}

export function binaryConfusion(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  options?: ThresholdOptions,
): BinaryConfusion {
  assertBinaryInputs(yTrue, scores);
  const threshold = resolveThreshold(options);
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    // >= so that a score exactly at the threshold counts as positive, as in the oracle.
    const predictedPositive = scores[i] >= threshold;
    if (yTrue[i] === 1) {
      if (predictedPositive) tp++;
      else fn++;
    } else if (predictedPositive) fp++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

export interface ConfusionMatrixOptions {
  /** Classes are 0..numClasses-1; the matrix is numClasses × numClasses even if some never occur. */
  readonly numClasses: number;
}

/** matrix[trueClass][predictedClass] = count (rows true, columns predicted, as scikit-learn). */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  predictions: ArrayLike<number>,
  options: ConfusionMatrixOptions,
): number[][] {
  const numClasses = options?.numClasses;
  assertPositiveInteger(numClasses, "numClasses", 2);
  assertClassLabels(yTrue, numClasses, "yTrue");
  assertClassLabels(predictions, numClasses, "predictions");
  assertSameLength(yTrue, "yTrue", predictions, "predictions");
  return countConfusion(yTrue, predictions, numClasses);
}

/** Inputs must already be validated. */
export function countConfusion(yTrue: ArrayLike<number>, predictions: ArrayLike<number>, numClasses: number): number[][] {
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let i = 0; i < yTrue.length; i++) matrix[yTrue[i]][predictions[i]]++;
  return matrix;
}
