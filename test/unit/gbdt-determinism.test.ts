import { describe, expect, it } from "vitest";
import { encodeTreeInputs, treeDesignColumns } from "@/lib/training/gbdt/encode-tree-inputs";
import { GbdtModel } from "@/lib/training/gbdt/gbdt-model";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";
import { MIXED_FEATURES, binaryLabels, mixedRows } from "./gbdt-synthetic-data";

describe("GBDT determinism and serialisation", () => {
  const rows = mixedRows(2000, 21);
  const X = encodeTreeInputs(MIXED_FEATURES, rows);
  const y = binaryLabels(rows, 22);
  // Sampling on, so the seed actually matters.
  const params = { numRounds: 15, maxDepth: 4, subsample: 0.7, colsampleByTree: 0.6 };
  const train = (seed: number) =>
    trainGbdt({ task: "binary", X, y, featureNames: treeDesignColumns(MIXED_FEATURES), params, seed });

  it("two runs with the same seed give identical models", () => {
    expect(JSON.stringify(train(3).toJSON())).toBe(JSON.stringify(train(3).toJSON()));
  });

  it.each([
    ["row subsampling", { subsample: 0.7, colsampleByTree: 1 }],
    ["column subsampling", { subsample: 1, colsampleByTree: 0.6 }],
  ])("a different seed gives a different model (%s)", (_, sampling) => {
    const fit = (seed: number) =>
      trainGbdt({
        task: "binary",
        X,
        y,
        featureNames: treeDesignColumns(MIXED_FEATURES),
        params: { ...params, ...sampling },
        seed,
      }).predict(X);
    const a = fit(3);
    const b = fit(4);
    expect(a.some((v, i) => v !== b[i])).toBe(true);
  });

  it("round-trips through JSON with bit-identical predictions", () => {
    const model = train(3);
    const restored = GbdtModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    expect(Array.from(restored.predict(X))).toEqual(Array.from(model.predict(X)));
    expect(restored.importance()).toEqual(model.importance());
  });

  it("trains on exactly the scores the model predicts (the training partition routes rows as the thresholds do)", () => {
    // One-hot columns are stored sparsely and numeric ones densely: both routing paths are exercised.
    for (const subsample of [1, 0.6]) {
      const model = trainGbdt({
        task: "binary",
        X,
        y,
        featureNames: treeDesignColumns(MIXED_FEATURES),
        params: { numRounds: 10, maxDepth: 5, subsample },
        seed: 2,
      });
      const p = model.predict(X);
      let loss = 0;
      for (let r = 0; r < y.length; r++) loss -= Math.log(y[r] === 1 ? p[2 * r + 1] : p[2 * r]);
      expect(loss / y.length).toBeCloseTo(model.history[9].trainLoss, 5);
    }
  });
});
