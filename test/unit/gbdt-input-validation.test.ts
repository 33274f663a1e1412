import { describe, expect, it } from "vitest";
import type { FeatureSpec } from "@/lib/onnx/tabular-preprocessing";
import { encodeTreeColumns, encodeTreeInputs, treeDesignColumns } from "@/lib/training/gbdt/encode-tree-inputs";
import { resolveGbdtParams } from "@/lib/training/gbdt/params";
import { trainGbdt, type TrainGbdtOptions } from "@/lib/training/gbdt/train-gbdt";

const base: TrainGbdtOptions = { task: "binary", X: Float32Array.of(0, 1, 2, 3), y: [0, 1, 0, 1], featureNames: ["x"], seed: 1 };

describe("GBDT input validation", () => {
  it.each([
    ["a label outside 0/1", { y: [0, 1, 2, 1] }, /y\[2\] = 2 is not a valid class index/],
    ["a matrix of the wrong size", { X: Float32Array.of(0, 1, 2) }, /holds 3 values, expected 4 rows × 1 features/],
    ["an infinite feature value", { X: Float32Array.of(0, Infinity, 2, 3) }, /row 1, feature 0 is infinite/],
    ["a negative weight", { weights: [1, -1, 1, 1] }, /weights\[1\] = -1/],
    ["multiclass without numClasses", { task: "multiclass" as const }, /numClasses >= 3/],
    ["duplicate feature names", { X: Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7), featureNames: ["x", "x"] }, /distinct/],
    ["a non-finite regression target", { task: "regression" as const, y: [0, NaN, 1, 2] }, /y\[1\] = NaN/],
  ])("refuses %s", (_, override, message) => {
    expect(() => trainGbdt({ ...base, ...override })).toThrow(message);
  });

  it("refuses unbounded trees and out-of-range parameters, naming each problem", () => {
    expect(() => resolveGbdtParams({ maxDepth: 0, maxLeaves: 0 })).toThrow(/cannot both be 0/);
    expect(() => resolveGbdtParams({ maxBins: 256, subsample: 0 })).toThrow(
      /maxBins must be an integer in \[2, 255\].*subsample must be in \(0, 1\]/,
    );
  });

  it("accepts a valid minimal problem", () => {
    const model = trainGbdt({ ...base, params: { numRounds: 2, minChildWeight: 0 } });
    expect(model.trees).toHaveLength(2);
  });
});

describe("encodeTreeInputs", () => {
  const features: FeatureSpec[] = [
    { name: "amount", type: "numeric", impute: 0, mean: 0, scale: 1 },
    { name: "is_new", type: "boolean", impute: 0 },
    { name: "country", type: "categorical", vocabulary: ["FR", "US"] },
  ];

  it("encodes numbers as float32, booleans as 0/1, categories one-hot, and every missing form as NaN or zeros", () => {
    const X = encodeTreeInputs(features, [
      { amount: 0.1, is_new: true, country: "US" },
      { amount: null, is_new: false, country: "" },
      { amount: NaN, country: "XX" },
    ]);
    expect(treeDesignColumns(features)).toEqual(["amount", "is_new", "country=FR", "country=US"]);
    expect(Array.from(X)).toEqual([Math.fround(0.1), 1, 0, 1, NaN, 0, 0, 0, NaN, NaN, 0, 0]);
  });

  it("refuses a value of the wrong type instead of treating it as missing", () => {
    expect(() => encodeTreeInputs(features, [{ amount: "12.5" }])).toThrow(/record 0, feature "amount": expected a number/);
    expect(() => encodeTreeInputs(features, [{ amount: 1, country: 3 as unknown as string }])).toThrow(
      /expected a string category/,
    );
  });

  it("encodes typed columns (numbers, category codes, a row subset) exactly like the records", () => {
    const amount = { values: Float64Array.of(5, NaN, 0.1, 7) };
    const isNew = { values: Float64Array.of(1, 0, NaN, 1) };
    const country = { codes: Int32Array.of(1, -1, 2, 0), categories: ["US", "XX", "FR"] };
    const rows = [2, 0, 1];
    const records = rows.map((r) => ({
      amount: amount.values[r],
      is_new: Number.isNaN(isNew.values[r]) ? null : isNew.values[r] === 1,
      country: country.codes[r] < 0 ? "" : country.categories[country.codes[r]],
    }));
    const encoded = encodeTreeColumns({ features, columns: [amount, isNew, country], rows });
    expect(Array.from(encoded)).toEqual(Array.from(encodeTreeInputs(features, records)));
    expect(() => encodeTreeColumns({ features, columns: [country, isNew, amount] })).toThrow(
      /"amount" is numeric but its column holds category codes/,
    );
  });
});
