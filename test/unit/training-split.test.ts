import { describe, expect, it } from "vitest";
import { chronologicalSplit, columnSplit, stratifiedSplit } from "@/lib/training/data/split-rows";
import { fitPreprocessor, transform } from "@/lib/training/data/preprocessor";
import { featureNamesFor } from "@/lib/training/data/feature-names";
import type { Table } from "@/lib/training/table";

describe("split rules", () => {
  it("stratified: 80/10/10 within each class, disjoint, covering every row, same seed → same split", () => {
    const y = Float64Array.from({ length: 1000 }, (_, i) => (i % 20 === 0 ? 1 : 0)); // 5% positives
    const split = stratifiedSplit(y, 2, 7);
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const positives = (rows: Int32Array) => rows.reduce((n, r) => n + y[r], 0);
    expect([positives(split.train), positives(split.validation), positives(split.test)]).toEqual([40, 5, 5]);
    expect([split.train.length, split.validation.length, split.test.length]).toEqual([800, 100, 100]);
    expect(Array.from(stratifiedSplit(y, 2, 7).test)).toEqual(Array.from(split.test));
    expect(Array.from(stratifiedSplit(y, 2, 8).test)).not.toEqual(Array.from(split.test));
  });

  it("stratified: handles a million rows (no argument spreading that would overflow the stack)", () => {
    const y = Float64Array.from({ length: 1_000_000 }, (_, i) => i % 3);
    const split = stratifiedSplit(y, 3, 1);
    // Rounded per class (333,334 / 333,333 / 333,333 rows), so within a row or two per class of 80/10/10.
    expect(split.train.length + split.validation.length + split.test.length).toBe(1_000_000);
    expect(Math.abs(split.train.length - 800_000)).toBeLessThanOrEqual(3);
    expect(Math.abs(split.validation.length - 100_000)).toBeLessThanOrEqual(3);
  });

  it("chronological: sorted by time, never shuffled; train is the past, test the future", () => {
    // File order is not time order; ties keep file order.
    const times = Float64Array.from([50, 10, 30, 20, 40, 90, 60, 80, 70, 100, 30]);
    const split = chronologicalSplit(times);
    const t = (rows: Int32Array) => Array.from(rows, (r) => times[r]);
    expect(t(split.train)).toEqual([10, 20, 30, 30, 40, 50, 60, 70, 80, 90].slice(0, split.train.length));
    expect(Array.from(split.train).slice(2, 4)).toEqual([2, 10]);
    expect(Math.max(...t(split.train))).toBeLessThanOrEqual(Math.min(...t(split.validation)));
    expect(Math.max(...t(split.validation))).toBeLessThanOrEqual(Math.min(...t(split.test)));
    expect(t(split.test)).toEqual([100]);
    expect(() => chronologicalSplit(Float64Array.from([1, NaN, 3]))).toThrow(/row 2 has no time/);
  });

  it("split column: train / val / test taken verbatim, anything else refused", () => {
    const split = columnSplit(["train", "val", "test", "TRAIN", "validation"]);
    expect([Array.from(split.train), Array.from(split.validation), Array.from(split.test)]).toEqual([[0, 3], [1, 4], [2]]);
    expect(() => columnSplit(["train", "holdout"])).toThrow(/row 2: split value "holdout"/);
  });
});

describe("preprocessing is fitted on train only", () => {
  const table: Table = {
    rows: 8,
    columns: [
      { name: "x", type: "numeric", values: Float64Array.from([1, 2, 3, NaN, 100, 200, 300, 400]) },
      {
        name: "colour",
        type: "categorical",
        codes: Int32Array.from([0, 0, 1, -1, 2, 2, 3, 3]),
        categories: ["red", "blue", "green", "violet"],
      },
      { name: "flag", type: "boolean", values: Float64Array.from([1, 1, 0, NaN, 0, 0, 0, 0]) },
    ],
  };
  const train = Int32Array.from([0, 1, 2, 3]);
  const names = featureNamesFor(table.columns.map((c) => c.name));
  const p = fitPreprocessor(table, table.columns, names, train);

  it("scaler and imputation statistics equal those of the train split alone", () => {
    const x = p.features[0].spec;
    // Train values 1, 2, 3 and one missing: median 2 imputes it, mean and std over the imputed four.
    const imputed = [1, 2, 3, 2];
    const mean = imputed.reduce((a, b) => a + b) / 4;
    const std = Math.sqrt(imputed.reduce((a, v) => a + (v - mean) ** 2, 0) / 4);
    expect(x).toEqual({ name: "x", type: "numeric", impute: 2, mean, scale: std });
    // Validation/test values (100…400) would have moved all three.
    const transformed = transform(table, p, train);
    const column = Array.from({ length: 4 }, (_, r) => transformed[r * p.width]);
    expect(column.reduce((a, b) => a + b)).toBeCloseTo(0, 5);
  });

  it("the category vocabulary comes from train; categories only seen later encode as all zeros", () => {
    expect(p.features[1].spec).toEqual({ name: "colour", type: "categorical", vocabulary: ["red", "blue"] });
    const row = transform(table, p, Int32Array.from([4]));
    expect(Array.from(row.subarray(1, 3))).toEqual([0, 0]);
    expect(p.features[2].spec).toEqual({ name: "flag", type: "boolean", impute: 1 });
  });

  it("names columns as the serving contract allows", () => {
    expect([...featureNamesFor(["Beak Length (mm)", "1st", "ok_name", "a b", "a-b", "a  b"]).values()]).toEqual([
      "Beak_Length_mm",
      "_1st",
      "ok_name",
      "a_b",
      "a-b",
      "a_b_2",
    ]);
  });
});
