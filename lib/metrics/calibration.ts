// Reliability table and expected calibration error (ECE) for binary positive-class probabilities.
// Bins are equal-width and right-closed — (lower, upper], with the first bin also holding 0 — as
// in scikit-learn 1.2's calibration_curve(strategy="uniform"), so a probability of exactly 0.5
// lands in the bin ending at 0.5. Edges are k / bins (scikit-learn's are k * (1 / bins), which
// differ in the last bit; only a probability equal to such an edge could be binned differently).

import { CompensatedSum } from "@/lib/numeric/compensated-sum";
import { assertBinaryLabels, assertPositiveInteger, assertProbabilities, assertSameLength } from "./validation";

export const DEFAULT_CALIBRATION_BINS = 10;

export interface CalibrationOptions {
  /** Number of equal-width bins over [0, 1]. Default 10. */
  readonly bins?: number;
}

export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability in the bin; null when the bin is empty. */
  readonly meanPredicted: number | null;
  /** Observed fraction of positives in the bin; null when the bin is empty. */
  readonly fractionPositive: number | null;
}

/** Index of the bin (lower, upper] holding p; the first bin is closed at 0. */
function binIndex(p: number, bins: number): number {
  let k = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
  // p * bins can round across an edge; settle against the exact edges k / bins.
  if (k < bins - 1 && p > (k + 1) / bins) k++;
  if (k > 0 && p <= k / bins) k--;
  return k;
}

/** Every bin is listed, empty ones included, so tables from different runs line up for charting. */
export function reliabilityTable(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options?: CalibrationOptions,
): ReliabilityBin[] {
  assertBinaryLabels(yTrue);
  assertProbabilities(probabilities, "probabilities");
  assertSameLength(yTrue, "yTrue", probabilities, "probabilities");
  const bins = options?.bins ?? DEFAULT_CALIBRATION_BINS;
  assertPositiveInteger(bins, "bins");
  const counts = new Float64Array(bins);
  const predictedSums = Array.from({ length: bins }, () => new CompensatedSum());
  const positives = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    const k = binIndex(probabilities[i], bins);
    counts[k]++;
    predictedSums[k].add(probabilities[i]);
    positives[k] += yTrue[i];
  }
  const table: ReliabilityBin[] = [];
  for (let k = 0; k < bins; k++) {
    const count = counts[k];
    table.push({
      lower: k / bins,
      upper: (k + 1) / bins,
      count,
      meanPredicted: count === 0 ? null : predictedSums[k].value / count,
      fractionPositive: count === 0 ? null : positives[k] / count,
    });
  }
  return table;
}

/** Sum over bins of (bin count / n) × |mean predicted − fraction positive|. */
export function expectedCalibrationError(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  options?: CalibrationOptions,
): number {
  return expectedCalibrationErrorFromTable(reliabilityTable(yTrue, probabilities, options));
}

export function expectedCalibrationErrorFromTable(table: readonly ReliabilityBin[]): number {
  let n = 0;
  let weightedGap = 0;
  for (const bin of table) {
    n += bin.count;
    if (bin.meanPredicted !== null && bin.fractionPositive !== null) {
      weightedGap += bin.count * Math.abs(bin.meanPredicted - bin.fractionPositive);
    }
  }
  if (n === 0) throw new RangeError("table must contain at least one counted row");
  return weightedGap / n;
}
