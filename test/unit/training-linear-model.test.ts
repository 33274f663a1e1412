import { describe, expect, it } from "vitest";
import reference from "../fixtures/training/linear-reference.json";
import { fitLinearModel } from "@/lib/training/models/linear-model";
import { fitMajorityModel } from "@/lib/training/models/majority-model";
import { denseForward } from "@/lib/training/models/dense-network";

type Case = {
  name: string;
  task: "binary" | "multiclass" | "regression";
  numClasses: number;
  X: number[][];
  y: number[];
  classWeights: number[] | null;
  l2: number;
  weights: number[];
  bias: number[];
};

describe("linear baseline against scikit-learn (test/fixtures/training/linear-reference.json)", () => {
  for (const c of reference.cases as Case[]) {
    it(c.name, () => {
      const width = c.X[0].length;
      const design = { x: Float32Array.from(c.X.flat()), rows: c.X.length, width, y: Float64Array.from(c.y) };
      const model = fitLinearModel(design, {
        task: c.task,
        numClasses: c.numClasses,
        classWeights: c.classWeights ?? undefined,
        l2: c.l2,
      });
      expect(model.converged).toBe(true);
      expect(model.weights.length).toBe(c.weights.length);
      const scale = Math.max(1, ...c.weights.map(Math.abs));
      model.weights.forEach((w, i) => {
        expect(Math.abs(w - c.weights[i]) / scale).toBeLessThan(1e-5);
      });
      model.bias.forEach((b, i) => {
        expect(Math.abs(b - c.bias[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(c.bias[i])));
      });
    });
  }

  it("is deterministic: the same data gives bit-identical coefficients", () => {
    const c = reference.cases[0] as Case;
    const design = { x: Float32Array.from(c.X.flat()), rows: c.X.length, width: c.X[0].length, y: Float64Array.from(c.y) };
    const a = fitLinearModel(design, { task: "binary", numClasses: 2 });
    const b = fitLinearModel(design, { task: "binary", numClasses: 2 });
    expect(Array.from(a.weights)).toEqual(Array.from(b.weights));
  });
});

describe("majority baseline", () => {
  it("predicts the training prior or mean for every row", () => {
    const x = new Float32Array(8).fill(3);
    const binary = fitMajorityModel({ x, rows: 4, width: 2, y: Float64Array.from([0, 1, 1, 1]) }, "binary", 2);
    const p = denseForward([binary], "binary", x, 4);
    expect(p.task === "binary" && Array.from(p.scores).every((s) => Math.abs(s - 0.75) < 1e-12)).toBe(true);
    const multi = fitMajorityModel({ x, rows: 4, width: 2, y: Float64Array.from([0, 1, 2, 2]) }, "multiclass", 3);
    const q = denseForward([multi], "multiclass", x, 4);
    expect(q.task === "multiclass" && Array.from(q.probabilities.subarray(0, 3)).map((v) => Number(v.toFixed(12)))).toEqual([
      0.25, 0.25, 0.5,
    ]);
    const mean = fitMajorityModel({ x, rows: 4, width: 2, y: Float64Array.from([1, 2, 3, 6]) }, "regression", 0);
    const r = denseForward([mean], "regression", x, 4);
    expect(r.task === "regression" && Array.from(r.values)).toEqual([3, 3, 3, 3]);
  });
});
