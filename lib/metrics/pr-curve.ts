// Precision–recall curve and average precision as scikit-learn 1.2 defines them. Average
// precision is the step-wise sum of precision × recall increment, not the trapezoidal area:
// linear interpolation between PR points is optimistic (precision does not vary linearly with
// recall), which is why scikit-learn moved away from it.

import { thresholdSweep, type ThresholdSweep } from "./threshold-sweep";
import { assertBinaryInputs } from "./validation";

export interface PrecisionRecallCurve {
  /** One entry per threshold, then a final 1 (the point at recall 0), as in scikit-learn. */
  readonly precision: number[];
  /** Non-increasing; one entry per threshold, then a final 0. */
  readonly recall: number[];
  /** Distinct scores in increasing order; positive when score >= threshold. */
  readonly thresholds: number[];
}

function assertHasPositives(sweep: ThresholdSweep, what: string): void {
  // scikit-learn warns and sets recall to 1 here; recall over zero positives is undefined, and a
  // silent constant would look like a perfect model on a dashboard.
  if (sweep.positives === 0) throw new RangeError(`yTrue contains no positives; ${what} is undefined`);
}

/**
 * Unlike scikit-learn before 1.1, thresholds below the one that first reaches full recall are kept,
 * so the curve covers every distinct score (scikit-learn 1.2 behaviour).
 */
export function precisionRecallCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>): PrecisionRecallCurve {
  assertBinaryInputs(yTrue, scores);
  const sweep = thresholdSweep(yTrue, scores);
  assertHasPositives(sweep, "the precision-recall curve");
  const { thresholds, truePositives: tps, falsePositives: fps, positives } = sweep;
  const m = thresholds.length;
  const precision = new Array<number>(m + 1);
  const recall = new Array<number>(m + 1);
  const ascending = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    const j = m - 1 - i;
    // Every threshold is a score that some row has, so tps + fps >= 1 and precision is defined.
    precision[j] = tps[i] / (tps[i] + fps[i]);
    recall[j] = tps[i] / positives;
    ascending[j] = thresholds[i];
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: ascending };
}

/** Sum over thresholds of (R_k - R_{k-1}) * P_k, walking from the highest threshold down. */
export function averagePrecision(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  assertBinaryInputs(yTrue, scores);
  const sweep = thresholdSweep(yTrue, scores);
  assertHasPositives(sweep, "average precision");
  return averagePrecisionFromSweep(sweep);
}

export function averagePrecisionFromSweep(sweep: ThresholdSweep): number {
  assertHasPositives(sweep, "average precision");
  const { truePositives: tps, falsePositives: fps, positives } = sweep;
  let sum = 0;
  let prevRecall = 0;
  for (let i = 0; i < tps.length; i++) {
    const recall = tps[i] / positives;
    sum += (recall - prevRecall) * (tps[i] / (tps[i] + fps[i]));
    prevRecall = recall;
  }
  return sum;
}
