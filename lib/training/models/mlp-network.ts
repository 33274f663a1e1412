import "server-only";
// The MLP's network as raw tf variables: seeded initialisation, the forward pass (batch
// normalisation, a fresh seeded dropout mask per step), batched inference, and the export as dense
// layers with batch normalisation folded in.

import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import type { MlpOptions } from "../train-spec";
import { tf } from "./tf-backend";

const BN_EPSILON = 1e-3;
const BN_MOMENTUM = 0.99;
const PREDICT_CHUNK = 8192;

interface HiddenLayer {
  w: tf.Variable;
  b: tf.Variable;
  gamma?: tf.Variable;
  beta?: tf.Variable;
  movingMean?: tf.Variable;
  movingVar?: tf.Variable;
}

export interface MlpNetwork {
  hp: MlpOptions;
  inputWidth: number;
  outputs: number;
  hidden: HiddenLayer[];
  outW: tf.Variable;
  outB: tf.Variable;
  /** What Adam updates, in a fixed order. */
  trainable: tf.Variable[];
  /** Everything early stopping saves and restores: the trainable variables and the moving statistics. */
  stateful: tf.Variable[];
}

export function createMlpNetwork(inputWidth: number, outputs: number, hp: MlpOptions, random: () => number): MlpNetwork {
  const hidden: HiddenLayer[] = [];
  let inDim = inputWidth;
  for (const units of hp.hiddenLayers) {
    // He-uniform: keeps activation variance stable through ReLU layers.
    const layer: HiddenLayer = {
      w: uniformVariable(inDim, units, Math.sqrt(6 / inDim), random),
      b: tf.variable(tf.zeros([units])),
    };
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
  const outW = uniformVariable(inDim, outputs, Math.sqrt(6 / (inDim + outputs)), random);
  const outB = tf.variable(tf.zeros([outputs]));
  const trainable = [
    ...hidden.flatMap((l) => [l.w, l.b, l.gamma, l.beta].filter((v): v is tf.Variable => v !== undefined)),
    outW,
    outB,
  ];
  const stateful = [
    ...trainable,
    ...hidden.flatMap((l) => [l.movingMean, l.movingVar].filter((v): v is tf.Variable => v !== undefined)),
  ];
  return { hp, inputWidth, outputs, hidden, outW, outB, trainable, stateful };
}

/** Logits; in training, batch statistics go to batchStats (kept) for the moving averages. */
export function forward(
  net: MlpNetwork,
  x: tf.Tensor2D,
  training: boolean,
  dropoutSeed: number,
  batchStats?: tf.Tensor[],
): tf.Tensor2D {
  const { hp } = net;
  let h = x;
  net.hidden.forEach((layer, index) => {
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
      const keep = tf.cast(
        tf.greaterEqual(tf.randomUniform(h.shape, 0, 1, "float32", dropoutSeed + index), hp.dropout),
        "float32",
      );
      h = tf.div(tf.mul(h, keep), 1 - hp.dropout);
    }
  });
  return tf.add(tf.matMul(h, net.outW), net.outB);
}

/** Folds a training step's batch statistics into the moving mean and variance, and frees them. */
export function updateMovingStatistics(net: MlpNetwork, batchStats: tf.Tensor[]): void {
  tf.tidy(() => {
    net.hidden.forEach((layer, index) => {
      layer.movingMean!.assign(tf.add(tf.mul(layer.movingMean!, BN_MOMENTUM), tf.mul(batchStats[2 * index], 1 - BN_MOMENTUM)));
      layer.movingVar!.assign(tf.add(tf.mul(layer.movingVar!, BN_MOMENTUM), tf.mul(batchStats[2 * index + 1], 1 - BN_MOMENTUM)));
    });
  });
  tf.dispose(batchStats);
}

/** Inference logits (rows × outputs), in chunks so no tensor holds the whole matrix. */
export function logitsOf(net: MlpNetwork, x: Float32Array, rows: number): Float32Array {
  const width = net.inputWidth;
  const out = new Float32Array(rows * net.outputs);
  for (let start = 0; start < rows; start += PREDICT_CHUNK) {
    const end = Math.min(rows, start + PREDICT_CHUNK);
    const chunk = tf.tidy(
      () =>
        forward(
          net,
          tf.tensor2d(x.subarray(start * width, end * width), [end - start, width]),
          false,
          0,
        ).dataSync() as Float32Array,
    );
    out.set(chunk, start * net.outputs);
  }
  return out;
}

/** Dense layers with batch normalisation folded in and the target scale undone: the ONNX head. */
export function exportDenseLayers(net: MlpNetwork, target: { mean: number; scale: number }): DenseLayer[] {
  const layers: DenseLayer[] = [];
  let width = net.inputWidth;
  for (const layer of net.hidden) {
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
  const weights = Array.from(net.outW.dataSync(), (w) => w * target.scale);
  const bias = Array.from(net.outB.dataSync(), (b) => b * target.scale + target.mean);
  layers.push({ inDim: width, outDim: net.outputs, weights, bias });
  return layers;
}

function uniformVariable(rows: number, cols: number, limit: number, random: () => number): tf.Variable {
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = (2 * random() - 1) * limit;
  return tf.variable(tf.tensor2d(values, [rows, cols]));
}
