// One interface for every forecaster the run compares (baselines, trees, the CNN): the pipeline
// loops over them instead of branching on a kind. predict() is the in-process model the metrics
// are computed with; toOnnx() writes the same model as a graph from a [N, L] window to [N, H].

export const FORECAST_MODELS = ["last_value", "seasonal_naive", "gbdt", "cnn"] as const;
export type ForecastModelName = (typeof FORECAST_MODELS)[number];

export interface ForecastShape {
  lookback: number;
  horizon: number;
}

export interface EpochLoss {
  epoch: number;
  train: number;
  validation: number;
}

export interface FittedForecaster {
  name: ForecastModelName;
  description: string;
  /** rows × lookback windows → rows × horizon forecasts (float32, as ONNX Runtime computes them). */
  predict(X: Float32Array, rows: number): Float32Array;
  /** The model as ONNX: input named `inputName` [N, lookback] float32, output "forecast" [N, horizon]. */
  toOnnx(inputName: string): Uint8Array;
  history?: EpochLoss[];
}
