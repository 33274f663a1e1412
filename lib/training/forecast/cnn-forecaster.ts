import "server-only";
// A small 1D CNN predicting all H steps at once (direct multi-output): one convolution over the
// window (F filters of width k, ReLU), a dense ReLU layer, a linear layer of H units. Inputs and
// targets are relative to the window's last value and divided by a scale fitted on train only
// (the standard deviation of the training series' one-step changes), so the net sees level-free
// shapes and its forecast is added back onto the last value, in the graph as in-process.
//
// The convolution is trained as a matrix product over the window's patches (im2col): the
// TensorFlow.js wasm backend has no gradient kernel for Conv2D's filter, and a patch product is
// the same function. The export writes it as an ONNX Conv.

import { attr } from "@/lib/onnx/onnx-proto";
import { tf } from "../models/tf-backend";
import { createRandom, deriveSeed, shuffleInPlace } from "../random";
import type { EpochLoss, FittedForecaster, ForecastShape } from "./forecaster";
import { finishForecastGraph, startForecastGraph } from "./forecast-graph";
import type { Windows } from "./windows";

export interface CnnOptions {
  filters: number;
  kernel: number;
  hidden: number;
  learningRate: number;
  batchSize: number;
  maxEpochs: number;
  patience: number;
}

export const DEFAULT_CNN_OPTIONS: CnnOptions = {
  filters: 16,
  kernel: 3,
  hidden: 32,
  learningRate: 3e-3,
  batchSize: 32,
  maxEpochs: 200,
  patience: 15,
};

interface Weights {
  conv: Float32Array; // [k, F]
  convBias: Float32Array; // [F]
  dense: Float32Array; // [L'·F, D]
  denseBias: Float32Array; // [D]
  out: Float32Array; // [D, H]
  outBias: Float32Array; // [H]
}

/** The training scale: standard deviation of one-step changes on the training observations. */
export function changeScale(train: ArrayLike<number>): number {
  const n = train.length - 1;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += train[i + 1] - train[i];
  mean /= n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (train[i + 1] - train[i] - mean) ** 2;
  const sd = Math.sqrt(sq / n);
  return sd > 0 ? sd : 1;
}

/** Windows relative to their last value and scaled, as the graph's Sub and Mul compute them. */
function scaledInputs(X: Float32Array, rows: number, lookback: number, inverseScale: number): Float32Array {
  const Z = new Float32Array(rows * lookback);
  for (let r = 0; r < rows; r++) {
    const last = X[r * lookback + lookback - 1];
    for (let j = 0; j < lookback; j++) Z[r * lookback + j] = Math.fround(Math.fround(X[r * lookback + j] - last) * inverseScale);
  }
  return Z;
}

/** [rows·L', k] patches of the scaled window, L' = L − k + 1. */
function patches(Z: Float32Array, rows: number, lookback: number, kernel: number): Float32Array {
  const positions = lookback - kernel + 1;
  const P = new Float32Array(rows * positions * kernel);
  for (let r = 0; r < rows; r++)
    for (let p = 0; p < positions; p++)
      for (let j = 0; j < kernel; j++) P[(r * positions + p) * kernel + j] = Z[r * lookback + p + j];
  return P;
}

function glorot(random: () => number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return Float32Array.from({ length: fanIn * fanOut }, () => (2 * random() - 1) * limit);
}

