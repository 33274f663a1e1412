import "server-only";
// The MLP's objective and output head: the weighted mean loss per task (the linear baseline's
// objective) and logits turned into probabilities or values in the target's units.

import type { Design, ModelTask } from "./design";
import type { Predictions } from "./predictions";
import { tf } from "./tf-backend";

/** Weighted mean loss: Σ wᵢ·lossᵢ / Σ wᵢ, the same objective as the linear baseline's. */
export function weightedLoss(
  task: ModelTask,
  outputs: number,
  logits: tf.Tensor2D,
  y: tf.Tensor1D,
  weights: tf.Tensor1D,
): tf.Scalar {
  let perRow: tf.Tensor1D;
  if (task === "binary") {
    const z = logits.reshape([-1]) as tf.Tensor1D;
    perRow = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.log1p(tf.exp(tf.neg(tf.abs(z))))) as tf.Tensor1D;
  } else if (task === "multiclass") {
    const logProbabilities = tf.logSoftmax(logits);
    perRow = tf.neg(tf.sum(tf.mul(logProbabilities, tf.oneHot(tf.cast(y, "int32"), outputs)), 1)) as tf.Tensor1D;
  } else {
    perRow = tf.mul(0.5, tf.square(tf.sub(logits.reshape([-1]), y))) as tf.Tensor1D;
  }
  return tf.div(tf.sum(tf.mul(perRow, weights)), tf.sum(weights)) as tf.Scalar;
}

/** Sigmoid, softmax, or the standardised target scaled back to its units. */
export function logitsToPredictions(
  task: ModelTask,
  outputs: number,
  logits: Float32Array,
  rows: number,
  target: { mean: number; scale: number },
): Predictions {
  if (task === "binary") return { task, scores: Float64Array.from(logits, (z) => 1 / (1 + Math.exp(-z))) };
  if (task === "regression") return { task, values: Float64Array.from(logits, (z) => z * target.scale + target.mean) };
  const K = outputs;
  const probabilities = new Float64Array(rows * K);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, logits[r * K + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += probabilities[r * K + k] = Math.exp(logits[r * K + k] - max);
    for (let k = 0; k < K; k++) probabilities[r * K + k] /= sum;
  }
  return { task, numClasses: K, probabilities };
}

/** The targets the network trains on: class indices, or the regression target standardised. */
export function trainingTargets(d: Design, task: ModelTask, target: { mean: number; scale: number }): Float32Array {
  return Float32Array.from(d.y, (v) => (task === "regression" ? (v - target.mean) / target.scale : v));
}

/** Each row's weight in the loss: its class weight, or 1. */
export function rowWeights(d: Design, task: ModelTask, classWeights?: readonly number[]): Float32Array {
  return Float32Array.from(d.y, (v) => (task === "regression" || !classWeights ? 1 : classWeights[v]));
}
