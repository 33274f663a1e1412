import { afterAll, describe, expect, it } from "vitest";
import * as ort from "onnxruntime-node";
import { encodeTreeInputs, treeDesignColumns } from "@/lib/training/gbdt/encode-tree-inputs";
import { exportGbdtToOnnx } from "@/lib/training/gbdt/export-onnx";
import type { GbdtModel } from "@/lib/training/gbdt/gbdt-model";
import { trainGbdt } from "@/lib/training/gbdt/train-gbdt";
import type { GbdtParams, GbdtTask } from "@/lib/training/gbdt/types";
import type { FeatureSpec } from "@/lib/onnx/tabular-preprocessing";
import {
  MIXED_FEATURES,
  binaryLabels,
  mixedRows,
  multiclassLabels,
  regressionTargets,
  type MixedRow,
} from "./gbdt-synthetic-data";

const TOLERANCE = 1e-5;
const PARAMS: Partial<GbdtParams> = { numRounds: 40, maxDepth: 5, learningRate: 0.2, subsample: 0.8, colsampleByTree: 0.9 };

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

function feeds(features: readonly FeatureSpec[], rows: readonly MixedRow[]): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const f of features) {
    const column = rows.map((r) => r[f.name]);
    out[f.name] =
      f.type === "categorical"
        ? new ort.Tensor("string", column as string[], [rows.length, 1])
        : new ort.Tensor("float32", Float32Array.from(column as number[]), [rows.length, 1]);
  }
  return out;
}

async function runOnnx(model: GbdtModel, rows: readonly MixedRow[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(exportGbdtToOnnx({ model, features: MIXED_FEATURES }), {
    intraOpNumThreads: 1,
  });
  sessions.push(session);
  const output = model.task === "regression" ? "value" : "probabilities";
  // The serving contract (lib/inference/check-model-signature): one input per feature, typed by
  // kind, and exactly the one output the serving layer reads.
  expect(session.inputNames).toEqual(MIXED_FEATURES.map((f) => f.name));
  expect(session.inputMetadata.map((m) => (m.isTensor ? m.type : "?"))).toEqual(
    MIXED_FEATURES.map((f) => (f.type === "categorical" ? "string" : "float32")),
  );
  expect(session.outputNames).toEqual([output]);
  const result = await session.run(feeds(MIXED_FEATURES, rows));
  expect(result[output].dims).toEqual([rows.length, model.outputWidth]);
  return result[output].data as Float32Array;
}

/** Rows whose numeric values sit exactly on the model's thresholds, where < and <= disagree. */
function rowsOnThresholds(model: GbdtModel, template: readonly MixedRow[]): MixedRow[] {
  const columns = treeDesignColumns(MIXED_FEATURES);
  const out: MixedRow[] = [];
  for (const tree of model.trees.slice(0, 20)) {
    for (let i = 0; i < tree.feature.length; i++) {
      const name = columns[tree.feature[i]];
      if (tree.feature[i] < 0 || name.includes("=") || tree.threshold[i] > 1e30) continue;
      out.push({ ...template[out.length % template.length], [name]: tree.threshold[i] });
    }
  }
  return out;
}

function train(task: GbdtTask, rows: readonly MixedRow[], y: Float32Array, extra: Partial<GbdtParams> = {}): GbdtModel {
  return trainGbdt({
    task,
    numClasses: task === "multiclass" ? 3 : undefined,
    X: encodeTreeInputs(MIXED_FEATURES, rows),
    y,
    featureNames: treeDesignColumns(MIXED_FEATURES),
    params: { ...PARAMS, ...extra },
    seed: 7,
  });
}

async function expectParity(model: GbdtModel, testRows: readonly MixedRow[]): Promise<void> {
  const rows = [
    ...testRows,
    ...rowsOnThresholds(model, testRows),
    { amount: NaN, age: NaN, is_new: NaN, country: "XX", noise: NaN },
  ];
  const expected = model.predict(encodeTreeInputs(MIXED_FEATURES, rows));
  const actual = await runOnnx(model, rows);
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
  expect(maxDiff).toBeLessThanOrEqual(TOLERANCE);
  expect(rows.length).toBeGreaterThan(testRows.length + 10);
}

describe("GBDT ONNX export matches the in-process model (ONNX Runtime, 1 thread)", () => {
  const trainRows = mixedRows(3000, 1);
  const testRows = mixedRows(1000, 2);

  it("binary: probabilities [1 − p, p]", async () => {
    const model = train("binary", trainRows, binaryLabels(trainRows, 3));
    await expectParity(model, testRows);
  });

  it("multiclass: softmax over one tree per class per round", async () => {
    const model = train("multiclass", trainRows, multiclassLabels(trainRows, 3));
    expect(model.trees.length).toBe(3 * 40);
    await expectParity(model, testRows);
  });

  it("regression (squared error): value", async () => {
    const model = train("regression", trainRows, regressionTargets(trainRows, 3));
    await expectParity(model, testRows);
  });

  it("regression (absolute error, leaf-wise growth): value", async () => {
    const model = train("regression", trainRows, regressionTargets(trainRows, 3), {
      regressionLoss: "absolute_error",
      growPolicy: "lossguide",
      maxLeaves: 16,
      maxDepth: 0,
    });
    await expectParity(model, testRows);
  });
});
