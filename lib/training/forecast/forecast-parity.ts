import "server-only";
// ONNX Runtime, fed the test windows as a client would send them, must reproduce the in-process
// forecasts: the test metrics describe the exported model only if it computes the same thing.
// Measured like the regression tasks' check: absolute difference in the training series' standard
// deviations (float32 cannot promise 1e-4 absolute on values in the hundreds).

import * as ort from "onnxruntime-node";
import { loadSession } from "@/lib/inference/load-session";
import { PARITY_TOLERANCE } from "../evaluation/parity-check";
import { FORECAST_OUTPUT } from "./forecast-graph";
import type { Windows } from "./windows";

export interface ForecastParity {
  rows: number;
  maxAbsDifference: number;
  /** maxAbsDifference divided by the training series' standard deviation. */
  maxScaledDifference: number;
  tolerance: number;
  passed: boolean;
}

export async function checkForecastParity(options: {
  onnx: Uint8Array;
  inputName: string;
  windows: Windows;
  expected: Float32Array;
  seriesScale: number;
}): Promise<ForecastParity> {
  const { windows: w } = options;
  const session = await loadSession(options.onnx);
  let actual: Float32Array;
  try {
    const feeds = { [options.inputName]: new ort.Tensor("float32", w.X, [w.rows, w.lookback]) };
    actual = (await session.run(feeds, [FORECAST_OUTPUT]))[FORECAST_OUTPUT].data as Float32Array;
  } finally {
    await session.release();
  }
  if (actual.length !== options.expected.length)
    throw new Error(`ONNX returned ${actual.length} values, the in-process model ${options.expected.length}`);
  let max = 0;
  for (let i = 0; i < actual.length; i++) max = Math.max(max, Math.abs(actual[i] - options.expected[i]));
  const scaled = max / Math.max(options.seriesScale, 1e-12);
  return {
    rows: w.rows,
    maxAbsDifference: max,
    maxScaledDifference: scaled,
    tolerance: PARITY_TOLERANCE,
    passed: scaled <= PARITY_TOLERANCE,
  };
}