export async function fitCnnForecaster(options: {
  train: Windows;
  validation: Windows;
  trainSeries: ArrayLike<number>;
  shape: ForecastShape;
  cnn: CnnOptions;
  seed: number;
}): Promise<FittedForecaster> {
  const { shape, cnn } = options;
  const { lookback: L, horizon: H } = shape;
  const k = Math.min(cnn.kernel, L);
  const positions = L - k + 1;
  const scale = Math.fround(changeScale(options.trainSeries));
  const inverseScale = Math.fround(1 / scale);
  const random = createRandom(deriveSeed(options.seed, "forecast-cnn"));
  const variables = {
    conv: tf.variable(tf.tensor2d(glorot(random, k, cnn.filters), [k, cnn.filters])),
    convBias: tf.variable(tf.zeros([cnn.filters])),
    dense: tf.variable(tf.tensor2d(glorot(random, positions * cnn.filters, cnn.hidden), [positions * cnn.filters, cnn.hidden])),
    denseBias: tf.variable(tf.zeros([cnn.hidden])),
    out: tf.variable(tf.tensor2d(glorot(random, cnn.hidden, H), [cnn.hidden, H])),
    outBias: tf.variable(tf.zeros([H])),
  };
  const forward = (P: tf.Tensor, rows: number) =>
    tf.tidy(() => {
      const conv = tf.relu(tf.add(tf.matMul(P.reshape([rows * positions, k]), variables.conv), variables.convBias));
      const hidden = tf.relu(
        tf.add(tf.matMul(conv.reshape([rows, positions * cnn.filters]), variables.dense), variables.denseBias),
      );
      return tf.add(tf.matMul(hidden, variables.out), variables.outBias) as tf.Tensor2D;
    });
  const data = (w: Windows) => {
    const Z = scaledInputs(w.X, w.rows, L, inverseScale);
    const T = Float32Array.from({ length: w.rows * H }, (_, i) => (w.Y[i] - w.X[Math.floor(i / H) * L + L - 1]) / scale);
    return { P: patches(Z, w.rows, L, k), T, rows: w.rows };
  };
  const train = data(options.train);
  const validation = data(options.validation);
  const validationP = tf.tensor2d(validation.P, [validation.rows * positions, k]);
  const validationT = tf.tensor2d(validation.T, [validation.rows, H]);
  const optimizer = tf.train.adam(cnn.learningRate);
  const history: EpochLoss[] = [];
  const snapshot = (): Weights => ({
    conv: variables.conv.dataSync() as Float32Array,
    convBias: variables.convBias.dataSync() as Float32Array,
    dense: variables.dense.dataSync() as Float32Array,
    denseBias: variables.denseBias.dataSync() as Float32Array,
    out: variables.out.dataSync() as Float32Array,
    outBias: variables.outBias.dataSync() as Float32Array,
  });
  let best = { loss: Number.POSITIVE_INFINITY, weights: snapshot(), epoch: 0 };
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  try {
    for (let epoch = 1; epoch <= cnn.maxEpochs && epoch - best.epoch <= cnn.patience; epoch++) {
      shuffleInPlace(order, random);
      let trainLoss = 0;
      for (let start = 0; start < train.rows; start += cnn.batchSize) {
        const batch = order.subarray(start, Math.min(start + cnn.batchSize, train.rows));
        const P = new Float32Array(batch.length * positions * k);
        const T = new Float32Array(batch.length * H);
        batch.forEach((row, i) => {
          P.set(train.P.subarray(row * positions * k, (row + 1) * positions * k), i * positions * k);
          T.set(train.T.subarray(row * H, (row + 1) * H), i * H);
        });
        const loss = tf.tidy(() => {
          const p = tf.tensor2d(P, [batch.length * positions, k]);
          const t = tf.tensor2d(T, [batch.length, H]);
          return optimizer.minimize(
            () => tf.losses.meanSquaredError(t, forward(p, batch.length)) as tf.Scalar,
            true,
          ) as tf.Scalar;
        });
        trainLoss += (loss.dataSync()[0] * batch.length) / train.rows;
        loss.dispose();
      }
      const validationLoss = tf.tidy(
        () => tf.losses.meanSquaredError(validationT, forward(validationP, validation.rows)).dataSync()[0],
      );
      history.push({ epoch, train: trainLoss, validation: validationLoss });
      if (validationLoss < best.loss) best = { loss: validationLoss, weights: snapshot(), epoch };
    }
  } finally {
    validationP.dispose();
    validationT.dispose();
    for (const v of Object.values(variables)) v.dispose();
    optimizer.dispose();
  }
  return cnnForecaster({ weights: best.weights, shape, kernel: k, cnn, scale, inverseScale, bestEpoch: best.epoch, history });
}

