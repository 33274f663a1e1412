// Tremor's line chart spaces its x values evenly whatever they are, so calibration bins at mean
// probabilities 0.03, 0.12, 0.55 were drawn as equally spaced and the "perfect" diagonal bent. On a
// uniform grid from 0 to 1 the axis is numeric again: each bin sits at the grid point nearest its
// mean prediction (bins meeting at one point are merged, weighted by count) and the diagonal is
// drawn at every point.

export type CalibrationBin = { meanPredicted: number; fractionPositive: number; count: number };
export type CalibrationGridRow = { x: string; "fraction positive": number | null; perfect: number };

export function calibrationOnGrid(bins: readonly CalibrationBin[], steps = 100): CalibrationGridRow[] {
  const sums = new Map<number, { weight: number; positive: number }>();
  for (const bin of bins) {
    const at = Math.min(steps, Math.max(0, Math.round(bin.meanPredicted * steps)));
    const weight = bin.count > 0 ? bin.count : 1;
    const sum = sums.get(at) ?? { weight: 0, positive: 0 };
    sums.set(at, { weight: sum.weight + weight, positive: sum.positive + weight * bin.fractionPositive });
  }
  return Array.from({ length: steps + 1 }, (_, i) => {
    const sum = sums.get(i);
    return { x: (i / steps).toFixed(2), "fraction positive": sum ? sum.positive / sum.weight : null, perfect: i / steps };
  });
}
