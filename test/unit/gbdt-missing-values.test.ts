import { describe, expect, it } from "vitest";
import { createRandom } from "@/lib/training/random";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";

// x0 is missing for 30% of rows and its value says nothing; its *missingness* is the signal:
// P(y = 1 | x0 missing) = 0.9, P(y = 1 | x0 present) = 0.1. x1 is noise.
function table(n: number, seed: number) {
  const random = createRandom(seed);
  const X = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const missing = random() < 0.3;
    X[2 * r] = missing ? NaN : random();
    X[2 * r + 1] = random();
    y[r] = random() < (missing ? 0.9 : 0.1) ? 1 : 0;
  }
  return { X, y };
}

describe("GBDT native missing-value handling", () => {
  const { X, y } = table(4000, 5);
  const featureNames = ["x0", "x1"];

  it("learns that missingness carries the signal and routes NaN by the learned default direction", () => {
    const model = trainGbdt({
      task: "binary",
      X,
      y,
      featureNames,
      seed: 1,
      params: { numRounds: 30, maxDepth: 2, learningRate: 0.3 },
    });
    const [tree] = model.trees;
    expect(tree.feature[0]).toBe(0);
    // The root separates missing from present rows: the present side must not mix in the NaNs.
    const nanChild = tree.missingLeft[0] ? tree.left[0] : tree.right[0];
    const valueChild = tree.missingLeft[0] ? tree.right[0] : tree.left[0];
    expect(tree.cover[nanChild]).toBeLessThan(tree.cover[valueChild]);
    const probe = Float32Array.from([NaN, 0.5, 0.2, 0.5, 0.8, 0.5, NaN, 0.1]);
    const p = model.predict(probe);
    expect(p[1]).toBeGreaterThan(0.8);
    expect(p[7]).toBeGreaterThan(0.8);
    expect(p[3]).toBeLessThan(0.2);
    expect(p[5]).toBeLessThan(0.2);
  });

  it("does better than imputing the missing values with the median (which hides the signal)", () => {
    // A count-like feature: imputing its median lumps the missing rows in with the genuine medians.
    const asCounts = (values: Float32Array) =>
      Float32Array.from(values, (v, i) => (i % 2 === 0 && !Number.isNaN(v) ? Math.floor(v * 10) : v));
    const counts = asCounts(X);
    const imputed = Float32Array.from(counts, (v) => (Number.isNaN(v) ? 5 : v));
    const params = { numRounds: 30, maxDepth: 2, learningRate: 0.3 };
    const native = trainGbdt({ task: "binary", X: counts, y, featureNames, seed: 1, params });
    const withImputation = trainGbdt({ task: "binary", X: imputed, y, featureNames, seed: 1, params });
    const test = table(2000, 6);
    const testCounts = asCounts(test.X);
    const testImputed = Float32Array.from(testCounts, (v) => (Number.isNaN(v) ? 5 : v));
    const logLoss = (p: Float32Array) => {
      let s = 0;
      for (let r = 0; r < test.y.length; r++) s -= Math.log(test.y[r] === 1 ? p[2 * r + 1] : p[2 * r]);
      return s / test.y.length;
    };
    const nativeLoss = logLoss(native.predict(testCounts));
    expect(nativeLoss).toBeLessThan(0.36);
    expect(nativeLoss).toBeLessThan(logLoss(withImputation.predict(testImputed)) - 0.05);
  });

  it("sends missing values to the heavier child when training saw none at that node", () => {
    const random = createRandom(9);
    const n = 1000;
    const Xc = Float32Array.from({ length: n }, () => random());
    // 80% of rows below 0.8: the left child is heavier.
    const yc = Float32Array.from(Xc, (v) => (v < 0.8 ? 0 : 1));
    const model = trainGbdt({
      task: "regression",
      X: Xc,
      y: yc,
      featureNames: ["x"],
      seed: 1,
      params: { numRounds: 1, maxDepth: 1, learningRate: 1, lambda: 0 },
    });
    const [tree] = model.trees;
    expect(Math.abs(tree.threshold[0] - 0.8)).toBeLessThan(0.01);
    expect(tree.missingLeft[0]).toBe(1);
    expect(model.predict(Float32Array.of(NaN))[0]).toBeCloseTo(0, 5);
  });
});
