// Regression metrics with scikit-learn 1.2's definitions, including its edge-case rules for R²
// on a constant target and for MAPE on zero targets.

import { CompensatedSum } from "@/lib/numeric/compensated-sum";
import { assertFiniteArray, assertSameLength } from "./validation";

export interface RegressionMetrics {
  readonly kind: "regression";
  readonly n: number;
  readonly mae: number;
  readonly rmse: number;
  readonly r2: number;
  readonly mape: number;
  readonly medianAbsoluteError: number;
}

/** MAPE divides by max(|yTrue|, this); scikit-learn uses the float64 machine epsilon. */
export const MAPE_EPSILON = Number.EPSILON;

function assertRegressionInputs(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): void {
  assertFiniteArray(yTrue, "yTrue");
  assertFiniteArray(predictions, "predictions");
  assertSameLength(yTrue, "yTrue", predictions, "predictions");
}

function meanOf(n: number, term: (i: number) => number): number {
  const total = new CompensatedSum();
  for (let i = 0; i < n; i++) total.add(term(i));
  return total.value / n;
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): number {
  assertRegressionInputs(yTrue, predictions);
  return meanOf(yTrue.length, (i) => Math.abs(yTrue[i] - predictions[i]));
}

export function rootMeanSquaredError(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): number {
  assertRegressionInputs(yTrue, predictions);
  return Math.sqrt(meanOf(yTrue.length, (i) => (yTrue[i] - predictions[i]) ** 2));
}

/**
 * 1 − SS_res / SS_tot. When yTrue is constant (SS_tot = 0) the ratio is undefined; like
 * scikit-learn (force_finite=True) this returns 1 for a perfect prediction and 0 otherwise, so
 * the stored value stays finite.
 */
export function r2Score(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): number {
  assertRegressionInputs(yTrue, predictions);
  const n = yTrue.length;
  const mean = meanOf(n, (i) => yTrue[i]);
  const residual = new CompensatedSum();
  const total = new CompensatedSum();
  let constant = true;
  for (let i = 0; i < n; i++) {
    residual.add((yTrue[i] - predictions[i]) ** 2);
    total.add((yTrue[i] - mean) ** 2);
    if (yTrue[i] !== yTrue[0]) constant = false;
  }
  // The computed mean of a constant target can be off by an ulp (e.g. three 0.1s), which would
  // make SS_tot a tiny positive number and R² a huge negative one; test constancy directly.
  if (constant || total.value === 0) return residual.value === 0 ? 1 : 0;
  return 1 - residual.value / total.value;
}

/**
 * Mean of |yTrue − prediction| / max(|yTrue|, MAPE_EPSILON), as a fraction (0.05 = 5 %), not a
 * percentage. A zero target therefore yields an enormous but finite term, as in scikit-learn.
 */
export function meanAbsolutePercentageError(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): number {
  assertRegressionInputs(yTrue, predictions);
  return meanOf(yTrue.length, (i) => Math.abs(yTrue[i] - predictions[i]) / Math.max(Math.abs(yTrue[i]), MAPE_EPSILON));
}

/** Median of |yTrue − prediction|; for an even count, the mean of the two middle values (numpy.median). */
export function medianAbsoluteError(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): number {
  assertRegressionInputs(yTrue, predictions);
  const n = yTrue.length;
  const errors = new Float64Array(n);
  for (let i = 0; i < n; i++) errors[i] = Math.abs(yTrue[i] - predictions[i]);
  errors.sort();
  const mid = n >> 1;
  return n % 2 === 1 ? errors[mid] : (errors[mid - 1] + errors[mid]) / 2;
}

export function evaluateRegression(yTrue: ArrayLike<number>, predictions: ArrayLike<number>): RegressionMetrics {
  assertRegressionInputs(yTrue, predictions);
  return {
    kind: "regression",
    n: yTrue.length,
    mae: meanAbsoluteError(yTrue, predictions),
    rmse: rootMeanSquaredError(yTrue, predictions),
    r2: r2Score(yTrue, predictions),
    mape: meanAbsolutePercentageError(yTrue, predictions),
    medianAbsoluteError: medianAbsoluteError(yTrue, predictions),
  };
}
