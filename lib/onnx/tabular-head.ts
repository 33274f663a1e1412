// Dense head (linear model or MLP) plus the task-specific output of the serving contract.

import type { GraphBuilder } from "./graph-builder";
import { attr } from "./onnx-proto";

export type TabularTask = "binary" | "multiclass" | "regression";

export interface DenseLayer {
  /** inDim × outDim, row-major: weights[i * outDim + j] connects input i to output j. */
  weights: Float32Array | readonly number[];
  bias: Float32Array | readonly number[];
  inDim: number;
  outDim: number;
}

/** Output tensor names the serving layer looks up. */
export const OUTPUT_NAMES: Readonly<Record<TabularTask, string>> = {
  binary: "probabilities",
  multiclass: "probabilities",
  regression: "value",
};

export function validateLayers(layers: readonly DenseLayer[], inputWidth: number, task: TabularTask): number {
  if (layers.length === 0) throw new Error("at least one layer is required");
  let width = inputWidth;
  layers.forEach((l, k) => {
    const where = `layer ${k}`;
    if (!Number.isInteger(l.inDim) || !Number.isInteger(l.outDim) || l.inDim < 1 || l.outDim < 1) {
      throw new Error(`${where}: inDim/outDim must be positive integers`);
    }
    if (l.inDim !== width) throw new Error(`${where}: inDim ${l.inDim} does not match the ${width} columns feeding it`);
    if (l.weights.length !== l.inDim * l.outDim)
      throw new Error(`${where}: weights hold ${l.weights.length} values, expected ${l.inDim}×${l.outDim}`);
    if (l.bias.length !== l.outDim) throw new Error(`${where}: bias holds ${l.bias.length} values, expected ${l.outDim}`);
    // A NaN/Inf parameter would load fine and then poison every prediction; refuse it at export.
    if (!allFinite(l.weights) || !allFinite(l.bias)) throw new Error(`${where}: parameters must be finite`);
    width = l.outDim;
  });
  if ((task === "binary" || task === "regression") && width !== 1)
    throw new Error(`${task} needs a single output unit, got ${width}`);
  if (task === "multiclass" && width < 2) throw new Error(`multiclass needs at least 2 output units, got ${width}`);
  return width;
}

/** Adds Gemm layers with ReLU between them and the task output; returns the output width. */
export function addHead(g: GraphBuilder, x: string, layers: readonly DenseLayer[], task: TabularTask): number {
  let h = x;
  layers.forEach((l, k) => {
    const w = g.constant(Float32Array.from(l.weights), [l.inDim, l.outDim], `W${k}`);
    const b = g.constant(Float32Array.from(l.bias), [l.outDim], `b${k}`);
    const isLast = k === layers.length - 1;
    const output = isLast && task === "regression" ? OUTPUT_NAMES.regression : undefined;
    h = g.node("Gemm", [h, w, b], { output });
    if (!isLast) h = g.node("Relu", [h]);
  });
  const width = layers[layers.length - 1].outDim;
  if (task === "binary") {
    // [sigmoid(-z), sigmoid(z)] equals [1 - p, p] but keeps full relative precision for the
    // small class probability, where 1 - p would cancel to 0 for confident predictions.
    const both = g.node("Concat", [g.node("Neg", [h]), h], { attrs: { axis: attr.int(1) } });
    g.node("Sigmoid", [both], { output: OUTPUT_NAMES.binary });
    g.output(OUTPUT_NAMES.binary, "float", ["N", 2]);
    return 2;
  }
  if (task === "multiclass") {
    g.node("Softmax", [h], { attrs: { axis: attr.int(1) }, output: OUTPUT_NAMES.multiclass });
    g.output(OUTPUT_NAMES.multiclass, "float", ["N", width]);
    return width;
  }
  g.output(OUTPUT_NAMES.regression, "float", ["N", 1]);
  return 1;
}

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
