// ROC curve and the area under it, reproducing scikit-learn 1.2's `roc_curve` and
// `roc_auc_score` so numbers stored by the training pipeline (Python) and by monitoring (here)
// can be compared directly.

import { thresholdSweep, type ThresholdSweep } from "./threshold-sweep";
import { assertBinaryInputs } from "./validation";

export interface RocCurve {
  /** False-positive rate per threshold, non-decreasing, starting at 0 and ending at 1. */
  readonly fpr: number[];
  /** True-positive rate per threshold, non-decreasing, starting at 0 and ending at 1. */
  readonly tpr: number[];
  /**
   * Decreasing thresholds; a row is predicted positive when score >= threshold. The first is
   * max(score) + 1, scikit-learn 1.2's sentinel for "nothing predicted positive" (1.3 and later
   * use +Infinity, which JSON cannot store).
   */
  readonly thresholds: number[];
}

export interface RocCurveOptions {
  /**
   * Drop points that lie on a straight line between their neighbours (scikit-learn's default).
   * The area is unchanged; the curve is much shorter on large inputs. Default true.
   */
  readonly dropIntermediate?: boolean;
}

export function assertBothClasses(sweep: ThresholdSweep, what: string): void {
  if (sweep.positives === 0 || sweep.negatives === 0) {
    const only = sweep.positives === 0 ? 0 : 1;
    throw new RangeError(`yTrue contains only class ${only}; ${what} needs both positives and negatives`);
  }
}

export function rocCurve(yTrue: ArrayLike<number>, scores: ArrayLike<number>, options: RocCurveOptions = {}): RocCurve {
  assertBinaryInputs(yTrue, scores);
  const sweep = thresholdSweep(yTrue, scores);
  assertBothClasses(sweep, "the ROC curve");
  return rocCurveFromSweep(sweep, options.dropIntermediate ?? true);
}

export function rocCurveFromSweep(sweep: ThresholdSweep, dropIntermediate: boolean): RocCurve {
  const { thresholds, truePositives: tps, falsePositives: fps, positives, negatives } = sweep;
  const m = thresholds.length;
  const fpr = [0];
  const tpr = [0];
  const kept = [thresholds[0] + 1];
  for (let i = 0; i < m; i++) {
    // scikit-learn keeps a point when the second difference of fps or tps is non-zero there,
    // i.e. where the curve bends; the endpoints are always kept. It skips this for m <= 2.
    if (dropIntermediate && m > 2 && i > 0 && i < m - 1) {
      const bendsFp = fps[i + 1] - 2 * fps[i] + fps[i - 1] !== 0;
      const bendsTp = tps[i + 1] - 2 * tps[i] + tps[i - 1] !== 0;
      if (!bendsFp && !bendsTp) continue;
    }
    fpr.push(fps[i] / negatives);
    tpr.push(tps[i] / positives);
    kept.push(thresholds[i]);
  }
  return { fpr, tpr, thresholds: kept };
}

/**
 * Area under the ROC curve by the trapezoid rule over distinct thresholds, which is how tied
 * scores count half (the Mann–Whitney convention). Summed in integer counts, so it is exact up
 * to one final division for any n up to 10^8.
 */
export function rocAuc(yTrue: ArrayLike<number>, scores: ArrayLike<number>): number {
  assertBinaryInputs(yTrue, scores);
  const sweep = thresholdSweep(yTrue, scores);
  assertBothClasses(sweep, "ROC AUC");
  return rocAucFromSweep(sweep);
}

export function rocAucFromSweep(sweep: ThresholdSweep): number {
  const { truePositives: tps, falsePositives: fps } = sweep;
  let twiceArea = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let i = 0; i < tps.length; i++) {
    twiceArea += (fps[i] - prevFp) * (tps[i] + prevTp);
    prevTp = tps[i];
    prevFp = fps[i];
  }
  return twiceArea / (2 * sweep.positives * sweep.negatives);
}
