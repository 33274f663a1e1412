// The one linear layer of a linear / logistic model, from its ONNX graph: an ai.onnx.ml
// LinearRegressor / LinearClassifier (skl2onnx) or a Gemm with constant weights (Tidemark's linear
// baseline: in-graph preprocessing, then one dense layer). A graph with any other learned layer
// (an MLP's second Gemm, a MatMul, a tree ensemble) is not linear in its inputs: null.

import { type GraphNode, numbersAttr, type OnnxGraph, stringAttr } from "../tree/onnx-graph";

export type LinearLayer = {
  node: GraphNode;
  /** Scores = W · x + b, W row-major targets × width. */
  weights: Float64Array;
  bias: Float64Array;
  targets: number;
  width: number;
  postTransform: string;
};

const LEARNED = new Set(["Gemm", "MatMul", "MatMulInteger", "Conv", "ConvTranspose", "LSTM", "GRU", "RNN", "Einsum"]);
const ML_LEARNED = new Set([
  "LinearClassifier",
  "LinearRegressor",
  "SVMClassifier",
  "SVMRegressor",
  "TreeEnsembleClassifier",
  "TreeEnsembleRegressor",
]);

export function parseLinearLayer(graph: OnnxGraph): LinearLayer | null {
  const learned = graph.nodes.filter((n) => (n.domain === "ai.onnx.ml" ? ML_LEARNED.has(n.opType) : LEARNED.has(n.opType)));
  if (learned.length !== 1) return null;
  const node = learned[0];
  if (node.opType === "Gemm") return fromGemm(graph, node);
  if (node.opType !== "LinearClassifier" && node.opType !== "LinearRegressor") return null;
  const coefficients = numbersAttr(node, "coefficients") ?? [];
  const intercepts = numbersAttr(node, "intercepts") ?? [];
  const targets = node.opType === "LinearRegressor" ? (numbersAttr(node, "targets")?.[0] ?? 1) : intercepts.length || 1;
  if (!Number.isInteger(targets) || targets < 1 || coefficients.length % targets !== 0) return null;
  const width = coefficients.length / targets;
  if (intercepts.length !== 0 && intercepts.length !== targets) return null;
  return {
    node,
    weights: Float64Array.from(coefficients),
    bias: Float64Array.from({ length: targets }, (_, t) => intercepts[t] ?? 0),
    targets,
    width,
    postTransform: stringAttr(node, "post_transform", "NONE"),
  };
}

function fromGemm(graph: OnnxGraph, node: GraphNode): LinearLayer | null {
  const [, bName, cName] = node.inputs;
  const B = graph.initializers.get(bName);
  const C = cName ? graph.initializers.get(cName) : undefined;
  // A bias named but not a constant initializer would be an input we cannot read.
  const unreadableBias = Boolean(cName) && C == null;
  if (B?.dims.length !== 2 || unreadableBias) return null;
  if ((numbersAttr(node, "transA")?.[0] ?? 0) !== 0) return null;
  const transB = (numbersAttr(node, "transB")?.[0] ?? 0) !== 0;
  const alpha = numbersAttr(node, "alpha")?.[0] ?? 1;
  const beta = numbersAttr(node, "beta")?.[0] ?? 1;
  const [rows, cols] = B.dims;
  const width = transB ? cols : rows;
  const targets = transB ? rows : cols;
  const weights = new Float64Array(targets * width);
  for (let t = 0; t < targets; t++)
    for (let c = 0; c < width; c++) weights[t * width + c] = alpha * B.values[transB ? t * cols + c : c * cols + t];
  const bias = new Float64Array(targets);
  if (C) {
    if (C.values.length !== targets && C.values.length !== 1) return null;
    for (let t = 0; t < targets; t++) bias[t] = beta * C.values[C.values.length === 1 ? 0 : t];
  }
  return { node, weights, bias, targets, width, postTransform: "NONE" };
}
