// The two forecasts every model must beat. Last value: every step repeats the last observation.
// Seasonal naive: step h repeats the observation one season earlier, y_{t+h−m·⌈h/m⌉}. Both read
// only the window, so both export to ONNX as a column gather.

import type { FittedForecaster, ForecastShape } from "./forecaster";
import { finishForecastGraph, gatherColumns, startForecastGraph } from "./forecast-graph";

/** Window column (0 = oldest) each horizon step copies, for a season of `period` steps. */
export function seasonalColumns(shape: ForecastShape, period: number): number[] {
  const m = Math.max(1, period);
  if (m > shape.lookback) throw new Error(`seasonal naive needs a lookback of at least the period ${m}, got ${shape.lookback}`);
  return Array.from({ length: shape.horizon }, (_, i) => {
    const h = i + 1;
    return shape.lookback - 1 + h - m * Math.ceil(h / m);
  });
}

function gatherForecaster(
  name: "last_value" | "seasonal_naive",
  description: string,
  shape: ForecastShape,
  columns: number[],
): FittedForecaster {
  return {
    name,
    description,
    predict(X, rows) {
      const out = new Float32Array(rows * shape.horizon);
      for (let r = 0; r < rows; r++)
        for (let h = 0; h < shape.horizon; h++) out[r * shape.horizon + h] = X[r * shape.lookback + columns[h]];
      return out;
    },
    toOnnx(inputName) {
      const f = startForecastGraph(inputName, shape.lookback);
      return finishForecastGraph(f, gatherColumns(f, columns), shape.horizon, description);
    },
  };
}

export function lastValueForecaster(shape: ForecastShape): FittedForecaster {
  return gatherForecaster("last_value", "last value repeated", shape, seasonalColumns(shape, 1));
}

export function seasonalNaiveForecaster(shape: ForecastShape, period: number): FittedForecaster {
  return gatherForecaster("seasonal_naive", `seasonal naive, period ${period}`, shape, seasonalColumns(shape, period));
}
