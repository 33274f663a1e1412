// TreeSHAP against the definition: Shapley values by enumerating every feature subset S, with the
// path-dependent conditional expectation E[f | x_S] (follow x where the split's feature is in S,
// otherwise average the children by cover share), written here independently of the fast algorithm.

import { describe, expect, it } from "vitest";
import { createRandom } from "@/lib/training/random";
import { type FlatTree, goesTrue, MODES } from "@/lib/explain/tree/parse-ensemble";
import { coverFractions, expectedValue, TreeShap } from "@/lib/explain/tree/tree-shap";

type Random = () => number;

/** A random tree over `width` columns, depth ≤ maxDepth, thresholds on a small grid so ties and repeats happen. */
function randomTree(random: Random, width: number, maxDepth: number, numTargets: number): FlatTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const mode: number[] = [];
  const trueChild: number[] = [];
  const falseChild: number[] = [];
  const missingTrue: number[] = [];
  const leafValue: number[][] = [];
  const grow = (depth: number): number => {
    const i = feature.length;
    feature.push(-1);
    threshold.push(0);
    mode.push(0);
    trueChild.push(0);
    falseChild.push(0);
    missingTrue.push(0);
    leafValue.push(Array.from({ length: numTargets }, () => random() * 4 - 2));
    if (depth >= maxDepth || (depth > 0 && random() < 0.25)) return i;
    feature[i] = Math.floor(random() * width);
    threshold[i] = Math.fround(Math.round(random() * 8 - 4) / 2);
    mode[i] = random() < 0.6 ? 0 : Math.floor(random() * MODES.length);
    missingTrue[i] = random() < 0.5 ? 1 : 0;
    trueChild[i] = grow(depth + 1);
    falseChild[i] = grow(depth + 1);
    return i;
  };
  grow(0);
  const n = feature.length;
  const value = new Float64Array(n * numTargets);
  for (let i = 0; i < n; i++)
    if (feature[i] < 0) for (let t = 0; t < numTargets; t++) value[i * numTargets + t] = leafValue[i][t];
  let depth = 0;
  const depthOf = (i: number, d: number) => {
    depth = Math.max(depth, d);
    if (feature[i] >= 0) {
      depthOf(trueChild[i], d + 1);
      depthOf(falseChild[i], d + 1);
    }
  };
  depthOf(0, 0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    mode: Uint8Array.from(mode),
    trueChild: Int32Array.from(trueChild),
    falseChild: Int32Array.from(falseChild),
    missingTrue: Uint8Array.from(missingTrue),
    value,
    targets: Array.from({ length: numTargets }, (_, t) => t),
    depth,
  };
}

function randomRows(random: Random, rows: number, width: number, nanShare: number): Float64Array {
  return Float64Array.from({ length: rows * width }, () =>
    random() < nanShare ? NaN : Math.fround(Math.round(random() * 10 - 5) / 2 + (random() < 0.5 ? 0 : 0.25)),
  );
}

/** Background covers counted here, by a traversal of this file's own. */
function oracleCovers(tree: FlatTree, background: Float64Array, rows: number, width: number): Float64Array {
  const count = new Float64Array(tree.feature.length);
  for (let r = 0; r < rows; r++) {
    const visit = (i: number) => {
      count[i]++;
      if (tree.feature[i] < 0) return;
      visit(goesTrue(tree, i, background[r * width + tree.feature[i]]) ? tree.trueChild[i] : tree.falseChild[i]);
    };
    visit(0);
  }
  return count;
}

/** E[f | x_S], by the definition. */
function conditional(
  tree: FlatTree,
  cover: Float64Array,
  x: Float64Array,
  inS: boolean[],
  node: number,
  t: number,
  K: number,
): number {
  if (tree.feature[node] < 0) return tree.value[node * K + t];
  const a = tree.trueChild[node];
  const b = tree.falseChild[node];
  if (inS[tree.feature[node]]) return conditional(tree, cover, x, inS, goesTrue(tree, node, x[tree.feature[node]]) ? a : b, t, K);
  const share = cover[node] > 0 ? cover[a] / cover[node] : 0.5;
  const shareB = cover[node] > 0 ? cover[b] / cover[node] : 0.5;
  return share * conditional(tree, cover, x, inS, a, t, K) + shareB * conditional(tree, cover, x, inS, b, t, K);
}

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

