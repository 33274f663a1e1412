// Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, "Consistent individualized feature
// attribution for tree ensembles", Algorithm 2), O(L·D²) per tree and row.
//
// The conditional expectation E[f(x) | x_S] is the paper's path-dependent one: at a split on a
// feature outside S, both children are followed, weighted by the share of the node's cover each
// child holds. ONNX trees carry no training counts, so the covers here come from a background
// sample passed through the trees: the expectations are under the background's distribution, and
// the base value (E[f]) is the background's mean margin. A node no background row reached splits
// its (zero) weight evenly; that weight is zero upstream, so it never changes a value.

import { type FlatTree, goesTrue } from "./parse-ensemble";

/** Share of its parent's cover each node holds (1 for the root). */
export function coverFractions(
  tree: FlatTree,
  background: Float32Array | Float64Array,
  rows: number,
  width: number,
): Float64Array {
  const n = tree.feature.length;
  const count = new Float64Array(n);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    count[0]++;
    while (tree.feature[i] >= 0) {
      i = goesTrue(tree, i, background[r * width + tree.feature[i]]) ? tree.trueChild[i] : tree.falseChild[i];
      count[i]++;
    }
  }
  const fraction = new Float64Array(n);
  fraction[0] = 1;
  for (let i = 0; i < n; i++) {
    if (tree.feature[i] < 0) continue;
    const t = tree.trueChild[i];
    const f = tree.falseChild[i];
    fraction[t] = count[i] > 0 ? count[t] / count[i] : 0.5;
    fraction[f] = count[i] > 0 ? count[f] / count[i] : 0.5;
  }
  return fraction;
}

/** E[f] per target under the cover fractions: Σ over leaves of value × the product of fractions on its path. */
export function expectedValue(tree: FlatTree, fraction: Float64Array, numTargets: number, out: Float64Array): void {
  const weight = new Float64Array(tree.feature.length);
  weight[0] = 1;
  for (let i = 0; i < tree.feature.length; i++) {
    if (tree.feature[i] >= 0) {
      weight[tree.trueChild[i]] = weight[i] * fraction[tree.trueChild[i]];
      weight[tree.falseChild[i]] = weight[i] * fraction[tree.falseChild[i]];
    } else {
      for (const t of tree.targets) out[t] += weight[i] * tree.value[i * numTargets + t];
    }
  }
}

/**
 * Adds one tree's SHAP values for row `x` to phi (column-major by target: phi[column * numTargets + t])
 * and its output to margin. Reuses `scratch` across calls (sized by scratchSize for the deepest tree).
 */
export class TreeShap {
  private readonly d: Int32Array;
  private readonly z: Float64Array;
  private readonly o: Float64Array;
  private readonly w: Float64Array;
  private readonly stride: number;
  private tree!: FlatTree;
  private fraction!: Float64Array;
  private x!: ArrayLike<number>;
  private xOffset = 0;
  private phi!: Float64Array;
  private numTargets = 1;

  constructor(maxDepth: number) {
    this.stride = maxDepth + 2;
    const size = this.stride * (maxDepth + 2);
    this.d = new Int32Array(size);
    this.z = new Float64Array(size);
    this.o = new Float64Array(size);
    this.w = new Float64Array(size);
  }

  explainTree(
    tree: FlatTree,
    fraction: Float64Array,
    x: ArrayLike<number>,
    xOffset: number,
    numTargets: number,
    phi: Float64Array,
    margin: Float64Array,
  ): void {
    this.tree = tree;
    this.fraction = fraction;
    this.x = x;
    this.xOffset = xOffset;
    this.phi = phi;
    this.numTargets = numTargets;
    let i = 0;
    while (tree.feature[i] >= 0) i = goesTrue(tree, i, x[xOffset + tree.feature[i]]) ? tree.trueChild[i] : tree.falseChild[i];
    for (const t of tree.targets) margin[t] += tree.value[i * numTargets + t];
    this.recurse(0, 0, 0, 1, 1, -1);
  }