function cnnForecaster(o: {
  weights: Weights;
  shape: ForecastShape;
  kernel: number;
  cnn: CnnOptions;
  scale: number;
  inverseScale: number;
  bestEpoch: number;
  history: EpochLoss[];
}): FittedForecaster {
  const { weights: w, kernel: k, cnn } = o;
  const { lookback: L, horizon: H } = o.shape;
  const positions = L - k + 1;
  const description = `1D CNN: ${cnn.filters} filters of width ${k}, dense ${cnn.hidden}, ${H} outputs (best epoch ${o.bestEpoch} of ${o.history.length})`;
  return {
    name: "cnn",
    description,
    history: o.history,
    predict(X, rows) {
      const P = patches(scaledInputs(X, rows, L, o.inverseScale), rows, L, k);
      const scaled = tf.tidy(() => {
        const conv = tf.relu(
          tf.add(
            tf.matMul(tf.tensor2d(P, [rows * positions, k]), tf.tensor2d(w.conv, [k, cnn.filters])),
            tf.tensor1d(w.convBias),
          ),
        );
        const dense = tf.tensor2d(w.dense, [positions * cnn.filters, cnn.hidden]);
        const hidden = tf.relu(tf.add(tf.matMul(conv.reshape([rows, positions * cnn.filters]), dense), tf.tensor1d(w.denseBias)));
        return tf.add(tf.matMul(hidden, tf.tensor2d(w.out, [cnn.hidden, H])), tf.tensor1d(w.outBias)).dataSync() as Float32Array;
      });
      const out = new Float32Array(rows * H);
      for (let i = 0; i < out.length; i++)
        out[i] = Math.fround(Math.fround(scaled[i] * o.scale) + X[Math.floor(i / H) * L + L - 1]);
      return out;
    },
    toOnnx(inputName) {
      const f = startForecastGraph(inputName, L);
      const g = f.g;
      const z = g.node("Mul", [
        g.node("Sub", [f.window, f.last]),
        g.constant(Float32Array.of(o.inverseScale), [1], "inverse_scale"),
      ]);
      const channels = g.node("Reshape", [z, g.constant(BigInt64Array.of(-1n, 1n, BigInt(L)), [3], "ncw")]);
      // ONNX Conv weights are [F, 1, k]; the patch product's are [k, F].
      const convW = Float32Array.from({ length: cnn.filters * k }, (_, i) => w.conv[(i % k) * cnn.filters + Math.floor(i / k)]);
      const conv = g.node("Relu", [
        g.node(
          "Conv",
          [channels, g.constant(convW, [cnn.filters, 1, k], "conv_w"), g.constant(w.convBias, [cnn.filters], "conv_b")],
          {
            attrs: { kernel_shape: attr.ints([k]) },
          },
        ),
      ]);
      // [N, F, L'] → [N, L', F] → [N, L'·F]: the position-major order the dense weights were trained in.
      const flat = g.node("Flatten", [g.node("Transpose", [conv], { attrs: { perm: attr.ints([0, 2, 1]) } })], {
        attrs: { axis: attr.int(1) },
      });
      const hidden = g.node("Relu", [
        g.node("Gemm", [
          flat,
          g.constant(w.dense, [positions * cnn.filters, cnn.hidden], "dense_w"),
          g.constant(w.denseBias, [cnn.hidden], "dense_b"),
        ]),
      ]);
      const scaled = g.node("Gemm", [hidden, g.constant(w.out, [cnn.hidden, H], "out_w"), g.constant(w.outBias, [H], "out_b")]);
      const level = g.node("Add", [g.node("Mul", [scaled, g.constant(Float32Array.of(o.scale), [1], "scale")]), f.last]);
      return finishForecastGraph(f, level, H, description);
    },
  };
}
