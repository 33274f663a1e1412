import "server-only";
// Gradient-boosted trees on lag features, direct multi-output: one ensemble per horizon step,
// trained through the existing GBDT learner and exported together as one TreeEnsembleRegressor
// with H targets. Features are the window relative to its last value (x_j − x_L) and the window's
// mean relative to it (a rolling-mean feature); the target is y_{t+h} − x_L. Trees cannot
// extrapolate levels they never saw, so working relative to the last value is what lets them
// follow a trend into the test period.

import { attr } from "@/lib/onnx/onnx-proto";
import { addTreeEnsemble, type EnsembleTree } from "@/lib/onnx/tree-ensemble";
import { type GbdtModel, trainGbdt } from "../gbdt";
import { gbdtParamsFor } from "../models/tree-candidate";
import type { GbdtOptions } from "../train-spec";
import type { FittedForecaster, ForecastShape } from "./forecaster";
import { finishForecastGraph, startForecastGraph } from "./forecast-graph";
import type { Windows } from "./windows";

/** rows × (L + 1) float32 features, computed in the order ONNX Runtime computes them. */
export function lagFeatures(X: Float32Array, rows: number, lookback: number): Float32Array {
  const width = lookback + 1;
  const F = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const last = X[r * lookback + lookback - 1];
    let sum = 0;
    for (let j = 0; j < lookback; j++) {
      const d = Math.fround(X[r * lookback + j] - last);
      F[r * width + j] = d;
      sum = Math.fround(sum + d);
    }
    F[r * width + lookback] = Math.fround(sum / lookback);
  }
  return F;
}

export function lagFeatureNames(lookback: number): string[] {
  return [...Array.from({ length: lookback }, (_, j) => `lag${lookback - 1 - j}_minus_last`), "window_mean_minus_last"];
}

function stepTargets(w: Windows, h: number): Float64Array {
  return Float64Array.from({ length: w.rows }, (_, r) => w.Y[r * w.horizon + h] - w.X[r * w.lookback + w.lookback - 1]);
}

export function fitTreeForecaster(options: {
  train: Windows;
  validation: Windows;
  shape: ForecastShape;
  gbdt: GbdtOptions;
  seed: number;
}): FittedForecaster {
  const { train, validation, shape } = options;
  const featureNames = lagFeatureNames(shape.lookback);
  const trainX = lagFeatures(train.X, train.rows, shape.lookback);
  const validationX = lagFeatures(validation.X, validation.rows, shape.lookback);
  const models: GbdtModel[] = [];
  for (let h = 0; h < shape.horizon; h++) {
    models.push(
      trainGbdt({
        task: "regression",
        X: trainX,
        y: stepTargets(train, h),
        validation: { X: validationX, y: stepTargets(validation, h) },
        featureNames,
        params: gbdtParamsFor(options.gbdt),
        seed: options.seed + h,
      }),
    );
  }
  const rounds = models.map((m) => m.bestRound + 1);
  const description = `gradient-boosted trees on ${shape.lookback} lags and the window mean, one ensemble per step (${Math.min(...rounds)}–${Math.max(...rounds)} rounds)`;
  return {
    name: "gbdt",
    description,
    predict(X, rows) {
      const F = lagFeatures(X, rows, shape.lookback);
      const out = new Float32Array(rows * shape.horizon);
      models.forEach((model, h) => {
        const p = model.predict(F);
        for (let r = 0; r < rows; r++)
          out[r * shape.horizon + h] = Math.fround(p[r] + X[r * shape.lookback + shape.lookback - 1]);
      });
      return out;
    },
    toOnnx(inputName) {
      const f = startForecastGraph(inputName, shape.lookback);
      const relative = f.g.node("Sub", [f.window, f.last]);
      const mean = f.g.node("ReduceMean", [relative], { attrs: { axes: attr.ints([1]), keepdims: attr.int(1) } });
      const features = f.g.node("Concat", [relative, mean], { attrs: { axis: attr.int(1) } });
      const trees: EnsembleTree[] = models.flatMap((m, h) => m.trees.map((t) => ({ ...t, target: h })));
      const ensemble = { numTargets: shape.horizon, baseValues: models.map((m) => m.baseScores[0]), trees };
      const steps = addTreeEnsemble(f.g, features, ensemble, "TreeEnsembleRegressor");
      return finishForecastGraph(f, f.g.node("Add", [steps, f.last]), shape.horizon, description);
    },
  };
}
