import { describe, expect, it } from "vitest";
import { importanceShares, productionImportance } from "@/lib/monitors/explanations/production-importance";
import { pooledImportance, type JudgedImportanceRow } from "@/lib/monitors/explanations/importance-store";
import type { ExplanationBatch, RecordExplanation } from "@/lib/explain/types";
import { attributionShift } from "@/lib/alerts/lifecycle/read-attribution-shift";

const record = (values: Record<string, number[]>): RecordExplanation => ({
  outputs: values[Object.keys(values)[0]].map((_, i) => `c${i}`),
  base: [0],
  output: [0],
  values,
  additivityError: 0,
});

describe("production importance of a window", () => {
  it("is the mean |attribution| per feature, and the mean signed one beside it", () => {
    const batch: ExplanationBatch = {
      method: "tree-shap",
      space: "margin",
      records: [record({ a: [0.5], b: [-2] }), record({ a: [-0.25], b: [1] }), record({ a: [0.75], b: [0] })],
    };
    const result = productionImportance(batch);
    // a: |0.5|+|−0.25|+|0.75| = 1.5 → 0.5; signed 1.0/3. b: 3/3 = 1; signed −1/3.
    expect(result.features).toEqual([
      { feature: "b", meanAbs: 1, mean: -1 / 3 },
      { feature: "a", meanAbs: 0.5, mean: 1 / 3 },
    ]);
    expect(result).toMatchObject({ method: "tree-shap", space: "margin", records: 3 });
  });

  it("averages a multiclass record's classes, each weighing the same", () => {
    const result = productionImportance({
      method: "kernel-shap",
      space: "probability",
      records: [record({ a: [0.3, -0.1, -0.2] })],
    });
    expect(result.features[0].meanAbs).toBeCloseTo(0.6 / 3, 15);
    expect(result.features[0].mean).toBeCloseTo(0, 15);
  });

  it("is empty, not NaN, for a window with nothing explained", () => {
    expect(productionImportance({ method: "tree-shap", space: "margin", records: [] })).toEqual({
      method: "tree-shap",
      space: "margin",
      records: 0,
      features: [],
    });
  });

  it("shares sum to 1 and are 0 when nothing matters", () => {
    const shares = importanceShares([
      { feature: "a", meanAbs: 3 },
      { feature: "b", meanAbs: 1 },
    ]);
    expect([...shares]).toEqual([
      ["a", 0.75],
      ["b", 0.25],
    ]);
    expect([...importanceShares([{ feature: "a", meanAbs: 0 }])]).toEqual([["a", 0]]);
  });
});

describe("pooled production importance over a range", () => {
  const row = (hour: number, feature: string, meanAbs: number, records: number, provisional = false): JudgedImportanceRow => ({
    model_version_id: "v",
    window_start: new Date(Date.UTC(2026, 11, 1, hour)),
    window_end: new Date(Date.UTC(2026, 11, 1, hour + 1)),
    feature,
    mean_abs: meanAbs,
    mean: -meanAbs,
    records,
    predictions: records * 100,
    method: "tree-shap",
    space: "margin",
    provisional,
    open: false,
    count: records,
    minimum: 30,
  });

  it("weighs each judged window by its explained records and leaves provisional ones out", () => {
    const pooled = pooledImportance([
      row(0, "a", 1, 100),
      row(1, "a", 4, 50),
      row(2, "a", 100, 5, true),
      row(0, "b", 2, 100),
      row(1, "b", 2, 50),
    ]);
    // a: (1·100 + 4·50) / 150 = 2; b: 2.
    expect(pooled).toEqual({
      features: [
        { feature: "a", meanAbs: 2, mean: -2 },
        { feature: "b", meanAbs: 2, mean: -2 },
      ],
      records: 150,
      windows: 2,
    });
  });

  it("is null when every window is provisional", () => {
    expect(pooledImportance([row(0, "a", 1, 5, true)])).toBeNull();
  });
});

describe("attribution shift between the healthy hours and a breach", () => {
  it("lists every feature's share before and during, largest absolute change first", () => {
    const shift = attributionShift(
      new Map([
        ["a", 0.5],
        ["b", 0.3],
        ["c", 0.2],
      ]),
      new Map([
        ["a", 0.2],
        ["b", 0.35],
        ["d", 0.45],
      ]),
    );
    expect(shift).toEqual([
      { feature: "d", before: 0, during: 0.45, change: 0.45 },
      { feature: "a", before: 0.5, during: 0.2, change: -0.3 },
      { feature: "c", before: 0.2, during: 0, change: -0.2 },
      { feature: "b", before: 0.3, during: 0.35, change: 0.05 },
    ]);
  });
});
