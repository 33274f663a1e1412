// A stack of dense layers (ReLU between them) evaluated in float64: how the pipeline runs the linear
// and constant baselines, with exactly the layer layout the ONNX export writes.

import type { DenseLayer } from "@/lib/onnx/build-tabular-model";
import type { ModelTask } from "./design";
import type { Predictions } from "./predictions";

export function denseForward(layers: readonly DenseLayer[], task: ModelTask, x: Float32Array, rows: number): Predictions {
  let input: Float64Array = Float64Array.from(x);
  let width = layers[0].inDim;
  layers.forEach((layer, index) => {
    const out = new Float64Array(rows * layer.outDim);
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < layer.outDim; k++) out[r * layer.outDim + k] = layer.bias[k];
      for (let j = 0; j < width; j++) {
        const v = input[r * width + j];
        if (v === 0) continue;
        for (let k = 0; k < layer.outDim; k++) out[r * layer.outDim + k] += v * layer.weights[j * layer.outDim + k];
      }
    }
    if (index < layers.length - 1) for (let i = 0; i < out.length; i++) out[i] = Math.max(0, out[i]);
    input = out;
    width = layer.outDim;
  });
  if (task === "regression") return { task, values: input };
  if (task === "binary") return { task, scores: input.map((z) => 1 / (1 + Math.exp(-z))) };
  const K = width;
  const probabilities = new Float64Array(rows * K);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, input[r * K + k]);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += probabilities[r * K + k] = Math.exp(input[r * K + k] - max);
    for (let k = 0; k < K; k++) probabilities[r * K + k] /= sum;
  }
  return { task, numClasses: K, probabilities };
}