function bruteForceShapley(tree: FlatTree, cover: Float64Array, x: Float64Array, M: number, K: number): Float64Array {
  const phi = new Float64Array(M * K);
  for (let mask = 0; mask < 1 << M; mask++) {
    const inS = Array.from({ length: M }, (_, j) => (mask & (1 << j)) !== 0);
    const size = inS.filter(Boolean).length;
    for (let i = 0; i < M; i++) {
      if (inS[i]) continue;
      const weight = (factorial(size) * factorial(M - size - 1)) / factorial(M);
      const withI = inS.slice();
      withI[i] = true;
      for (let t = 0; t < K; t++)
        phi[i * K + t] += weight * (conditional(tree, cover, x, withI, 0, t, K) - conditional(tree, cover, x, inS, 0, t, K));
    }
  }
  return phi;
}

function fastShapley(tree: FlatTree, fraction: Float64Array, x: Float64Array, M: number, K: number) {
  const phi = new Float64Array(M * K);
  const margin = new Float64Array(K);
  new TreeShap(tree.depth).explainTree(tree, fraction, x, 0, K, phi, margin);
  return { phi, margin };
}

function checkAgainstOracle(tree: FlatTree, M: number, K: number, seed: number) {
  const random = createRandom(seed);
  const bgRows = 40;
  const background = randomRows(random, bgRows, M, 0.15);
  const fraction = coverFractions(tree, background, bgRows, M);
  const cover = oracleCovers(tree, background, bgRows, M);
  const base = new Float64Array(K);
  expectedValue(tree, fraction, K, base);
  let worst = 0;
  for (let r = 0; r < 8; r++) {
    const x = randomRows(random, 1, M, 0.2);
    const expected = bruteForceShapley(tree, cover, x, M, K);
    const { phi, margin } = fastShapley(tree, fraction, x, M, K);
    for (let j = 0; j < M * K; j++) worst = Math.max(worst, Math.abs(phi[j] - expected[j]));
    // The empty coalition is E[f] over the background, the full one is f(x).
    const none = Array<boolean>(M).fill(false);
    for (let t = 0; t < K; t++) {
      expect(base[t]).toBeCloseTo(conditional(tree, cover, x, none, 0, t, K), 12);
      expect(margin[t]).toBeCloseTo(conditional(tree, cover, x, Array<boolean>(M).fill(true), 0, t, K), 12);
    }
  }
  return worst;
}

describe("TreeSHAP equals brute-force Shapley values", () => {
  it("on 300 random trees (≤ 6 features, depth ≤ 4, all ONNX branch modes, NaN routing)", () => {
    const random = createRandom(7);
    let worst = 0;
    let nonTrivial = 0;
    for (let k = 0; k < 300; k++) {
      const M = 1 + Math.floor(random() * 6);
      const K = random() < 0.3 ? 3 : 1;
      const tree = randomTree(random, M, 1 + Math.floor(random() * 4), K);
      if (tree.depth >= 3) nonTrivial++;
      worst = Math.max(worst, checkAgainstOracle(tree, M, K, 1000 + k));
    }
    expect(nonTrivial).toBeGreaterThan(50);
    expect(worst).toBeLessThan(1e-9);
  });

  it("on a hand-made tree that splits twice on one feature and routes NaN right", () => {
    // x0 <= 0 ? (x1 <= 1 ? (x0 <= -1 ? 1 : 2) : 3) : (NaN→right) (x2 < 0.5 ? 4 : 5)
    const tree: FlatTree = {
      feature: Int32Array.from([0, 1, 0, -1, -1, -1, 2, -1, -1]),
      threshold: Float64Array.from([0, 1, -1, 0, 0, 0, 0.5, 0, 0]),
      mode: Uint8Array.from([0, 0, 0, 0, 0, 0, 1, 0, 0]),
      trueChild: Int32Array.from([1, 2, 3, 0, 0, 0, 7, 0, 0]),
      falseChild: Int32Array.from([6, 5, 4, 0, 0, 0, 8, 0, 0]),
      missingTrue: Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 0, 0]),
      value: Float64Array.from([0, 0, 0, 1, 2, 3, 0, 4, 5]),
      targets: [0],
      depth: 3,
    };
    expect(checkAgainstOracle(tree, 3, 1, 99)).toBeLessThan(1e-9);
    // A missing x0 goes to the false side (no missing tracking at the root): the 4/5 subtree.
    const { margin } = fastShapley(
      tree,
      coverFractions(tree, Float64Array.from([0, 0, 0]), 1, 3),
      Float64Array.from([NaN, 0, 0]),
      3,
      1,
    );
    expect(margin[0]).toBe(4);
  });
});
