// MAE, RMSE and MASE of a multi-step forecast, overall and per horizon step. MASE follows Hyndman &
// Koehler (2006): the forecast's MAE divided by the in-sample MAE of the seasonal naive forecast on
// the training observations, (1 / (n − m)) Σ_{t=m}^{n−1} |y_t − y_{t−m}|; below 1 beats it.

export interface StepMetrics {
  mae: number;
  rmse: number;
  /** NaN when the training series is constant at the seasonal lag (the scale is 0). */
  mase: number;
}

export interface ForecastMetrics extends StepMetrics {
  perStep: StepMetrics[];
}

export function maseScale(train: ArrayLike<number>, period: number): number {
  const m = Math.max(1, period);
  if (train.length <= m) return Number.NaN;
  let sum = 0;
  for (let t = m; t < train.length; t++) sum += Math.abs(train[t] - train[t - m]);
  return sum / (train.length - m);
}

/** actual and predicted are rows × horizon, row-major. */
export function forecastMetrics(
  actual: ArrayLike<number>,
  predicted: ArrayLike<number>,
  horizon: number,
  scale: number,
): ForecastMetrics {
  if (actual.length !== predicted.length) throw new Error(`${predicted.length} predictions for ${actual.length} actual values`);
  const rows = actual.length / horizon;
  const abs = new Float64Array(horizon);
  const sq = new Float64Array(horizon);
  for (let r = 0; r < rows; r++)
    for (let h = 0; h < horizon; h++) {
      const e = actual[r * horizon + h] - predicted[r * horizon + h];
      abs[h] += Math.abs(e);
      sq[h] += e * e;
    }
  const mase = (mae: number) => (scale > 0 ? mae / scale : Number.NaN);
  const perStep = Array.from({ length: horizon }, (_, h) => {
    const mae = abs[h] / rows;
    return { mae, rmse: Math.sqrt(sq[h] / rows), mase: mase(mae) };
  });
  const mae = abs.reduce((a, b) => a + b, 0) / (rows * horizon);
  const rmse = Math.sqrt(sq.reduce((a, b) => a + b, 0) / (rows * horizon));
  return { mae, rmse, mase: mase(mae), perStep };
}
