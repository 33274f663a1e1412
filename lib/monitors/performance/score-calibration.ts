// Confidence-based estimation assumes the scores are calibrated probabilities. When the model is
// not calibrated, scores are mapped through a histogram-binning calibrator fitted on labelled
// reference data (training's validation split): each score takes its bin's observed positive rate.

export type CalibrationBin = { lower: number; upper: number; count: number; fractionPositive: number | null };

/** Equal-width bins over [0, 1]; bins are (lower, upper] except the first, which includes 0. */
export function fitHistogramCalibration(labels: ArrayLike<number>, scores: ArrayLike<number>, bins = 20): CalibrationBin[] {
  if (labels.length !== scores.length) throw new RangeError("labels and scores must have the same length");
  const positives = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < scores.length; i++) {
    const b = binOf(scores[i], bins);
    counts[b]++;
    positives[b] += labels[i];
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: counts[b],
    fractionPositive: counts[b] > 0 ? positives[b] / counts[b] : null,
  }));
}

function binOf(score: number, bins: number): number {
  return Math.min(bins - 1, Math.max(0, Math.ceil(score * bins) - 1));
}

/** Maps a score through the calibrator; an empty bin keeps the raw score (no evidence either way). */
export function calibrateScore(score: number, calibration: readonly CalibrationBin[]): number {
  const bin = calibration[binOf(score, calibration.length)];
  return bin.fractionPositive ?? score;
}
