// Log loss (cross-entropy) following scikit-learn 1.2's `log_loss`: probabilities are clipped to
// [eps, 1 - eps] so a confident wrong prediction costs a large finite amount instead of Infinity
// (one bad row would otherwise make a whole monitoring window's loss infinite), then each row is
// renormalised to sum to 1.

import { CompensatedSum } from "@/lib/numeric/compensated-sum";
import { assertProbabilityMatrix, type ProbabilityMatrix } from "./probability-matrix";
import { assertBinaryLabels, assertClassLabels, assertProbabilities, assertSameLength } from "./validation";

/**
 * scikit-learn 1.2's default clipping, eps="auto" = np.finfo(float64).eps = 2.22e-16. Releases
 * before 1.2 used 1e-15; pass `{ eps: 1e-15 }` to reproduce history computed with them. The two
 * only differ for probabilities within 1e-15 of 0 or 1.
 */
export const DEFAULT_LOG_LOSS_EPS = Number.EPSILON;

export interface LogLossOptions {
  /** Clip probabilities to [eps, 1 - eps]; must be in [0, 0.5). Default Number.EPSILON. */
  readonly eps?: number;
}

function resolveEps(options: LogLossOptions | undefined): number {
  const eps = options?.eps ?? DEFAULT_LOG_LOSS_EPS;
  if (typeof eps !== "number") throw new TypeError(`eps must be a number, got ${typeof eps}`);
  if (!(eps >= 0 && eps < 0.5)) throw new RangeError(`eps must be in [0, 0.5), got ${eps}`);
  return eps;
}

function clip(p: number, eps: number): number {
  return p < eps ? eps : Math.min(p, 1 - eps);
}

/** Mean negative log-likelihood of 0/1 labels under the positive-class probabilities. */
export function binaryLogLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, options?: LogLossOptions): number {
  assertBinaryLabels(yTrue);
  assertProbabilities(probabilities, "probabilities");
  assertSameLength(yTrue, "yTrue", probabilities, "probabilities");
  const eps = resolveEps(options);
  const total = new CompensatedSum();
  for (let i = 0; i < yTrue.length; i++) {
    const p = clip(probabilities[i], eps);
    const q = 1 - p;
    // scikit-learn builds the two-column matrix [1 - p, p] and renormalises it; (1 - p) + p can
    // differ from 1 by an ulp, and dividing by it keeps results identical to the reference.
    total.add(-Math.log((yTrue[i] === 1 ? p : q) / (q + p)));
  }
  return total.value / yTrue.length;
}

/** Mean negative log-likelihood of class indices under an N × K probability matrix. */
export function multiclassLogLoss(yTrue: ArrayLike<number>, probabilities: ProbabilityMatrix, options?: LogLossOptions): number {
  const rows = assertProbabilityMatrix(probabilities);
  const { values, numClasses } = probabilities;
  assertClassLabels(yTrue, numClasses, "yTrue");
  if (yTrue.length !== rows) {
    throw new RangeError(`yTrue and probabilities must have the same number of rows (got ${yTrue.length} and ${rows})`);
  }
  const eps = resolveEps(options);
  const total = new CompensatedSum();
  for (let i = 0; i < rows; i++) {
    let rowSum = 0;
    for (let k = 0; k < numClasses; k++) rowSum += clip(values[i * numClasses + k], eps);
    total.add(-Math.log(clip(values[i * numClasses + yTrue[i]], eps) / rowSum));
  }
  return total.value / rows;
}
