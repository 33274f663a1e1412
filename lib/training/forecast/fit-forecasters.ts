import "server-only";
// Stage 2: the baselines and the learners --models names, each fitted on the training windows
// (the learners early-stop on validation), then scored on validation for selection.

import { initTensorflow } from "../models/tf-backend";
import type { ForecastSpec } from "../train-spec";
import { lastValueForecaster, seasonalNaiveForecaster } from "./baselines";
import { DEFAULT_CNN_OPTIONS, fitCnnForecaster } from "./cnn-forecaster";
import { type ForecastMetrics, forecastMetrics } from "./forecast-metrics";
import type { FittedForecaster } from "./forecaster";
import type { PreparedForecast } from "./prepare-forecast";
import { fitTreeForecaster } from "./tree-forecaster";

export interface ScoredForecaster {
  model: FittedForecaster;
  validation: ForecastMetrics;
}

export async function fitForecasters(
  spec: ForecastSpec,
  prepared: PreparedForecast,
  scale: number,
  stage: (message: string) => void,
): Promise<ScoredForecaster[]> {
  const { shape, windows, period, series, split } = prepared;
  const models: FittedForecaster[] = [lastValueForecaster(shape), seasonalNaiveForecaster(shape, period)];
  if (spec.models.includes("gbdt")) {
    stage(`Fitting gradient-boosted trees (${shape.horizon} step${shape.horizon === 1 ? "" : "s"})…`);
    models.push(
      fitTreeForecaster({ train: windows.train, validation: windows.validation, shape, gbdt: spec.gbdt, seed: spec.seed }),
    );
  }
  if (spec.models.includes("cnn")) {
    stage(`Training the 1D CNN on ${await initTensorflow()}…`);
    models.push(
      await fitCnnForecaster({
        train: windows.train,
        validation: windows.validation,
        trainSeries: series.values.subarray(split.train.start, split.train.end),
        shape,
        cnn: { ...DEFAULT_CNN_OPTIONS, ...spec.cnn },
        seed: spec.seed,
      }),
    );
  }
  const v = windows.validation;
  return models.map((model) => ({ model, validation: forecastMetrics(v.Y, model.predict(v.X, v.rows), shape.horizon, scale) }));
}

/** Lowest validation value of the declared metric; ties go to the simpler model (earlier in the list). */
export function selectForecaster(scored: readonly ScoredForecaster[], metric: "mae" | "rmse" | "mase"): ScoredForecaster {
  let best = scored[0];
  for (const s of scored) if (s.validation[metric] < best.validation[metric]) best = s;
  return best;
}
