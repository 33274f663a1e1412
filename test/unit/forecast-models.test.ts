// The forecasters on a synthetic series with a known season (period 6), a trend and noise: the
// baselines equal brute-force forecasts, the learners beat seasonal naive on the test windows, and
// every exported ONNX graph reproduces its in-process model in ONNX Runtime.
import * as ort from "onnxruntime-node";
import { beforeAll, describe, expect, it } from "vitest";
import { lastValueForecaster, seasonalColumns, seasonalNaiveForecaster } from "@/lib/training/forecast/baselines";
import { DEFAULT_CNN_OPTIONS, fitCnnForecaster } from "@/lib/training/forecast/cnn-forecaster";
import { forecastMetrics, maseScale } from "@/lib/training/forecast/forecast-metrics";
import type { FittedForecaster } from "@/lib/training/forecast/forecaster";
import { parseFrequency } from "@/lib/training/forecast/frequency";
import { detectPeriod } from "@/lib/training/forecast/seasonality";
import { fitTreeForecaster } from "@/lib/training/forecast/tree-forecaster";
import { buildWindows, splitSeries } from "@/lib/training/forecast/windows";
import { initTensorflow } from "@/lib/training/models/tf-backend";
import { createRandom } from "@/lib/training/random";
import { gbdtOptionsSchema } from "@/lib/training/train-spec";

const PATTERN = [0, 2, 3, 1, -1, -2];
function synthetic(n: number, noise: number, seed = 7): Float64Array {
  const random = createRandom(seed);
  // Box–Muller normal noise
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Float64Array.from({ length: n }, (_, t) => 50 + 0.02 * t + PATTERN[t % 6] + noise * normal());
}

const values = synthetic(420, 0.3);
const shape = { lookback: 12, horizon: 3 };
const split = splitSeries(values.length, shape.lookback, shape.horizon);
const windows = {
  train: buildWindows(values, split.train, shape.lookback, shape.horizon),
  validation: buildWindows(values, split.validation, shape.lookback, shape.horizon),
  test: buildWindows(values, split.test, shape.lookback, shape.horizon),
};
const scale = maseScale(values.subarray(split.train.start, split.train.end), 6);

async function onnxForecast(model: FittedForecaster, X: Float32Array, rows: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(model.toOnnx("y"));
  const out = (await session.run({ y: new ort.Tensor("float32", X, [rows, shape.lookback]) })).forecast;
  expect(out.dims).toEqual([rows, shape.horizon]);
  return out.data as Float32Array;
}

async function expectParity(model: FittedForecaster): Promise<void> {
  const t = windows.test;
  const inProcess = model.predict(t.X, t.rows);
  const onnx = await onnxForecast(model, t.X, t.rows);
  let max = 0;
  for (let i = 0; i < onnx.length; i++) max = Math.max(max, Math.abs(onnx[i] - inProcess[i]));
  expect(max).toBeLessThanOrEqual(1e-4);
}

const testMase = (model: FittedForecaster) =>
  forecastMetrics(windows.test.Y, model.predict(windows.test.X, windows.test.rows), shape.horizon, scale).mase;

describe("frequency and season", () => {
  it("reads the period from --frequency when the unit has a whole cycle", () => {
    expect(parseFrequency("1h")).toEqual({ label: "1h", period: 24 });
    expect(parseFrequency("2h").period).toBe(12);
    expect(parseFrequency("1mo").period).toBe(12);
    expect(parseFrequency("1d").period).toBe(7);
    expect(parseFrequency("5h").period).toBeNull();
    expect(parseFrequency("1y").period).toBeNull();
    expect(() => parseFrequency("hourly")).toThrow(/--frequency: expected a count and a unit/);
  });

  it("detects the period by autocorrelation on train, and none in white noise", () => {
    expect(detectPeriod(values.subarray(0, split.train.end))).toBe(6);
    const random = createRandom(3);
    expect(detectPeriod(Float64Array.from({ length: 300 }, () => random()))).toBe(1);
  });
});

describe("baselines", () => {
  it("seasonal naive copies the value one season before each step (brute force)", async () => {
    expect(seasonalColumns({ lookback: 5, horizon: 4 }, 2)).toEqual([3, 4, 3, 4]);
    const model = seasonalNaiveForecaster(shape, 6);
    const t = windows.test;
    const p = model.predict(t.X, t.rows);
    for (let r = 0; r < t.rows; r++)
      for (let h = 1; h <= shape.horizon; h++) expect(p[r * 3 + h - 1]).toBe(Math.fround(values[t.origins[r] + h - 6]));
    expect(Array.from(await onnxForecast(model, t.X, t.rows))).toEqual(Array.from(p));
    const last = lastValueForecaster(shape);
    const q = last.predict(t.X, t.rows);
    for (let r = 0; r < t.rows; r++) expect(q[r * 3 + 2]).toBe(Math.fround(values[t.origins[r]]));
    expect(Array.from(await onnxForecast(last, t.X, t.rows))).toEqual(Array.from(q));
  });
});

describe("learners on a seasonal series with noise", () => {
  beforeAll(async () => {
    await initTensorflow();
  });

  it("trees beat seasonal naive and their ONNX graph matches", async () => {
    const gbdt = gbdtOptionsSchema.parse({ rounds: 120, maxDepth: 4 });
    const trees = fitTreeForecaster({ ...windows, shape, gbdt, seed: 1 });
    expect(testMase(trees)).toBeLessThan(testMase(seasonalNaiveForecaster(shape, 6)));
    await expectParity(trees);
  });

  it("the 1D CNN beats seasonal naive and its ONNX Conv graph matches", async () => {
    const cnn = await fitCnnForecaster({
      ...windows,
      trainSeries: values.subarray(split.train.start, split.train.end),
      shape,
      cnn: { ...DEFAULT_CNN_OPTIONS, maxEpochs: 40, patience: 10 },
      seed: 1,
    });
    expect(cnn.history!.length).toBeGreaterThan(0);
    expect(testMase(cnn)).toBeLessThan(testMase(seasonalNaiveForecaster(shape, 6)));
    await expectParity(cnn);
  });
});
