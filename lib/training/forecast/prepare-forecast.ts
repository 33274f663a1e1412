import "server-only";
// Stage 1 of a forecast run: the series, its seasonal period (from --frequency, else detected on
// train), the lookback, the chronological split and the windows of each split.

import type { ForecastSpec } from "../train-spec";
import type { ForecastShape } from "./forecaster";
import { type Frequency, parseFrequency } from "./frequency";
import { type LoadedSeries, loadSeries } from "./load-series";
import { detectPeriod } from "./seasonality";
import { buildWindows, SPLIT_FRACTIONS, type SeriesSplit, splitSeries, WindowError, type Windows } from "./windows";

export interface PreparedForecast {
  series: LoadedSeries;
  frequency: Frequency | null;
  period: number;
  periodSource: "frequency" | "autocorrelation";
  shape: ForecastShape;
  split: SeriesSplit;
  windows: { train: Windows; validation: Windows; test: Windows };
}

export async function prepareForecast(spec: ForecastSpec): Promise<PreparedForecast> {
  const series = await loadSeries(spec);
  const frequency = spec.frequency ? parseFrequency(spec.frequency) : null;
  const trainEnd = Math.floor(series.values.length * SPLIT_FRACTIONS.train);
  const period = frequency?.period ?? detectPeriod(series.values.subarray(0, trainEnd));
  const lookback = spec.lookback ?? Math.max(2 * period, 2 * spec.horizon, 8);
  if (lookback < period)
    throw new WindowError(
      `--lookback ${lookback} is shorter than the seasonal period ${period}: seasonal naive (and any model) needs a full season in the window`,
    );
  const shape = { lookback, horizon: spec.horizon };
  const split = splitSeries(series.values.length, lookback, spec.horizon);
  const windows = {
    train: buildWindows(series.values, split.train, lookback, spec.horizon),
    validation: buildWindows(series.values, split.validation, lookback, spec.horizon),
    test: buildWindows(series.values, split.test, lookback, spec.horizon),
  };
  return { series, frequency, period, periodSource: frequency?.period ? "frequency" : "autocorrelation", shape, split, windows };
}
