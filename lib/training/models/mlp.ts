import "server-only";
// The MLP: 2–3 dense ReLU layers (optional batch normalisation, dropout), trained with Adam on
// mini-batches, early-stopped on validation loss with the best weights restored. Written against
// raw tf variables rather than tf.layers so every source of randomness is seeded by us: initial
// weights from our PRNG, batch order from a seeded shuffle, and a fresh seeded dropout mask per step
// (tf.layers' Dropout reuses one seed for every call, which would drop the same units every batch).

import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import type { MlpOptions } from "../train-spec";
import { createRandom, deriveSeed, shuffleInPlace } from "../random";
import { outputUnits, type Design, type ModelTask } from "./design";
import type { Predictions } from "./predictions";
import { tf } from "./tf-backend";

const BN_EPSILON = 1e-3;
const BN_MOMENTUM = 0.99;
const PREDICT_CHUNK = 8192;

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  /** The primary metric on validation (binary F1/accuracy at 0.5). */
  validationMetric: number;
  /** Mean over the epoch's steps of the global L2 norm of all gradients. */
  gradientNorm: number;
  seconds: number;
}

export interface MlpProgress extends EpochRecord {
  maxEpochs: number;
  bestEpoch: number;
  bestValidationLoss: number;
}

export interface TrainMlpOptions {
  task: ModelTask;
  numClasses: number;
  classWeights?: readonly number[];
  seed: number;
  hyperparameters: MlpOptions;
  /** Scores validation predictions for the per-epoch curve. */
  validationMetric: (predictions: Predictions) => number;
  onEpoch?: (progress: MlpProgress) => void;
  /** Learning rate per optimizer step (0-based), overriding hyperparameters.learningRate: the range test's sweep. */
  learningRateAt?: (step: number) => number;
  /** Called after every optimizer step with its mini-batch loss; returning false ends training there. */
  onStep?: (step: number, loss: number) => boolean | void;
}

interface HiddenLayer {
  w: tf.Variable;
  b: tf.Variable;
  gamma?: tf.Variable;
  beta?: tf.Variable;
  movingMean?: tf.Variable;
  movingVar?: tf.Variable;
}

export interface TrainedMlp {
  history: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: boolean;
  /** Runs the restored best network in TensorFlow.js (the in-process model the ONNX export is checked against). */
  predict(x: Float32Array, rows: number): Predictions;
  /** Dense layers with batch normalisation folded in and the target scale undone: the ONNX head. */
  exportLayers(): DenseLayer[];
  dispose(): void;
}

