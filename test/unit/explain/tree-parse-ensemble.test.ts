// What the ensemble reader refuses: anything it could not reproduce exactly is null, so the
// dispatcher samples instead of answering wrongly.
import { describe, expect, it } from "vitest";
import type { GraphNode } from "@/lib/explain/tree/onnx-graph";
import { parseEnsemble } from "@/lib/explain/tree/parse-ensemble";

/** A one-split regressor: x0 <= 0.5 ? 1 : 2, as ai.onnx.ml attributes. */
function stump(overrides: Record<string, number | string | number[] | string[]> = {}): GraphNode {
  const attributes = new Map<string, number | string | number[] | string[]>(
    Object.entries({
      n_targets: 1,
      nodes_treeids: [0, 0, 0],
      nodes_nodeids: [0, 1, 2],
      nodes_featureids: [0, 0, 0],
      nodes_modes: ["BRANCH_LEQ", "LEAF", "LEAF"],
      nodes_values: [0.5, 0, 0],
      nodes_truenodeids: [1, 0, 0],
      nodes_falsenodeids: [2, 0, 0],
      target_treeids: [0, 0],
      target_nodeids: [1, 2],
      target_ids: [0, 0],
      target_weights: [1, 2],
      base_values: [0.25],
      ...overrides,
    }),
  );
  return { opType: "TreeEnsembleRegressor", domain: "ai.onnx.ml", inputs: ["x"], outputs: ["y"], attributes };
}

describe("parseEnsemble", () => {
  it("reads a well-formed stump", () => {
    const e = parseEnsemble(stump())!;
    expect(e.trees).toHaveLength(1);
    expect(Array.from(e.trees[0].feature)).toEqual([0, -1, -1]);
    expect(Array.from(e.trees[0].value)).toEqual([0, 1, 2]);
    expect(Array.from(e.baseValues)).toEqual([0.25]);
  });

  it("divides leaf weights by the number of trees for AVERAGE", () => {
    // Two copies of the stump, tree ids 0 and 1.
    const two = stump({
      aggregate_function: "AVERAGE",
      nodes_treeids: [0, 0, 0, 1, 1, 1],
      nodes_nodeids: [0, 1, 2, 0, 1, 2],
      nodes_featureids: [0, 0, 0, 0, 0, 0],
      nodes_modes: ["BRANCH_LEQ", "LEAF", "LEAF", "BRANCH_LEQ", "LEAF", "LEAF"],
      nodes_values: [0.5, 0, 0, 0.5, 0, 0],
      nodes_truenodeids: [1, 0, 0, 1, 0, 0],
      nodes_falsenodeids: [2, 0, 0, 2, 0, 0],
      target_treeids: [0, 0, 1, 1],
      target_nodeids: [1, 2, 1, 2],
      target_ids: [0, 0, 0, 0],
      target_weights: [1, 2, 3, 4],
    });
    const e = parseEnsemble(two)!;
    expect(e.trees.map((t) => Array.from(t.value))).toEqual([
      [0, 0.5, 1],
      [0, 1.5, 2],
    ]);
  });

  it.each([
    ["MIN aggregation", { aggregate_function: "MIN" }],
    ["an unknown branch mode", { nodes_modes: ["BRANCH_IN", "LEAF", "LEAF"] }],
    ["a cycle (a child pointing at the root)", { nodes_truenodeids: [0, 0, 0] }],
    ["a missing child", { nodes_falsenodeids: [7, 0, 0] }],
    ["a weight on a branch node", { target_nodeids: [0, 2] }],
    ["a target out of range", { target_ids: [0, 3] }],
    ["attribute arrays of different lengths", { nodes_values: [0.5, 0] }],
    ["double-precision tensor thresholds", { nodes_values_as_tensor: [] }],
  ])("returns null for %s", (_, overrides) => {
    expect(parseEnsemble(stump(overrides as never))).toBeNull();
  });
});
