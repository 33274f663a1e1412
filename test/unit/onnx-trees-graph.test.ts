import { afterAll, describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { GraphBuilder } from "@/lib/onnx/graph-builder";
import { buildTreeModel, type EnsembleTree } from "@/lib/onnx/build-tree-model";
import { addFeature, type FeatureSpec } from "@/lib/onnx/tabular-preprocessing";
import { exportGbdtToOnnx } from "@/lib/training/gbdt/export-onnx";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

async function run(model: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.ReturnType> {
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1 });
  sessions.push(session);
  return session.run(feeds);
}

const column = (values: number[]) => new ort.Tensor("float32", Float32Array.from(values), [values.length, 1]);
const AMOUNT: FeatureSpec = { name: "amount", type: "numeric", impute: 7, mean: 2, scale: 4 };

describe("tree-model preprocessing", () => {
  it("keeps NaN and raw values for trees, and still imputes and standardises by default", async () => {
    for (const [options, expected] of [
      [{ missing: "keep", standardize: false }, [NaN, 3]],
      [{}, [(7 - 2) / 4, (3 - 2) / 4]],
    ] as const) {
      const g = new GraphBuilder();
      const out = addFeature(g, AMOUNT, options);
      g.node("Identity", [out], { output: "y" });
      g.output("y", "float", ["N", 1]);
      const result = await run(g.toModel(), { amount: column([NaN, 3]) });
      expect(Array.from(result.y.data as Float32Array)).toEqual(expected);
    }
  });
});

describe("buildTreeModel", () => {
  const stump: EnsembleTree = {
    target: 0,
    feature: [0, -1, -1],
    threshold: [0.5, 0, 0],
    left: [1, -1, -1],
    right: [2, -1, -1],
    missingLeft: [1, 0, 0],
    value: [0, -1, 2],
  };

  it("routes x <= t and NaN (tracked to the true branch) left, adds the base value last", async () => {
    const model = buildTreeModel({
      task: "regression",
      features: [AMOUNT],
      ensemble: { numTargets: 1, baseValues: [10], trees: [stump] },
    });
    const result = await run(model, { amount: column([0.5, 0.50001, NaN, -3]) });
    expect(Array.from(result.value.data as Float32Array)).toEqual([9, 12, 9, 9]);
  });

  it("exports trees that never split (a single leaf)", async () => {
    const X = Float32Array.of(0, 1, 2, 3, 4, 5);
    const model = trainGbdt({
      task: "binary",
      X,
      y: [0, 1, 0, 1, 0, 1],
      featureNames: ["amount"],
      seed: 1,
      params: { numRounds: 3, minSplitGain: 1e9 },
    });
    expect(model.trees.every((t) => t.feature.length === 1)).toBe(true);
    const result = await run(exportGbdtToOnnx({ model, features: [AMOUNT] }), { amount: column([0, NaN]) });
    const expected = model.predict(Float32Array.of(0, NaN));
    const actual = result.probabilities.data as Float32Array;
    expected.forEach((v, i) => {
      expect(actual[i]).toBeCloseTo(v, 6);
    });
  });

  it.each([
    [
      "a tree reading a column the features do not provide",
      { task: "regression" as const, trees: [{ ...stump, feature: [1, -1, -1] }], numTargets: 1 },
      /read column 1 but the features provide only 1/,
    ],
    [
      "multiclass with a single output",
      { task: "multiclass" as const, trees: [stump], numTargets: 1 },
      /multiclass needs at least 3 outputs/,
    ],
    [
      "a child pointing backwards (a cycle)",
      { task: "regression" as const, trees: [{ ...stump, right: [0, -1, -1] }], numTargets: 1 },
      /node 0 has an invalid child 0/,
    ],
  ])("refuses %s", (_, c, message) => {
    expect(() =>
      buildTreeModel({
        task: c.task,
        features: [AMOUNT],
        ensemble: { numTargets: c.numTargets, baseValues: new Array(c.numTargets).fill(0), trees: c.trees },
      }),
    ).toThrow(message);
  });

  it("refuses to export a model whose columns do not match the features", () => {
    const model = trainGbdt({
      task: "regression",
      X: Float32Array.of(0, 1, 2, 3),
      y: [0, 1, 2, 3],
      featureNames: ["other"],
      seed: 1,
      params: { numRounds: 1, minChildWeight: 0 },
    });
    expect(() => exportGbdtToOnnx({ model, features: [AMOUNT] })).toThrow(
      /trained on columns \[other\] but the features describe \[amount\]/,
    );
  });
});
