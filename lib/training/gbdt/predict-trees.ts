// Tree traversal exactly as ONNX Runtime's TreeEnsemble (BRANCH_LEQ) does it: a row goes to the
// true (left) branch when x <= threshold, or when x is NaN and the node tracks missing values to
// the true branch; otherwise it goes right.

import type { Tree } from "./types";

export function leafOf(tree: Tree, X: ArrayLike<number>, rowBase: number): number {
  const { feature, threshold, left, right, missingLeft } = tree;
  let node = 0;
  while (feature[node] >= 0) {
    const x = X[rowBase + feature[node]];
    node = x <= threshold[node] || (Number.isNaN(x) && missingLeft[node] === 1) ? left[node] : right[node];
  }
  return node;
}

/**
 * out[r·K + tree.target] += leaf value for every row (or only `rows`). With a Float32Array `out`
 * each addition is rounded to float32, which is how ONNX Runtime accumulates float tree outputs.
 */
export function addTreeOutputs(
  tree: Tree,
  X: ArrayLike<number>,
  numRows: number,
  numFeatures: number,
  out: Float32Array | Float64Array,
  numOutputs: number,
  rows?: Int32Array,
): void {
  const value = tree.value;
  const k = tree.target;
  if (rows) {
    for (let i = 0; i < rows.length; i++) out[rows[i] * numOutputs + k] += value[leafOf(tree, X, rows[i] * numFeatures)];
    return;
  }
  for (let r = 0; r < numRows; r++) out[r * numOutputs + k] += value[leafOf(tree, X, r * numFeatures)];
}
