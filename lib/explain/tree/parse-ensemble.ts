// The trees of one ai.onnx.ml TreeEnsembleRegressor / TreeEnsembleClassifier node, in the flat
// form TreeSHAP walks. Decisions follow ONNX Runtime exactly: `x <op> threshold` in float32, and a
// NaN goes to the true branch only where nodes_missing_value_tracks_true says so (NEQ is true
// for NaN anyway, every other comparison false). Anything this reader cannot reproduce exactly
// (MIN/MAX aggregation, double-precision tensor attributes, malformed trees) gives null.

import { type GraphNode, numbersAttr, stringAttr, stringsAttr } from "./onnx-graph";

export const MODES = ["BRANCH_LEQ", "BRANCH_LT", "BRANCH_GTE", "BRANCH_GT", "BRANCH_EQ", "BRANCH_NEQ"] as const;
const LEAF = -1;

export type FlatTree = {
  /** Column read by node i, or −1 for a leaf. Node 0 is the root; children come after parents. */
  feature: Int32Array;
  threshold: Float64Array;
  /** Index into MODES. */
  mode: Uint8Array;
  trueChild: Int32Array;
  falseChild: Int32Array;
  missingTrue: Uint8Array;
  /** Leaf outputs, node-major: value[node * numTargets + t]. */
  value: Float64Array;
  /** The targets any leaf of this tree adds to (usually one). */
  targets: number[];
  depth: number;
};

export type ParsedEnsemble = {
  operator: "TreeEnsembleRegressor" | "TreeEnsembleClassifier";
  numTargets: number;
  baseValues: Float64Array;
  postTransform: string;
  trees: FlatTree[];
  /** Largest column index read + 1. */
  inputWidth: number;
  /** Classifier labels, as strings. */
  classLabels?: string[];
  /** Whether any leaf adds to a target other than 0 (a binary classifier scoring one class only has none). */
  usesTargetsBeyondFirst: boolean;
};

export const isTreeEnsemble = (n: GraphNode) =>
  n.domain === "ai.onnx.ml" && (n.opType === "TreeEnsembleRegressor" || n.opType === "TreeEnsembleClassifier");

export function parseEnsemble(node: GraphNode): ParsedEnsemble | null {
  const operator = node.opType as ParsedEnsemble["operator"];
  const unsupported = ["nodes_values_as_tensor", "base_values_as_tensor", "target_weights_as_tensor", "class_weights_as_tensor"];
  if (unsupported.some((a) => node.attributes.has(a))) return null;
  const aggregate = stringAttr(node, "aggregate_function", "SUM");
  if (aggregate !== "SUM" && aggregate !== "AVERAGE") return null;
  const prefix = operator === "TreeEnsembleRegressor" ? "target" : "class";
  const classLabels =
    operator === "TreeEnsembleClassifier"
      ? (stringsAttr(node, "classlabels_strings") ?? numbersAttr(node, "classlabels_int64s")?.map(String))
      : undefined;
  const numTargets =
    operator === "TreeEnsembleRegressor" ? (numbersAttr(node, "n_targets")?.[0] ?? 1) : (classLabels?.length ?? 0);
  if (!Number.isInteger(numTargets) || numTargets < 1) return null;

  const treeIds = numbersAttr(node, "nodes_treeids") ?? [];
  const nodeIds = numbersAttr(node, "nodes_nodeids") ?? [];
  const featureIds = numbersAttr(node, "nodes_featureids") ?? [];
  const modes = stringsAttr(node, "nodes_modes") ?? [];
  const values = numbersAttr(node, "nodes_values") ?? [];
  const trueIds = numbersAttr(node, "nodes_truenodeids") ?? [];
  const falseIds = numbersAttr(node, "nodes_falsenodeids") ?? [];
  const missing = numbersAttr(node, "nodes_missing_value_tracks_true") ?? [];
  const n = treeIds.length;
  if (!n || [nodeIds, featureIds, modes, trueIds, falseIds].some((a) => a.length !== n)) return null;
  if (values.length !== n || (missing.length !== 0 && missing.length !== n)) return null;

  // Group node rows by tree, keeping first-seen order.
  const byTree = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const rows = byTree.get(treeIds[i]) ?? [];
    rows.push(i);
    byTree.set(treeIds[i], rows);
  }
  const leafTree = numbersAttr(node, `${prefix}_treeids`) ?? [];
  const leafNode = numbersAttr(node, `${prefix}_nodeids`) ?? [];
  const leafTarget = numbersAttr(node, `${prefix}_ids`) ?? [];
  const leafWeight = numbersAttr(node, `${prefix}_weights`) ?? [];
  if ([leafNode, leafTarget, leafWeight].some((a) => a.length !== leafTree.length)) return null;
  const scale = aggregate === "AVERAGE" ? 1 / byTree.size : 1;

  const trees: FlatTree[] = [];
  const index = new Map<number, Map<number, number>>();
  for (const [treeId, rows] of byTree) {
    const tree = buildTree(rows, { nodeIds, featureIds, modes, values, trueIds, falseIds, missing }, numTargets);
    if (!tree) return null;
    index.set(treeId, tree.position);
    trees.push(tree.tree);
  }
  const treePosition = new Map([...byTree.keys()].map((id, k) => [id, k]));
  let usesTargetsBeyondFirst = false;
  for (let e = 0; e < leafTree.length; e++) {
    const k = treePosition.get(leafTree[e]);
    const at = index.get(leafTree[e])?.get(leafNode[e]);
    const target = leafTarget[e];
    if (k === undefined || at === undefined || !Number.isInteger(target) || target < 0 || target >= numTargets) return null;
    const tree = trees[k];
    if (tree.feature[at] !== LEAF) return null;
    tree.value[at * numTargets + target] += leafWeight[e] * scale;
    if (!tree.targets.includes(target)) tree.targets.push(target);
    if (target > 0) usesTargetsBeyondFirst = true;
  }
  const base = numbersAttr(node, "base_values") ?? [];
  if (base.length !== 0 && base.length !== numTargets && !(operator === "TreeEnsembleClassifier" && base.length === 1))
    return null;
  const baseValues = new Float64Array(numTargets);
  base.forEach((v, t) => {
    baseValues[t] = v;
  });
  let inputWidth = 0;
  for (const t of trees) for (const f of t.feature) inputWidth = Math.max(inputWidth, f + 1);
  return {
    operator,
    numTargets,
    baseValues,
    postTransform: stringAttr(node, "post_transform", "NONE"),
    trees,
    inputWidth,
    classLabels,
    usesTargetsBeyondFirst,
  };
}