export function trainMlp(train: Design, validation: Design, options: TrainMlpOptions): TrainedMlp {
  const { task, hyperparameters: hp } = options;
  const K = outputUnits(task, options.numClasses);
  const random = createRandom(deriveSeed(options.seed, "mlp-init"));
  // Regression trains on a standardised target so Adam's step size means the same for any unit.
  const yMean = task === "regression" ? mean(train.y) : 0;
  const yScale = task === "regression" ? std(train.y, yMean) || 1 : 1;

  const hidden: HiddenLayer[] = [];
  let inDim = train.width;
  for (const units of hp.hiddenLayers) {
    // He-uniform: keeps activation variance stable through ReLU layers.
    const layer: HiddenLayer = { w: uniformVariable(inDim, units, Math.sqrt(6 / inDim), random), b: tf.variable(tf.zeros([units])) };
    if (hp.batchNorm) {
      layer.gamma = tf.variable(tf.ones([units]));
      layer.beta = tf.variable(tf.zeros([units]));
      layer.movingMean = tf.variable(tf.zeros([units]), false);
      layer.movingVar = tf.variable(tf.ones([units]), false);
    }
    hidden.push(layer);
    inDim = units;
  }
  // Glorot-uniform for the linear output layer.
  const outW = uniformVariable(inDim, K, Math.sqrt(6 / (inDim + K)), random);
  const outB = tf.variable(tf.zeros([K]));
  const trainable = [...hidden.flatMap((l) => [l.w, l.b, l.gamma, l.beta].filter((v): v is tf.Variable => v !== undefined)), outW, outB];
  const stateful = [...trainable, ...hidden.flatMap((l) => [l.movingMean, l.movingVar].filter((v): v is tf.Variable => v !== undefined))];

  const forward = (x: tf.Tensor2D, training: boolean, dropoutSeed: number, batchStats?: tf.Tensor[]): tf.Tensor2D => {
    let h = x;
    hidden.forEach((layer, index) => {
      h = tf.add(tf.matMul(h, layer.w), layer.b);
      if (layer.gamma && layer.beta && layer.movingMean && layer.movingVar) {
        let m: tf.Tensor;
        let v: tf.Tensor;
        if (training) {
          const moments = tf.moments(h, 0);
          m = moments.mean;
          v = moments.variance;
          batchStats?.push(tf.keep(m), tf.keep(v));
        } else {
          m = layer.movingMean;
          v = layer.movingVar;
        }
        h = tf.add(tf.mul(tf.div(tf.sub(h, m), tf.sqrt(tf.add(v, BN_EPSILON))), layer.gamma), layer.beta);
      }
      h = tf.relu(h);
      if (training && hp.dropout > 0) {
        const keep = tf.cast(tf.greaterEqual(tf.randomUniform(h.shape, 0, 1, "float32", dropoutSeed + index), hp.dropout), "float32");
        h = tf.div(tf.mul(h, keep), 1 - hp.dropout);
      }
    });
    return tf.add(tf.matMul(h, outW), outB);
  };

  // Weighted mean loss: Σ wᵢ·lossᵢ / Σ wᵢ, the same objective as the linear baseline's.
  const lossOf = (logits: tf.Tensor2D, y: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar => {
    let perRow: tf.Tensor1D;
    if (task === "binary") {
      const z = logits.reshape([-1]) as tf.Tensor1D;
      perRow = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))) as tf.Tensor1D;
    } else if (task === "multiclass") {
      const logProbabilities = tf.logSoftmax(logits);
      perRow = tf.neg(tf.sum(tf.mul(logProbabilities, tf.oneHot(tf.cast(y, "int32"), K)), 1)) as tf.Tensor1D;
    } else {
      perRow = tf.mul(0.5, tf.square(tf.sub(logits.reshape([-1]), y))) as tf.Tensor1D;
    }
    return tf.div(tf.sum(tf.mul(perRow, weights)), tf.sum(weights)) as tf.Scalar;
  };

  const targetsOf = (d: Design) => Float32Array.from(d.y, (v) => (task === "regression" ? (v - yMean) / yScale : v));
  const weightsOf = (d: Design) => Float32Array.from(d.y, (v) => (task === "regression" || !options.classWeights ? 1 : options.classWeights[v]));

  // Batches are gathered in JS and copied in one at a time, rather than holding a copy of the whole
  // training matrix inside the backend: at a million rows that copy alone is ~100 MB.
  const yTrain = targetsOf(train);
  const wTrain = weightsOf(train);
  const xBatch = new Float32Array(hp.batchSize * train.width);
  const yBatch = new Float32Array(hp.batchSize);
  const wBatch = new Float32Array(hp.batchSize);
  const yValidation = targetsOf(validation);
  const wValidation = weightsOf(validation);
  const optimizer = tf.train.adam(hp.learningRate);
  const order = Int32Array.from({ length: train.rows }, (_, i) => i);
  const shuffle = createRandom(deriveSeed(options.seed, "mlp-shuffle"));
  const dropoutSeeds = createRandom(deriveSeed(options.seed, "mlp-dropout"));

  const logitsOf = (x: Float32Array, rows: number): Float32Array => {
    const out = new Float32Array(rows * K);
    for (let start = 0; start < rows; start += PREDICT_CHUNK) {
      const end = Math.min(rows, start + PREDICT_CHUNK);
      const chunk = tf.tidy(() => forward(tf.tensor2d(x.subarray(start * train.width, end * train.width), [end - start, train.width]), false, 0).dataSync() as Float32Array);
      out.set(chunk, start * K);
    }
    return out;
  };
  const toPredictions = (logits: Float32Array, rows: number): Predictions => {
    if (task === "binary") return { task, scores: Float64Array.from(logits, (z) => 1 / (1 + Math.exp(-z))) };
    if (task === "regression") return { task, values: Float64Array.from(logits, (z) => z * yScale + yMean) };
    const probabilities = new Float64Array(rows * K);
    for (let r = 0; r < rows; r++) {
      let max = -Infinity;
      for (let k = 0; k < K; k++) max = Math.max(max, logits[r * K + k]);
      let sum = 0;
      for (let k = 0; k < K; k++) sum += probabilities[r * K + k] = Math.exp(logits[r * K + k] - max);
      for (let k = 0; k < K; k++) probabilities[r * K + k] /= sum;
    }
    return { task, numClasses: K, probabilities };
  };
  const validationLoss = (logits: Float32Array): number =>
    tf.tidy(() => lossOf(tf.tensor2d(logits, [validation.rows, K]), tf.tensor1d(yValidation), tf.tensor1d(wValidation)).dataSync()[0]);

  const history: EpochRecord[] = [];
  let best = { epoch: 0, loss: Infinity, weights: [] as Float32Array[] };
  let stoppedEarly = false;
  let step = 0;
  let halted = false;
  // Adam reads its rate on every step; tfjs keeps it in a protected field with no setter.
  const adamRate = optimizer as unknown as { learningRate: number };
  for (let epoch = 1; epoch <= hp.maxEpochs && !halted; epoch++) {
    const started = performance.now();
    shuffleInPlace(order, shuffle);
    let lossSum = 0;
    let normSum = 0;
    let steps = 0;
    for (let start = 0; start < train.rows; start += hp.batchSize) {
      const batch = order.subarray(start, Math.min(train.rows, start + hp.batchSize));
      // A batch of one has no batch variance; batch normalisation cannot train on it.
      if (hp.batchNorm && batch.length < 2) continue;
      const dropoutSeed = Math.floor(dropoutSeeds() * 2 ** 31);
      if (options.learningRateAt) adamRate.learningRate = options.learningRateAt(step);
      const batchStats: tf.Tensor[] = [];
      const size = batch.length;
      for (let k = 0; k < size; k++) {
        const row = batch[k];
        xBatch.set(train.x.subarray(row * train.width, (row + 1) * train.width), k * train.width);
        yBatch[k] = yTrain[row];
        wBatch[k] = wTrain[row];
      }
      const [loss, norm] = tf.tidy(() => {
        const xb = tf.tensor2d(xBatch.subarray(0, size * train.width), [size, train.width]);
        const yb = tf.tensor1d(yBatch.subarray(0, size));
        const wb = tf.tensor1d(wBatch.subarray(0, size));
        const { value, grads } = tf.variableGrads(() => lossOf(forward(xb, true, dropoutSeed, batchStats), yb, wb), trainable);
        const globalNorm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
        optimizer.applyGradients(grads as Parameters<typeof optimizer.applyGradients>[0]);
        return [value.dataSync()[0], globalNorm.dataSync()[0]];
      });
      if (hp.batchNorm) {
        tf.tidy(() => {
          hidden.forEach((layer, index) => {
            layer.movingMean!.assign(tf.add(tf.mul(layer.movingMean!, BN_MOMENTUM), tf.mul(batchStats[2 * index], 1 - BN_MOMENTUM)));
            layer.movingVar!.assign(tf.add(tf.mul(layer.movingVar!, BN_MOMENTUM), tf.mul(batchStats[2 * index + 1], 1 - BN_MOMENTUM)));
          });
        });
        tf.dispose(batchStats);
      }
      lossSum += loss * batch.length;
      normSum += norm;
      steps++;
      if (options.onStep?.(step++, loss) === false) {
        halted = true;
        break;
      }
    }
    // A halted sweep has done its job; its partial epoch is not worth a validation pass.
    if (halted) break;
    const validationLogits = logitsOf(validation.x, validation.rows);
    const record: EpochRecord = {
      epoch,
      trainLoss: lossSum / train.rows,
      validationLoss: validationLoss(validationLogits),
      validationMetric: options.validationMetric(toPredictions(validationLogits, validation.rows)),
      gradientNorm: normSum / Math.max(steps, 1),
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    if (!Number.isFinite(record.trainLoss) || !Number.isFinite(record.validationLoss)) {
      throw new Error(`MLP training diverged at epoch ${epoch} (train loss ${record.trainLoss}, validation loss ${record.validationLoss})`);
    }
    if (record.validationLoss < best.loss) best = { epoch, loss: record.validationLoss, weights: stateful.map((v) => v.dataSync().slice() as Float32Array) };
    options.onEpoch?.({ ...record, maxEpochs: hp.maxEpochs, bestEpoch: best.epoch, bestValidationLoss: best.loss });
    if (epoch - best.epoch >= hp.patience) {
      stoppedEarly = true;
      break;
    }
  }
  if (best.weights.length > 0) stateful.forEach((v, i) => v.assign(tf.tensor(best.weights[i], v.shape)));
  optimizer.dispose();

  return {
    history,
    bestEpoch: best.epoch,
    stoppedEarly,
    predict: (x, rows) => toPredictions(logitsOf(x, rows), rows),
    exportLayers() {
      const layers: DenseLayer[] = [];
      let width = train.width;
      for (const layer of hidden) {
        const units = layer.b.shape[0];
        const weights = Float64Array.from(layer.w.dataSync());
        const bias = Float64Array.from(layer.b.dataSync());
        if (layer.gamma) {
          // y = γ·(xW + b − μ)/√(σ² + ε) + β  ⇒  W' = W·s, b' = (b − μ)·s + β with s = γ/√(σ² + ε).
          const gamma = layer.gamma.dataSync();
          const beta = layer.beta!.dataSync();
          const mu = layer.movingMean!.dataSync();
          const variance = layer.movingVar!.dataSync();
          for (let j = 0; j < units; j++) {
            const s = gamma[j] / Math.sqrt(variance[j] + BN_EPSILON);
            for (let i = 0; i < width; i++) weights[i * units + j] *= s;
            bias[j] = (bias[j] - mu[j]) * s + beta[j];
          }
        }
        layers.push({ inDim: width, outDim: units, weights: Array.from(weights), bias: Array.from(bias) });
        width = units;
      }
      const weights = Array.from(outW.dataSync(), (w) => w * yScale);
      const bias = Array.from(outB.dataSync(), (b) => b * yScale + yMean);
      layers.push({ inDim: width, outDim: K, weights, bias });
      return layers;
    },
    dispose: () => tf.dispose(stateful),
  };
}

function uniformVariable(rows: number, cols: number, limit: number, random: () => number): tf.Variable {
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * limit;
  return tf.variable(tf.tensor2d(values, [rows, cols]));
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

function std(values: ArrayLike<number>, m: number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return Math.sqrt(sum / values.length);
}
