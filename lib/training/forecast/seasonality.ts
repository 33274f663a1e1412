// The seasonal period when --frequency does not give one: the lag with the highest autocorrelation
// of the first-differenced training values (differencing removes a trend, which otherwise makes every
// short lag look "seasonal"). Train only: reading validation or test would leak their pattern.

/** Smallest autocorrelation a lag needs to count as a season. */
export const MIN_SEASONAL_ACF = 0.3;

export function autocorrelation(values: ArrayLike<number>, lag: number): number {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let denominator = 0;
  for (let i = 0; i < n; i++) denominator += (values[i] - mean) ** 2;
  if (denominator === 0) return 0;
  let numerator = 0;
  for (let i = lag; i < n; i++) numerator += (values[i] - mean) * (values[i - lag] - mean);
  return numerator / denominator;
}

/** The detected period (≥ 2), or 1 when no lag up to a third of the training series reaches MIN_SEASONAL_ACF. */
export function detectPeriod(train: ArrayLike<number>, maxLag = 400): number {
  const diffs = Float64Array.from({ length: Math.max(0, train.length - 1) }, (_, i) => train[i + 1] - train[i]);
  let best = 1;
  let bestAcf = MIN_SEASONAL_ACF;
  for (let lag = 2; lag <= Math.min(maxLag, Math.floor(diffs.length / 3)); lag++) {
    const acf = autocorrelation(diffs, lag);
    if (acf > bestAcf) {
      best = lag;
      bestAcf = acf;
    }
  }
  return best;
}
