import { describe, expect, it } from "vitest";
import { createRandom } from "@/lib/training/random";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";

// y = 1 where x0 < 0.3; 3 where x0 >= 0.3 and x1 < 0.5; −2 elsewhere. x2 is noise.
function piecewise(x0: number, x1: number): number {
  if (x0 < 0.3) return 1;
  return x1 < 0.5 ? 3 : -2;
}

// Values on a 1/200 grid: fewer distinct values than bins, so every cut the function needs is
// available to the histogram (with continuous values a bin may straddle a cut, as in any hist GBDT).
function gridTable(n: number, d: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: n * d }, () => Math.floor(random() * 200) / 200);
}

describe("GBDT recovers a known piecewise-constant function", () => {
  const n = 2000;
  const X = gridTable(n, 3, 11);
  const y = Float32Array.from({ length: n }, (_, r) => piecewise(X[r * 3], X[r * 3 + 1]));
  const featureNames = ["x0", "x1", "x2"];

  it("one depth-2 tree with unit learning rate finds both cuts and the three levels", () => {
    const model = trainGbdt({
      task: "regression",
      X,
      y,
      featureNames,
      seed: 1,
      params: { numRounds: 1, maxDepth: 2, learningRate: 1, lambda: 0, minChildWeight: 1 },
    });
    const [tree] = model.trees;
    // Greedy least squares cuts x1 first (it removes more variance than x0 < 0.3), then x0 on both sides.
    expect(tree.feature[0]).toBe(1);
    expect(tree.threshold[0]).toBeCloseTo(0.4975, 6);
    for (const child of [tree.left[0], tree.right[0]]) {
      expect(tree.feature[child]).toBe(0);
      expect(tree.threshold[child]).toBeCloseTo(0.2975, 6);
    }
    const grid: number[] = [];
    const expected: number[] = [];
    for (const x0 of [0.05, 0.2, 0.35, 0.6, 0.95]) {
      for (const x1 of [0.1, 0.45, 0.55, 0.9]) {
        grid.push(x0, x1, 0.5);
        expected.push(piecewise(x0, x1));
      }
    }
    const predicted = model.predict(Float32Array.from(grid));
    expected.forEach((v, i) => {
      expect(predicted[i]).toBeCloseTo(v, 4);
    });
  });

  it("a boosted ensemble of shallow trees converges to it everywhere, on unseen rows too", () => {
    const model = trainGbdt({
      task: "regression",
      X,
      y,
      featureNames,
      seed: 1,
      params: { numRounds: 60, maxDepth: 2, learningRate: 0.3 },
    });
    const test = gridTable(2000, 3, 12);
    const predicted = model.predict(test);
    let worst = 0;
    for (let r = 0; r < 2000; r++) worst = Math.max(worst, Math.abs(predicted[r] - piecewise(test[r * 3], test[r * 3 + 1])));
    expect(worst).toBeLessThan(0.01);
  });

  it("classifies an axis-aligned rule (binary and multiclass)", () => {
    const yBinary = Float32Array.from(y, (v) => (v === 3 ? 1 : 0));
    const yClass = Float32Array.from(y, (v) => (v === 1 ? 0 : v === 3 ? 1 : 2));
    const binary = trainGbdt({
      task: "binary",
      X,
      y: yBinary,
      featureNames,
      seed: 1,
      params: { numRounds: 30, maxDepth: 3, learningRate: 0.3 },
    });
    const multi = trainGbdt({
      task: "multiclass",
      numClasses: 3,
      X,
      y: yClass,
      featureNames,
      seed: 1,
      params: { numRounds: 30, maxDepth: 3, learningRate: 0.3 },
    });
    const test = gridTable(1000, 3, 13);
    const pb = binary.predict(test);
    const pm = multi.predict(test);
    let binaryErrors = 0;
    let multiErrors = 0;
    let binaryTrueClass = 0;
    let multiTrueClass = 0;
    for (let r = 0; r < 1000; r++) {
      const truth = piecewise(test[r * 3], test[r * 3 + 1]);
      if ((pb[2 * r + 1] > 0.5 ? 3 : 0) !== (truth === 3 ? 3 : 0)) binaryErrors++;
      binaryTrueClass += truth === 3 ? pb[2 * r + 1] : pb[2 * r];
      const probs = Array.from(pm.subarray(3 * r, 3 * r + 3));
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      if ([1, 3, -2][probs.indexOf(Math.max(...probs))] !== truth) multiErrors++;
      multiTrueClass += probs[[1, 3, -2].indexOf(truth)];
    }
    expect(binaryErrors).toBe(0);
    expect(multiErrors).toBe(0);
    // Noise-free labels: 30 Newton steps at learning rate 0.3 make the predictions confident.
    expect(binaryTrueClass / 1000).toBeGreaterThan(0.97);
    expect(multiTrueClass / 1000).toBeGreaterThan(0.9);
  });
});