type NodeColumns = {
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missing: number[];
};

/** One tree's rows re-laid out depth-first from its root, so children always follow parents. */
function buildTree(rows: number[], c: NodeColumns, numTargets: number): { tree: FlatTree; position: Map<number, number> } | null {
  const byId = new Map<number, number>();
  for (const r of rows) {
    if (byId.has(c.nodeIds[r])) return null;
    byId.set(c.nodeIds[r], r);
  }
  const children = new Set<number>();
  for (const r of rows) if (c.modes[r] !== "LEAF") children.add(c.trueIds[r]).add(c.falseIds[r]);
  const roots = rows.filter((r) => !children.has(c.nodeIds[r]));
  if (roots.length !== 1) return null;
  const order: number[] = [];
  const depthOf: number[] = [];
  const position = new Map<number, number>();
  const stack: [number, number][] = [[roots[0], 0]];
  while (stack.length) {
    const [r, depth] = stack.pop()!;
    if (position.has(c.nodeIds[r]) || order.length > rows.length) return null; // a node reached twice: not a tree
    position.set(c.nodeIds[r], order.length);
    order.push(r);
    depthOf.push(depth);
    if (c.modes[r] === "LEAF") continue;
    const t = byId.get(c.trueIds[r]);
    const f = byId.get(c.falseIds[r]);
    if (t === undefined || f === undefined) return null;
    stack.push([f, depth + 1], [t, depth + 1]);
  }
  const m = order.length;
  const tree: FlatTree = {
    feature: new Int32Array(m),
    threshold: new Float64Array(m),
    mode: new Uint8Array(m),
    trueChild: new Int32Array(m),
    falseChild: new Int32Array(m),
    missingTrue: new Uint8Array(m),
    value: new Float64Array(m * numTargets),
    targets: [],
    depth: Math.max(...depthOf),
  };
  for (let i = 0; i < m; i++) {
    const r = order[i];
    if (c.modes[r] === "LEAF") {
      tree.feature[i] = LEAF;
      continue;
    }
    const mode = MODES.indexOf(c.modes[r] as (typeof MODES)[number]);
    if (mode < 0 || !Number.isInteger(c.featureIds[r]) || c.featureIds[r] < 0) return null;
    tree.feature[i] = c.featureIds[r];
    tree.threshold[i] = c.values[r];
    tree.mode[i] = mode;
    tree.trueChild[i] = position.get(c.trueIds[r])!;
    tree.falseChild[i] = position.get(c.falseIds[r])!;
    tree.missingTrue[i] = c.missing.length ? (c.missing[r] ? 1 : 0) : 0;
  }
  return { tree, position };
}

/** ONNX Runtime's decision at node i for value x. */
export function goesTrue(tree: FlatTree, i: number, x: number): boolean {
  const t = tree.threshold[i];
  if (Number.isNaN(x) && tree.missingTrue[i]) return true;
  switch (tree.mode[i]) {
    case 0:
      return x <= t;
    case 1:
      return x < t;
    case 2:
      return x >= t;
    case 3:
      return x > t;
    case 4:
      return x === t;
    default:
      return x !== t;
  }
}
