// ai.onnx.ml TreeEnsembleRegressor / TreeEnsembleClassifier nodes producing raw scores (margins).
// Every split is BRANCH_LEQ (x <= threshold goes to the true branch) with an explicit missing-value
// direction, so a model that learned where NaN goes keeps that routing in ONNX Runtime.

import { ML_DOMAIN, type GraphBuilder } from "./graph-builder";
import { attr } from "./onnx-proto";

/** One tree in flat form: node i is a leaf when feature[i] < 0; node 0 is the root. */
export interface EnsembleTree {
  /** Output column the tree's leaves add to (the class index for multiclass, 0 otherwise). */
  target: number;
  feature: ArrayLike<number>;
  /** float32 thresholds; x <= threshold goes left. */
  threshold: ArrayLike<number>;
  left: ArrayLike<number>;
  right: ArrayLike<number>;
  /** 1 when a NaN input goes left. */
  missingLeft: ArrayLike<number>;
  value: ArrayLike<number>;
}

export interface TreeEnsembleSpec {
  /** Output columns: 1 for regression and binary margins, K for multiclass. */
  numTargets: number;
  /** Added to each output after the trees are summed (ONNX base_values). */
  baseValues: ArrayLike<number>;
  trees: readonly EnsembleTree[];
}

export type EnsembleOperator = "TreeEnsembleRegressor" | "TreeEnsembleClassifier";

/** Width of the design matrix the ensemble reads (largest feature index + 1). */
export function ensembleInputWidth(spec: TreeEnsembleSpec): number {
  let max = -1;
  for (const t of spec.trees) for (let i = 0; i < t.feature.length; i++) max = Math.max(max, t.feature[i]);
  return max + 1;
}

export function validateEnsemble(spec: TreeEnsembleSpec): void {
  if (!Number.isInteger(spec.numTargets) || spec.numTargets < 1)
    throw new Error(`numTargets must be a positive integer, got ${spec.numTargets}`);
  if (spec.baseValues.length !== spec.numTargets)
    throw new Error(`baseValues holds ${spec.baseValues.length} values, expected ${spec.numTargets}`);
  if (spec.trees.length === 0) throw new Error("the ensemble has no trees");
  for (let i = 0; i < spec.baseValues.length; i++)
    if (!Number.isFinite(spec.baseValues[i])) throw new Error("baseValues must be finite");
  spec.trees.forEach((t, k) => {
    const where = `tree ${k}`;
    const n = t.feature.length;
    if (n === 0) throw new Error(`${where}: no nodes`);
    for (const [name, a] of [
      ["threshold", t.threshold],
      ["left", t.left],
      ["right", t.right],
      ["missingLeft", t.missingLeft],
      ["value", t.value],
    ] as const) {
      if (a.length !== n) throw new Error(`${where}: ${name} holds ${a.length} values, expected ${n}`);
    }
    if (!Number.isInteger(t.target) || t.target < 0 || t.target >= spec.numTargets)
      throw new Error(`${where}: target ${t.target} out of range`);
    for (let i = 0; i < n; i++) {
      if (t.feature[i] < 0) {
        if (!Number.isFinite(t.value[i])) throw new Error(`${where}: leaf ${i} has a non-finite value`);
        continue;
      }
      // Children must come after their parent: that rules out cycles, which ORT would loop on.
      for (const child of [t.left[i], t.right[i]]) {
        if (!Number.isInteger(child) || child <= i || child >= n)
          throw new Error(`${where}: node ${i} has an invalid child ${child}`);
      }
      if (Number.isNaN(t.threshold[i])) throw new Error(`${where}: node ${i} has a NaN threshold`);
    }
  });
}

/** Adds the ensemble reading float [N, D] `x`; returns the name of its float [N, numTargets] raw scores. */
export function addTreeEnsemble(g: GraphBuilder, x: string, spec: TreeEnsembleSpec, operator: EnsembleOperator): string {
  validateEnsemble(spec);
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as string[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTrue: [] as number[],
  };
  const leaves = { treeIds: [] as number[], nodeIds: [] as number[], targetIds: [] as number[], weights: [] as number[] };
  spec.trees.forEach((t, treeId) => {
    for (let i = 0; i < t.feature.length; i++) {
      const isLeaf = t.feature[i] < 0;
      nodes.treeIds.push(treeId);
      nodes.nodeIds.push(i);
      nodes.featureIds.push(isLeaf ? 0 : t.feature[i]);
      nodes.modes.push(isLeaf ? "LEAF" : "BRANCH_LEQ");
      nodes.values.push(isLeaf ? 0 : t.threshold[i]);
      nodes.trueIds.push(isLeaf ? 0 : t.left[i]);
      nodes.falseIds.push(isLeaf ? 0 : t.right[i]);
      nodes.missingTrue.push(isLeaf ? 0 : t.missingLeft[i] ? 1 : 0);
      if (isLeaf) {
        leaves.treeIds.push(treeId);
        leaves.nodeIds.push(i);
        leaves.targetIds.push(t.target);
        leaves.weights.push(t.value[i]);
      }
    }
  });
  const common = {
    nodes_treeids: attr.ints(nodes.treeIds),
    nodes_nodeids: attr.ints(nodes.nodeIds),
    nodes_featureids: attr.ints(nodes.featureIds),
    nodes_modes: attr.strings(nodes.modes),
    nodes_values: attr.floats(nodes.values),
    nodes_truenodeids: attr.ints(nodes.trueIds),
    nodes_falsenodeids: attr.ints(nodes.falseIds),
    nodes_missing_value_tracks_true: attr.ints(nodes.missingTrue),
    base_values: attr.floats(Array.from(spec.baseValues)),
    post_transform: attr.string("NONE"),
  };
  if (operator === "TreeEnsembleRegressor") {
    return g.node("TreeEnsembleRegressor", [x], {
      domain: ML_DOMAIN,
      attrs: {
        ...common,
        n_targets: attr.int(spec.numTargets),
        aggregate_function: attr.string("SUM"),
        target_treeids: attr.ints(leaves.treeIds),
        target_nodeids: attr.ints(leaves.nodeIds),
        target_ids: attr.ints(leaves.targetIds),
        target_weights: attr.floats(leaves.weights),
      },
    });
  }
  // The classifier's label output is unused: the serving contract wants probabilities, which the
  // caller derives from the scores output.
  const [, scores] = g.nodeMulti("TreeEnsembleClassifier", [x], 2, {
    domain: ML_DOMAIN,
    attrs: {
      ...common,
      classlabels_int64s: attr.ints(Array.from({ length: spec.numTargets }, (_, i) => i)),
      class_treeids: attr.ints(leaves.treeIds),
      class_nodeids: attr.ints(leaves.nodeIds),
      class_ids: attr.ints(leaves.targetIds),
      class_weights: attr.floats(leaves.weights),
    },
  });
  return scores;
}