  private recurse(node: number, level: number, parentLength: number, pz: number, po: number, pi: number): void {
    const { d, z, o, w, tree } = this;
    const at = level * this.stride;
    if (level > 0) {
      const from = at - this.stride;
      for (let k = 0; k < parentLength; k++) {
        d[at + k] = d[from + k];
        z[at + k] = z[from + k];
        o[at + k] = o[from + k];
        w[at + k] = w[from + k];
      }
    }
    let length = this.extend(at, parentLength, pz, po, pi);
    const feature = tree.feature[node];
    if (feature < 0) {
      const K = this.numTargets;
      for (let k = 1; k < length; k++) {
        const scale = this.unwoundSum(at, length, k) * (o[at + k] - z[at + k]);
        for (const t of tree.targets) this.phi[d[at + k] * K + t] += scale * tree.value[node * K + t];
      }
      return;
    }
    const toTrue = goesTrue(tree, node, this.x[this.xOffset + feature]);
    const hot = toTrue ? tree.trueChild[node] : tree.falseChild[node];
    const cold = toTrue ? tree.falseChild[node] : tree.trueChild[node];
    let iz = 1;
    let io = 1;
    for (let k = 1; k < length; k++) {
      if (d[at + k] !== feature) continue;
      iz = z[at + k];
      io = o[at + k];
      this.unwind(at, length, k);
      length--;
      break;
    }
    const hotZ = iz * this.fraction[hot];
    const coldZ = iz * this.fraction[cold];
    // A child with zero weight on both the "feature known" and "unknown" sides adds nothing.
    if (hotZ !== 0 || io !== 0) this.recurse(hot, level + 1, length, hotZ, io, feature);
    if (coldZ !== 0) this.recurse(cold, level + 1, length, coldZ, 0, feature);
  }

  /** Appends (pi, pz, po) to the path of `length` elements at `at`; returns the new length. */
  private extend(at: number, length: number, pz: number, po: number, pi: number): number {
    const { d, z, o, w } = this;
    const l = length;
    d[at + l] = pi;
    z[at + l] = pz;
    o[at + l] = po;
    w[at + l] = l === 0 ? 1 : 0;
    for (let i = l - 1; i >= 0; i--) {
      w[at + i + 1] += (po * w[at + i] * (i + 1)) / (l + 1);
      w[at + i] = (pz * w[at + i] * (l - i)) / (l + 1);
    }
    return l + 1;
  }

  /** Removes element k from the path, undoing its extension. */
  private unwind(at: number, length: number, k: number): void {
    const { d, z, o, w } = this;
    const l = length - 1;
    const ok = o[at + k];
    const zk = z[at + k];
    let next = w[at + l];
    for (let j = l - 1; j >= 0; j--) {
      if (ok !== 0) {
        const saved = w[at + j];
        w[at + j] = (next * (l + 1)) / ((j + 1) * ok);
        next = saved - (w[at + j] * zk * (l - j)) / (l + 1);
      } else {
        w[at + j] = (w[at + j] * (l + 1)) / (zk * (l - j));
      }
    }
    for (let j = k; j < l; j++) {
      d[at + j] = d[at + j + 1];
      z[at + j] = z[at + j + 1];
      o[at + j] = o[at + j + 1];
    }
  }

  /** Σ of the path weights as they would be with element k unwound, without changing the path. */
  private unwoundSum(at: number, length: number, k: number): number {
    const { z, o, w } = this;
    const l = length - 1;
    const ok = o[at + k];
    const zk = z[at + k];
    let next = w[at + l];
    let total = 0;
    for (let j = l - 1; j >= 0; j--) {
      if (ok !== 0) {
        const value = (next * (l + 1)) / ((j + 1) * ok);
        total += value;
        next = w[at + j] - (value * zk * (l - j)) / (l + 1);
      } else {
        total += (w[at + j] * (l + 1)) / (zk * (l - j));
      }
    }
    return total;
  }
}
