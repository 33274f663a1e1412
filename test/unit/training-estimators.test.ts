// The estimator registry: one estimator per model kind, fitted in a fixed order whatever order
// --models names them, and none usable before it is fitted.

import { describe, expect, it } from "vitest";
import { NotFittedError } from "@/lib/training/estimators/estimator";
import { createEstimators, ESTIMATORS } from "@/lib/training/estimators/registry";
import { MODEL_KINDS } from "@/lib/training/train-spec";

describe("estimator registry", () => {
  it("has an estimator of each kind, created in MODEL_KINDS order with the baselines first", () => {
    for (const kind of MODEL_KINDS) expect(ESTIMATORS[kind]().kind).toBe(kind);
    const estimators = createEstimators(["mlp", "gbdt", "majority"]);
    expect(estimators.map((e) => e.kind)).toEqual(["majority", "gbdt", "mlp"]);
    expect(createEstimators([...MODEL_KINDS]).map((e) => e.baseline)).toEqual([true, true, false, false]);
  });

  it("refuses to predict, export or describe before fit", () => {
    for (const estimator of createEstimators([...MODEL_KINDS])) {
      const split = { x: new Float32Array(2), rows: 1, width: 2, y: new Float64Array(1), sourceRows: Int32Array.of(0) };
      expect(() => estimator.predict(split)).toThrow(NotFittedError);
      expect(() => estimator.describe()).toThrow(NotFittedError);
      expect(() => estimator.dispose()).not.toThrow();
    }
  });
});
