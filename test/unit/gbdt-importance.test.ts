import { describe, expect, it } from "vitest";
import { encodeTreeInputs, importanceByInputFeature, treeDesignColumns } from "@/lib/training/gbdt/encode-tree-inputs";
import { createRandom } from "@/lib/training/random";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";
import { MIXED_FEATURES, mixedRows, regressionTargets } from "./gbdt-synthetic-data";

describe("GBDT gain importance", () => {
  it("ranks the informative features first, strongest first", () => {
    const random = createRandom(31);
    const n = 3000;
    const d = 8;
    const X = Float32Array.from({ length: n * d }, () => random() * 2 - 1);
    // Features 5 and 2 carry the signal (5 three times as strongly); the rest are noise.
    const y = Float32Array.from(
      { length: n },
      (_, r) => 3 * Math.sign(X[r * d + 5]) + Math.sign(X[r * d + 2]) + 0.1 * (random() - 0.5),
    );
    const featureNames = Array.from({ length: d }, (_, i) => `f${i}`);
    const model = trainGbdt({
      task: "regression",
      X,
      y,
      featureNames,
      seed: 1,
      params: { numRounds: 30, maxDepth: 3, colsampleByTree: 0.8 },
    });
    const ranked = [...model.importance()].sort((a, b) => b.gain - a.gain);
    expect(ranked[0].feature).toBe("f5");
    expect(ranked[1].feature).toBe("f2");
    expect(ranked[0].share + ranked[1].share).toBeGreaterThan(0.95);
    expect(model.importance().reduce((s, i) => s + i.share, 0)).toBeCloseTo(1, 10);
  });

  it("sums one-hot columns back to their categorical input feature", () => {
    const rows = mixedRows(2000, 41);
    const X = encodeTreeInputs(MIXED_FEATURES, rows);
    const model = trainGbdt({
      task: "regression",
      X,
      y: regressionTargets(rows, 42),
      featureNames: treeDesignColumns(MIXED_FEATURES),
      seed: 1,
      params: { numRounds: 20 },
    });
    const byFeature = importanceByInputFeature(MIXED_FEATURES, model.importance());
    expect(byFeature.map((f) => f.feature)).toEqual(MIXED_FEATURES.map((f) => f.name));
    const countryColumns = model.importance().filter((c) => c.feature.startsWith("country="));
    expect(countryColumns).toHaveLength(4);
    expect(byFeature[3].gain).toBeCloseTo(
      countryColumns.reduce((s, c) => s + c.gain, 0),
      8,
    );
    // amount (with its missingness) drives the target most; noise least.
    const ranked = [...byFeature].sort((a, b) => b.gain - a.gain).map((f) => f.feature);
    expect(ranked[0]).toBe("amount");
    expect(ranked[ranked.length - 1]).toBe("noise");
  });
});
